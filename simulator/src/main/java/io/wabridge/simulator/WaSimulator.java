package io.wabridge.simulator;

import io.wabridge.client.stanza.ExecutorScheduler;
import io.wabridge.simulator.server.PingHandler;
import io.wabridge.simulator.server.ServerSession;
import io.wabridge.simulator.server.StanzaServer;
import io.wabridge.simulator.transport.NoiseSimulatorListener;
import io.wabridge.simulator.transport.SimulatorListenerConfig;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The offline WhatsApp server: a Noise WebSocket listener with its own certificate authority, serving each
 * connection in the dictionary version its client declared. In-process for tests ({@link #start}) and
 * standalone through {@code ./wabridge simulator}.
 */
public final class WaSimulator implements AutoCloseable {
    private final ExecutorScheduler scheduler = new ExecutorScheduler(1);
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    private final StanzaServer server;
    private final NoiseSimulatorListener listener;

    private WaSimulator(SimulatorListenerConfig config, Consumer<ServerSession> extraHandlers) throws Exception {
        this.server = new StanzaServer(scheduler, pool, session -> {
            PingHandler.install(session);
            extraHandlers.accept(session);
        });
        this.listener = NoiseSimulatorListener.start(config, server);
    }

    /** Starts on a random loopback port. */
    public static WaSimulator start() throws Exception {
        return start(SimulatorListenerConfig.defaults());
    }

    public static WaSimulator start(SimulatorListenerConfig config) throws Exception {
        return new WaSimulator(config, session -> { });
    }

    /** Starts with extra stanza handlers installed on every connection (tests of server behaviour). */
    public static WaSimulator start(SimulatorListenerConfig config, Consumer<ServerSession> extraHandlers) throws Exception {
        return new WaSimulator(config, extraHandlers);
    }

    /** The WebSocket URL clients connect to, e.g. {@code ws://127.0.0.1:PORT/ws/chat}. */
    public URI url() {
        return listener.url();
    }

    /** Hex public key of this simulator's Noise certificate root; clients must be told to trust it. */
    public String noiseRootKeyHex() {
        return listener.rootPublicKeyHex();
    }

    public StanzaServer server() {
        return server;
    }

    public NoiseSimulatorListener listener() {
        return listener;
    }

    @Override
    public void close() {
        listener.close();
        scheduler.close();
        pool.shutdownNow();
    }
}

package io.wabridge.simulator;

import io.wabridge.client.stanza.ExecutorScheduler;
import io.wabridge.simulator.account.AccountRegistry;
import io.wabridge.simulator.login.ConnectionAuthenticator;
import io.wabridge.simulator.server.PingHandler;
import io.wabridge.simulator.server.ServerSession;
import io.wabridge.simulator.server.StanzaServer;
import io.wabridge.simulator.server.UnhandledStanzaResponder;
import io.wabridge.simulator.transport.NoiseSimulatorListener;
import io.wabridge.simulator.transport.SimulatorListenerConfig;
import java.net.URI;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The offline WhatsApp server: a Noise WebSocket listener with its own certificate authority, serving each
 * connection in the dictionary version its client declared, with phone {@link #accounts() accounts} whose
 * simulated phones link companions. Every connection is authenticated from its ClientPayload (registration or
 * login) before its stanzas are routed; a request iq nobody handles is answered 501. In-process for tests
 * ({@link #start}) and standalone through {@code ./wabridge simulator}.
 */
public final class WaSimulator implements AutoCloseable {
    private final ExecutorScheduler scheduler = new ExecutorScheduler(1);
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    private final AccountRegistry accounts;
    private final StanzaServer server;
    private final NoiseSimulatorListener listener;

    private WaSimulator(SimulatorListenerConfig config, Clock clock, Consumer<ServerSession> extraHandlers)
            throws Exception {
        this.accounts = new AccountRegistry(clock);
        this.server = new StanzaServer(scheduler, pool, session -> {
            PingHandler.install(session);
            UnhandledStanzaResponder.install(session);
            extraHandlers.accept(session);
            ConnectionAuthenticator.authenticate(session, accounts);
        });
        this.listener = NoiseSimulatorListener.start(config, server);
    }

    /** Starts on a random loopback port. */
    public static WaSimulator start() throws Exception {
        return start(SimulatorListenerConfig.defaults());
    }

    public static WaSimulator start(SimulatorListenerConfig config) throws Exception {
        return new WaSimulator(config, Clock.systemUTC(), session -> { });
    }

    /** Starts with extra stanza handlers installed on every connection (tests of server behaviour). */
    public static WaSimulator start(SimulatorListenerConfig config, Consumer<ServerSession> extraHandlers) throws Exception {
        return new WaSimulator(config, Clock.systemUTC(), extraHandlers);
    }

    /** Starts with a given clock (pairing ref expiry, timestamps), for tests that move time. */
    public static WaSimulator start(SimulatorListenerConfig config, Clock clock) throws Exception {
        return new WaSimulator(config, clock, session -> { });
    }

    /** The phone accounts this server knows. */
    public AccountRegistry accounts() {
        return accounts;
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

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
import java.time.Duration;
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
    /**
     * How long the server takes to authenticate a connection before its first stanza ({@code <success>} or
     * {@code <pair-device>}), like WhatsApp over a real network. Without it a loopback server answers within
     * microseconds, and Baileys 6, which switches to transport keys asynchronously after sending its
     * ClientFinish, drops a frame that arrives first.
     */
    public static final Duration DEFAULT_AUTHENTICATION_DELAY = Duration.ofMillis(50);

    private final ExecutorScheduler scheduler = new ExecutorScheduler(1);
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    private final AccountRegistry accounts;
    private final io.wabridge.simulator.media.SimulatedMedia media;
    private final io.wabridge.simulator.history.SimulatedHistory history;
    private final StanzaServer server;
    private final NoiseSimulatorListener listener;

    private WaSimulator(Builder options) throws Exception {
        this.accounts = new AccountRegistry(options.clock);
        this.media = new io.wabridge.simulator.media.SimulatedMedia(options.clock);
        accounts.messaging().router().onMediaRetry(media::onRetryRequest);
        this.history = new io.wabridge.simulator.history.SimulatedHistory(accounts, media);
        accounts.appState().blobs(media::uploadBlob);
        accounts.profiles().publisher(() -> media.server().host(), media::publishPlain);
        io.wabridge.simulator.media.SimulatedMedia mediaHandlers = media;
        Duration delay = options.authenticationDelay;
        Consumer<ServerSession> extraHandlers = options.extraHandlers;
        this.server = new StanzaServer(scheduler, pool, session -> {
            PingHandler.install(session);
            mediaHandlers.install(session);
            UnhandledStanzaResponder.install(session);
            extraHandlers.accept(session);
            if (delay.isZero()) {
                ConnectionAuthenticator.authenticate(session, accounts);
            } else {
                scheduler.schedule(() -> session.executor().execute(() -> {
                    if (!session.isClosed()) {
                        ConnectionAuthenticator.authenticate(session, accounts);
                    }
                }), delay);
            }
        });
        this.listener = NoiseSimulatorListener.start(options.listener, server);
    }

    /** Starts on a random loopback port. */
    public static WaSimulator start() throws Exception {
        return builder().start();
    }

    public static WaSimulator start(SimulatorListenerConfig config) throws Exception {
        return builder().listener(config).start();
    }

    /** Starts with extra stanza handlers installed on every connection (tests of server behaviour). */
    public static WaSimulator start(SimulatorListenerConfig config, Consumer<ServerSession> extraHandlers) throws Exception {
        return builder().listener(config).extraHandlers(extraHandlers).start();
    }

    /** Starts with a given clock (pairing ref expiry, timestamps), for tests that move time. */
    public static WaSimulator start(SimulatorListenerConfig config, Clock clock) throws Exception {
        return builder().listener(config).clock(clock).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Options of a simulator; every one has a default. */
    public static final class Builder {
        private SimulatorListenerConfig listener = SimulatorListenerConfig.defaults();
        private Clock clock = Clock.systemUTC();
        private Consumer<ServerSession> extraHandlers = session -> { };
        private Duration authenticationDelay = DEFAULT_AUTHENTICATION_DELAY;

        private Builder() {}

        public Builder listener(SimulatorListenerConfig config) {
            this.listener = config;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Handlers installed on every connection before it is authenticated. */
        public Builder extraHandlers(Consumer<ServerSession> handlers) {
            this.extraHandlers = handlers;
            return this;
        }

        /** See {@link #DEFAULT_AUTHENTICATION_DELAY}; zero answers at once. */
        public Builder authenticationDelay(Duration delay) {
            if (delay.isNegative()) {
                throw new IllegalArgumentException("negative delay " + delay);
            }
            this.authenticationDelay = delay;
            return this;
        }

        public WaSimulator start() throws Exception {
            return new WaSimulator(this);
        }
    }

    /** The phone accounts this server knows. */
    public AccountRegistry accounts() {
        return accounts;
    }

    /**
     * Media: the HTTPS media server (started on first use; clients trust {@code media().server().certificatePem()}),
     * the phones' uploads and downloads, and their answers to media re-upload requests.
     */
    public io.wabridge.simulator.media.SimulatedMedia media() {
        return media;
    }

    /** History sync: what the phones hand their companions (seeded per account), on-demand answers, damage switches. */
    public io.wabridge.simulator.history.SimulatedHistory history() {
        return history;
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
        media.close();
        accounts.messaging().close();
        scheduler.close();
        pool.shutdownNow();
    }
}

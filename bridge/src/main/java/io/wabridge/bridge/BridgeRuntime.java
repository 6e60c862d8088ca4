package io.wabridge.bridge;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Identifier;
import io.wabridge.bridge.command.CommandDispatcher;
import io.wabridge.bridge.command.CommandLog;
import io.wabridge.bridge.command.CommandMetrics;
import io.wabridge.bridge.command.CommandResults;
import io.wabridge.blobstore.BlobStore;
import io.wabridge.bridge.media.EagerDownloads;
import io.wabridge.bridge.media.InlineMedia;
import io.wabridge.bridge.media.MediaCommands;
import io.wabridge.bridge.media.MediaConfig;
import io.wabridge.bridge.media.MediaMetrics;
import io.wabridge.bridge.media.UrlFetcher;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import io.wabridge.bridge.config.BridgeConfig;
import io.wabridge.bridge.storage.StorageBackend;
import io.wabridge.bridge.storage.StoreEncryption;
import io.wabridge.bridge.contract.DeadLetters;
import io.wabridge.bridge.contract.EventEncoder;
import io.wabridge.bridge.contract.EventFactory;
import io.wabridge.bridge.contract.UlidGenerator;
import io.wabridge.bridge.contract.WireFormat;
import io.wabridge.bridge.kafka.CommandConsumer;
import io.wabridge.bridge.kafka.EventPublisher;
import io.wabridge.bridge.kafka.GroupMembership;
import io.wabridge.bridge.kafka.KafkaClientConfigs;
import io.wabridge.bridge.lease.LeaseKeeper;
import io.wabridge.bridge.lease.LeaseStore;
import io.wabridge.bridge.session.SessionCommands;
import io.wabridge.bridge.session.SessionEvents;
import io.wabridge.bridge.protection.OutboundRateLimiter;
import io.wabridge.bridge.session.SessionManager;
import io.wabridge.bridge.session.SessionMeters;
import io.wabridge.bridge.session.SessionRegistry;
import io.wabridge.bridge.session.SessionStates;
import io.wabridge.client.ClientRuntime;
import io.wabridge.client.WaClientConfig;
import io.wabridge.client.login.PreKeySettings;
import io.wabridge.client.noise.NoiseCertificateVerifier;
import io.wabridge.client.store.AccountStore;
import io.wabridge.client.store.StoreProvider;
import io.wabridge.client.transport.TransportConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Wires the bridge's core loop and runs it from start-up to shutdown: command consumer -> sessions (one client and
 * one lane each) -> event publisher, with the session registry, the command log, the leases and the account stores
 * in MongoDB or PostgreSQL ({@link StorageBackend}).
 *
 * <p>Shutdown (SIGTERM), within {@code quarkus.shutdown.timeout}: stop consuming, finish in-flight commands,
 * commit, disconnect every session (no logout: another worker resumes them), flush and close the producer.
 */
@ApplicationScoped
public class BridgeRuntime {
    private static final Logger LOG = Logger.getLogger(BridgeRuntime.class);

    private final BridgeConfig config;
    private final Duration shutdownTimeout;
    private final ClientRuntime clientRuntime;
    private final EventPublisher publisher;
    private final SessionManager sessions;
    private final CommandConsumer consumer;
    private final LeaseKeeper leases;
    private final CommandLog log;
    private final DeferredStores stores = new DeferredStores();

    @Inject
    public BridgeRuntime(BridgeConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafka,
                         StorageBackend storage, MeterRegistry metrics, MediaConfig media, BlobStore blobStore,
                         UrlFetcher urlFetcher, InlineMedia inlineMedia, io.wabridge.bridge.call.CallConfig calls,
                         @ConfigProperty(name = "quarkus.shutdown.timeout") Optional<Duration> shutdownTimeout) {
        this.config = config;
        this.shutdownTimeout = shutdownTimeout.orElse(Duration.ofSeconds(30));
        String worker = workerId();
        InstantSource clock = InstantSource.system();

        EventFactory events = new EventFactory(new UlidGenerator(), clock);
        this.publisher = new EventPublisher(
                new KafkaProducer<>(KafkaClientConfigs.producer(kafka, "wabridge-events-" + worker)),
                new EventEncoder(config.topics().events(), WireFormat.ofConfig(config.events().format()), worker),
                metrics);

        this.clientRuntime = ClientRuntime.create();
        SessionMeters.registerLeniencies(metrics, clientRuntime.leniencies());
        WaClientConfig clientConfig = WaClientConfig.defaults()
                .withTransport(TransportConfig.defaults().withUrl(config.whatsapp().url()))
                .withVerifier(NoiseCertificateVerifier.trusting(config.whatsapp().noiseRootKey()))
                .withPreKeys(preKeySettings(config.whatsapp().prekeys()))
                .withMedia(io.wabridge.bridge.media.ClientMediaSettings.from(media))
                .withHistory(io.wabridge.client.history.HistorySettings.DEFAULTS.withScope(
                        io.wabridge.client.history.HistorySyncScope.parse(config.whatsapp().historyScope())))
                .withAppState(new io.wabridge.client.appstate.AppStateSettings(config.whatsapp().appState().storeRetry(),
                        config.whatsapp().appState().storeRetryMax()))
                .withMessaging(messagingSettings(config.whatsapp()));
        SessionRegistry registry = storage.registry(clock);
        Map<String, Object> consumerConfig = KafkaClientConfigs.consumer(kafka, config.commands().groupId(),
                "wabridge-commands-" + worker);
        GroupMembership membership = new GroupMembership(Duration.ofMillis(Long.parseLong(String.valueOf(
                consumerConfig.getOrDefault(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "45000")))));
        StoreEncryption encryption = StoreEncryption.from(config.store().encryption()); // fails fast without a key
        LeaseStore leaseStore = storage.leases(clock);
        this.leases = new LeaseKeeper(leaseStore, worker, config.sessions().leaseTtl(),
                config.sessions().leaseRenewInterval(), membership::fresh,
                Counter.builder("wabridge.leases.lost")
                        .description("Session leases this worker lost (taken over, or not renewed in time)")
                        .register(metrics));
        Gauge.builder("wabridge.sessions.owned", leases, LeaseKeeper::count)
                .description("Sessions whose lease this worker holds").register(metrics);
        Counter refused = Counter.builder("wabridge.sessions.refused")
                .description("Sessions not started because the worker runs wabridge.limits.max-sessions already")
                .register(metrics);
        this.sessions = new SessionManager(clientRuntime, clientConfig, stores, registry, new SessionStates(metrics),
                leases, config.sessions().resumeConcurrency(), config.sessions().resumeTimeout(),
                config.sessions().resumesPerSecond(), config.limits().maxSessions(), refused::increment);
        Gauge.builder("wabridge.sessions.running", sessions, SessionManager::running)
                .description("Sessions with a client on this worker (against wabridge.limits.max-sessions)")
                .register(metrics);
        OutboundRateLimiter limiter = new OutboundRateLimiter(config.limits().messagesPerSecond(),
                config.limits().messageBurst(), config.limits().messagesPerDay(), System::nanoTime);
        Map<OutboundRateLimiter.Limit, Counter> limited = new java.util.EnumMap<>(OutboundRateLimiter.Limit.class);
        for (OutboundRateLimiter.Limit l : OutboundRateLimiter.Limit.values()) {
            limited.put(l, Counter.builder("wabridge.commands.rate.limited").tag("limit", l.tag())
                    .description("send_message commands refused with RATE_LIMITED, by the limit that refused them")
                    .register(metrics));
        }
        sweepHourly(limiter);
        SessionEvents sessionEvents = new SessionEvents(events, publisher, registry, worker, new SessionMeters(metrics));
        if (media.download() == MediaConfig.DownloadMode.EAGER) {
            sessionEvents.eagerDownloads(new EagerDownloads(config.topics().commands(), clock));
        }
        sessions.events(sessionEvents);

        this.log = storage.commandLog(clock, config.commands().dedupeRetention());
        SessionCommands sessionCommands = new SessionCommands(sessions, config.sessions().pairingCodeTimeout(),
                config.sessions().openWait(), limiter, l -> limited.get(l).increment());
        sessionCommands.media(new MediaCommands(blobStore, urlFetcher, inlineMedia, uploadRecords(log),
                new MediaMetrics(metrics), media.spoolDirectory().map(Path::of)
                        .orElse(Path.of(System.getProperty("java.io.tmpdir"), "wabridge-media")),
                media.maxConcurrentTransfers()), media.download());
        io.wabridge.bridge.call.CallCommands callCommands = io.wabridge.bridge.call.CallCommands.of(calls);
        sessionCommands.calls(callCommands);
        sessions.onClientCreated(callCommands::applyTo);
        CommandDispatcher dispatcher = new CommandDispatcher(new DeadLetters(config.topics().dlq(), clock), events,
                publisher, sessions, sessionCommands, log, new CommandMetrics(metrics), Duration.ofSeconds(1));
        this.consumer = new CommandConsumer(() -> new KafkaConsumer<>(consumerConfig), config.topics().commands(),
                dispatcher, sessions, config.commands().commitInterval(), config.commands().drainTimeout(),
                config.commands().maxInFlight(), () -> {
                    // PostgreSQL: the schema migration comes first
                    StoreProvider provider = encryption.apply(storage.prepare(), metrics);
                    registry.createIndexes();
                    leaseStore.createIndexes();
                    log.createIndexes();
                    stores.open(provider);
                }, membership);
    }

    /** Called once at start-up by {@link WorkerStartup} when this process is a worker ({@code wabridge.mode}). */
    void start() {
        Thread.ofPlatform().name("wabridge-commands").start(consumer);
        Thread.ofPlatform().daemon().name("wabridge-leases").start(leases);
    }

    /** Only if the worker was started: a views-only process never creates this bean. */
    void onStop(@Observes(notifyObserver = Reception.IF_EXISTS) ShutdownEvent stop) {
        long deadline = System.nanoTime() + shutdownTimeout.toNanos();
        LOG.info("shutting down: finishing commands, committing, disconnecting sessions");
        consumer.stop();
        try {
            if (!consumer.awaitStopped(left(deadline))) {
                LOG.warn("the command consumer did not finish in time");
            }
            sessions.releaseAll().get(left(deadline).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warnf("not every session disconnected in time: %s", e.toString());
        }
        leases.stop();
        log.close();
        publisher.flush();
        publisher.close(left(deadline));
        clientRuntime.close();
        stores.close();
        LOG.info("shut down");
    }

    public SessionManager sessions() {
        return sessions;
    }


    /**
     * A media send's upload kept in the command log under {@code <command_id>#upload} (same retention as results):
     * a redelivered command sends it instead of uploading again.
     */
    private static MediaCommands.UploadRecords uploadRecords(CommandLog log) {
        return new MediaCommands.UploadRecords() {
            @Override
            public CompletableFuture<Optional<io.wabridge.proto.v1.Media>> find(String sessionId, String commandId) {
                return log.lookup(sessionId, commandId + UPLOAD_SUFFIX).thenApply(r -> r
                        .filter(result -> result.hasOk() && result.getOk().hasMedia())
                        .map(result -> result.getOk().getMedia()));
            }

            @Override
            public CompletableFuture<Void> keep(String sessionId, String commandId, io.wabridge.proto.v1.Media m) {
                return log.store(sessionId, commandId + UPLOAD_SUFFIX, "send_message_upload",
                        CommandResults.ok("", m));
            }
        };
    }

    /** Suffix of the command log key under which a media send keeps its upload. */
    static final String UPLOAD_SUFFIX = "#upload";

    /** The client's messaging settings from {@code wabridge.whatsapp.*} (the LID cache's bound; the rest defaults). */
    static io.wabridge.client.MessagingSettings messagingSettings(BridgeConfig.Whatsapp w) {
        return io.wabridge.client.MessagingSettings.DEFAULTS.withLidCacheUsers(w.lidCacheUsers());
    }

    private static PreKeySettings preKeySettings(BridgeConfig.Whatsapp.PreKeys p) {
        PreKeySettings d = PreKeySettings.DEFAULTS;
        return new PreKeySettings(p.minOnServer(), p.uploadBatch(), p.initialUpload(), d.signedPreKeyRotation(),
                d.iqTimeout());
    }

    /** Drops the rate-limit windows of sessions idle for a day, every hour. */
    private void sweepHourly(OutboundRateLimiter limiter) {
        clientRuntime.scheduler().schedule(() -> {
            limiter.sweep();
            sweepHourly(limiter);
        }, Duration.ofHours(1));
    }

    private static Duration left(long deadlineNanos) {
        return Duration.ofNanos(Math.max(deadlineNanos - System.nanoTime(), 1_000_000_000L));
    }

    private static String workerId() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (Exception e) {
                host = "localhost";
            }
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    /** The account stores, opened once the database answered (indexes, migration); sessions start only after. */
    private static final class DeferredStores implements StoreProvider {
        private volatile StoreProvider target;

        void open(StoreProvider provider) {
            target = provider;
        }

        @Override
        public AccountStore open(String sessionId) {
            return opened().open(sessionId);
        }

        @Override
        public AccountStore open(String sessionId, long epoch) {
            return opened().open(sessionId, epoch);
        }

        private StoreProvider opened() {
            StoreProvider t = target;
            if (t == null) {
                throw new IllegalStateException("the session store is not open yet");
            }
            return t;
        }

        @Override
        public long purgeExpiredMessages() {
            StoreProvider t = target;
            return t == null ? 0 : t.purgeExpiredMessages();
        }

        @Override
        public void close() {
            StoreProvider t = target;
            if (t != null) {
                t.close();
            }
        }
    }
}

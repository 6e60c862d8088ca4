package io.wabridge.bridge.failover;

import io.wabridge.bridge.e2e.KafkaTap;
import io.wabridge.client.jid.Jid;
import io.wabridge.embedded.EmbeddedKafka;
import io.wabridge.embedded.EmbeddedMongo;
import io.wabridge.embedded.EmbeddedPostgres;
import io.wabridge.simulator.WaSimulator;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.contact.SimulatedContact;
import io.wabridge.testkit.cluster.TcpProxy;
import io.wabridge.testkit.cluster.WorkerProcess;
import io.wabridge.testkit.cluster.WorkerSession;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What the fault-injection scenarios share: a real Kafka broker (restartable on its ports), the database (the
 * Mongo-wire server, or a real PostgreSQL server with {@link Database#POSTGRES}) behind a {@link TcpProxy} (so it can
 * be made unreachable), the WhatsApp simulator with {@link #SESSIONS} accounts
 * each with a contact, the sessions paired once through the bridge, and the bridge workers as child JVMs.
 */
final class FailoverCluster implements AutoCloseable {
    /** 60 unless {@code -Dfailover.sessions} says otherwise (the full soak runs 200). */
    static final int SESSIONS = Integer.getInteger("failover.sessions", 60);
    static final String COMMANDS = "wabridge.commands";
    static final String EVENTS = "wabridge.events";
    /** The consumer group notices a silent worker after this long (the broker's minimum is lowered to allow it). */
    static final Duration KAFKA_SESSION_TIMEOUT = Duration.ofSeconds(4);
    static final Duration LEASE_TTL = Duration.ofSeconds(10);

    /** One bridge session, the account it is a linked device of, and the contact that talks to that account. */
    record Party(String session, PhoneAccount account, SimulatedContact contact) {
        Jid accountJid() {
            return account.jid();
        }
    }

    private final Path jar;
    private final Path logs;
    final EmbeddedKafka kafka;
    /** Where the workers keep their state ({@code wabridge.store.backend}). */
    enum Database { MONGO, POSTGRES }

    final Database database;
    final EmbeddedMongo mongo;
    final EmbeddedPostgres postgres;
    /** The workers' only path to the database. */
    final TcpProxy databasePath;
    final WaSimulator simulator;
    final List<Party> parties = new ArrayList<>();
    private final List<WorkerProcess> workers = new CopyOnWriteArrayList<>();
    private final KafkaProducer<byte[], byte[]> producer;
    private KafkaTap tap;
    private EventIndex events;
    private int workerSeq;

    FailoverCluster(Path jar, Path logs, Database database) throws Exception {
        this(jar, logs, database, SESSIONS);
    }

    /** A cluster of {@code sessions} sessions (fewer than {@link #SESSIONS} for a scenario about one conversation). */
    FailoverCluster(Path jar, Path logs, Database database, int sessions) throws Exception {
        this.jar = jar;
        this.logs = logs;
        this.database = database;
        kafka = EmbeddedKafka.builder()
                .brokerProperty("group.min.session.timeout.ms", "1000")
                .build().start();
        if (database == Database.POSTGRES) {
            mongo = null;
            postgres = EmbeddedPostgres.temporary().start();
            databasePath = TcpProxy.start("127.0.0.1", postgres.port());
        } else {
            mongo = EmbeddedMongo.inMemory().start();
            postgres = null;
            databasePath = TcpProxy.start("127.0.0.1", mongo.port());
        }
        simulator = WaSimulator.start();
        for (int i = 0; i < sessions; i++) {
            PhoneAccount account = simulator.accounts().create(String.format("1555100%04d", i));
            PhoneAccount peer = simulator.accounts().create(String.format("1555200%04d", i));
            parties.add(new Party(String.format("s%02d", i), account, simulator.accounts().messaging().contact(peer)));
        }
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000));
    }

    /** The bridge's configuration, as environment variables. */
    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        // Quarkus hands every kafka.* key (env KAFKA_X_Y -> kafka.x.y) to the bridge's clients.
        env.put("KAFKA_SESSION_TIMEOUT_MS", Long.toString(KAFKA_SESSION_TIMEOUT.toMillis()));
        env.put("KAFKA_HEARTBEAT_INTERVAL_MS", "1000");
        if (database == Database.POSTGRES) {
            env.put("WABRIDGE_STORE_BACKEND", "postgres");
            env.put("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:" + databasePath.port() + "/"
                    + EmbeddedPostgres.DATABASE);
            env.put("QUARKUS_DATASOURCE_USERNAME", EmbeddedPostgres.USER);
        } else {
            env.put("QUARKUS_MONGODB_CONNECTION_STRING", "mongodb://127.0.0.1:" + databasePath.port() + "/");
        }
        env.put("WABRIDGE_WHATSAPP_URL", simulator.url().toString());
        env.put("WABRIDGE_WHATSAPP_NOISE_ROOT_KEY", simulator.noiseRootKeyHex());
        env.put("WABRIDGE_TOPICS_PARTITIONS", "12");
        env.put("WABRIDGE_COMMANDS_COMMIT_INTERVAL", "200ms");
        env.put("WABRIDGE_COMMANDS_DRAIN_TIMEOUT", "5s");
        // Short leases so a killed worker's sessions move within seconds (TTL > session timeout: see deploy/README).
        env.put("WABRIDGE_SESSIONS_LEASE_TTL", LEASE_TTL.toMillis() + "ms");
        env.put("WABRIDGE_SESSIONS_LEASE_RENEW_INTERVAL", "2s");
        env.put("QUARKUS_SHUTDOWN_TIMEOUT", "20s");
        // The failover suite is about sessions; the views' own hand-over is ViewsClusterIT's (and CPU is short here).
        env.put("WABRIDGE_VIEWS_ENABLED", "false");
        env.put("QUARKUS_LOG_CATEGORY__IO_WABRIDGE__LEVEL", "DEBUG".equals(System.getProperty("failover.log")) ? "DEBUG" : "INFO");
        return env;
    }

    // ---- workers ----

    List<WorkerProcess> workers() {
        return List.copyOf(workers);
    }

    /** Starts {@code n} workers at once and waits until each is ready. */
    List<WorkerProcess> startWorkers(int n) {
        List<WorkerProcess> started = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = "worker-" + (++workerSeq);
            WorkerProcess w = WorkerProcess.start(name, jar, environment(), logs.resolve(name + ".log"));
            workers.add(w);
            started.add(w);
        }
        // Generous: a Quarkus start takes 40-60 s on 2 loaded cores, and over 90 s at a load of 50 (a soak fault
        // failed there waiting for a replacement, not on the bridge).
        started.forEach(w -> w.awaitReady(Duration.ofSeconds(240)));
        return started;
    }

    /** Exactly {@code n} live workers: starts the missing ones, stops (SIGTERM) the extra ones. */
    void ensureWorkers(int n) {
        workers.removeIf(w -> !w.isAlive());
        while (workers.size() > n) {
            WorkerProcess w = workers.remove(workers.size() - 1);
            w.stop(Duration.ofSeconds(30));
        }
        if (workers.size() < n) {
            startWorkers(n - workers.size());
        }
    }

    /** Drops a worker from the cluster's list (after the test killed it). */
    void forget(WorkerProcess w) {
        workers.remove(w);
    }

    // ---- Kafka ----

    EventIndex events() {
        if (tap == null) {
            tap = new KafkaTap(kafka.bootstrapServers(), EVENTS);
            events = new EventIndex(tap);
        }
        return events.refresh();
    }

    /** Produces a JSON command keyed by the session; the future completes when Kafka acknowledged it. */
    CompletableFuture<Void> command(String session, String json) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", "application/json".getBytes(StandardCharsets.US_ASCII));
        Callback callback = (meta, failure) -> {
            if (failure == null) {
                acked.complete(null);
            } else {
                acked.completeExceptionally(failure);
            }
        };
        try {
            producer.send(new ProducerRecord<>(COMMANDS, null, session.getBytes(StandardCharsets.US_ASCII),
                    json.getBytes(StandardCharsets.UTF_8), headers), callback);
        } catch (RuntimeException e) {
            acked.completeExceptionally(e);
        }
        return acked;
    }

    // ---- pairing ----

    /** How long pairing waits for a session's next QR code before it sends the connect command again. */
    private static final Duration ASK_AGAIN = Duration.ofSeconds(45);

    /** Pairs every session through the bridge: connect command, QR event, the phone scans it, session open. */
    void pairAll(Duration timeout) throws Exception {
        for (Party p : parties) {
            command(p.session(), "{\"commandId\":\"pair-" + p.session() + "\",\"connect\":{\"qr\":{}}}")
                    .get(30, TimeUnit.SECONDS);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Party> waiting = new ArrayList<>(parties);
        Map<Party, String> tried = new HashMap<>();
        Map<Party, Long> asked = new HashMap<>();
        parties.forEach(p -> asked.put(p, System.nanoTime()));
        int again = 0;
        for (int round = 1; !waiting.isEmpty(); round++) {
            Map<Party, CompletableFuture<?>> scans = new LinkedHashMap<>();
            while (!waiting.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(waiting.size() + " sessions never showed a (new) QR code, e.g. " + waiting.get(0));
                }
                EventIndex index = events();
                for (var it = waiting.iterator(); it.hasNext(); ) {
                    Party p = it.next();
                    Optional<String> qr = index.qr(p.session());
                    if ((qr.isEmpty() || qr.get().equals(tried.get(p)))
                            && System.nanoTime() - asked.get(p) > ASK_AGAIN.toNanos()) {
                        // No new code for a while: its codes ran out unscanned while the machine crawled, or the
                        // connect was refused by a worker the partition had just left. Ask again, as an operator would.
                        asked.put(p, System.nanoTime());
                        command(p.session(), "{\"commandId\":\"pair-" + p.session() + "-" + (++again)
                                + "\",\"connect\":{\"qr\":{}}}");
                    }
                    if (qr.isPresent() && !qr.get().equals(tried.get(p))) {
                        tried.put(p, qr.get());
                        asked.put(p, System.nanoTime());
                        CompletableFuture<?> scan;
                        try {
                            scan = p.account().phone().scanQr(qr.get());
                        } catch (RuntimeException e) { // the code rotated (or moved) before the phone scanned it
                            scan = CompletableFuture.failedFuture(e);
                        }
                        scans.put(p, scan);
                        it.remove();
                    }
                }
                Thread.sleep(50);
            }
            // A session handed to the other worker while it paired (the group still settling after the start) shows
            // a new QR code there, and on a loaded machine a code may rotate before it is scanned: scan the next one (at
            // most three rounds).
            for (Map.Entry<Party, CompletableFuture<?>> scan : scans.entrySet()) {
                try {
                    scan.getValue().get(60, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    if (round >= 3) {
                        throw e;
                    }
                    waiting.add(scan.getKey());
                }
            }
        }
        try {
            await("every session open on one worker", timeout, () -> ownership().allOpenOnce(parties.size()));
        } catch (AssertionError e) {
            Ownership now = ownership();
            List<String> notOpen = parties.stream().map(Party::session)
                    .filter(id -> now.owners().getOrDefault(id, List.of()).size() != 1 || !"open".equals(now.states().get(id)))
                    .limit(20).toList();
            throw new AssertionError(e.getMessage() + " (" + now + "; not open once, first 20: " + notOpen + ")", e);
        }
    }

    // ---- ownership ----

    /** Who runs which session now, from every answering worker's {@code GET /sessions}. */
    Ownership ownership() {
        Map<String, List<String>> owners = new HashMap<>();
        Map<String, String> states = new HashMap<>();
        for (WorkerProcess w : workers) {
            Optional<List<WorkerSession>> listed = w.trySessions();
            if (listed.isEmpty()) {
                continue;
            }
            for (WorkerSession s : listed.get()) {
                owners.computeIfAbsent(s.id(), id -> new ArrayList<>()).add(w.name());
                states.put(s.id(), s.state());
            }
        }
        return new Ownership(owners, states);
    }

    /** Sessions by owner and state, as the workers list them. */
    record Ownership(Map<String, List<String>> owners, Map<String, String> states) {
        boolean allOpenOnce() {
            return allOpenOnce(SESSIONS);
        }

        /** Whether each of {@code sessions} sessions is open on exactly one worker. */
        boolean allOpenOnce(int sessions) {
            if (owners.size() != sessions) {
                return false;
            }
            for (var e : owners.entrySet()) {
                if (e.getValue().size() != 1 || !"open".equals(states.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }

        long open() {
            return states.values().stream().filter("open"::equals).count();
        }

        List<String> sessionsOf(String worker) {
            return owners.entrySet().stream().filter(e -> e.getValue().contains(worker)).map(Map.Entry::getKey).toList();
        }

        @Override
        public String toString() {
            Map<String, Long> byState = new HashMap<>();
            states.values().forEach(s -> byState.merge(s, 1L, Long::sum));
            long doubled = owners.values().stream().filter(l -> l.size() > 1).count();
            return owners.size() + " listed, states " + byState + ", on two workers: " + doubled;
        }
    }

    /** WhatsApp's view: accounts whose bridge device has exactly one live connection. */
    int accountsConnectedOnce() {
        int n = 0;
        for (Party p : parties) {
            if (p.account().connectedDevices().size() == 1) {
                n++;
            }
        }
        return n;
    }

    /** Logins that took over a still-open connection of a bridge device ({@code conflict replaced}), so far. */
    int replacedLogins() {
        return parties.stream().mapToInt(p -> p.account().replacedLogins()).sum();
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what);
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void close() throws Exception {
        for (WorkerProcess w : workers) {
            w.stop(Duration.ofSeconds(20));
        }
        producer.close(Duration.ofSeconds(5));
        if (tap != null) {
            tap.close();
        }
        simulator.close();
        databasePath.close();
        if (mongo != null) {
            mongo.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        kafka.close();
    }
}

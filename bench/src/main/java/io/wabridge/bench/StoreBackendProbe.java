package io.wabridge.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.wabridge.client.store.AccountStore;
import io.wabridge.client.store.Credentials;
import io.wabridge.client.store.CredentialsStore;
import io.wabridge.client.store.KeyPair;
import io.wabridge.client.store.SignalAddress;
import io.wabridge.client.store.SignedPreKey;
import io.wabridge.client.store.StoreProvider;
import io.wabridge.client.store.StoreSettings;
import io.wabridge.embedded.EmbeddedMongo;
import io.wabridge.embedded.EmbeddedPostgres;
import io.wabridge.store.mongo.MongoStoreOptions;
import io.wabridge.store.mongo.MongoStoreProvider;
import io.wabridge.store.postgres.PostgresStoreOptions;
import io.wabridge.store.postgres.PostgresStoreProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The store's cost per inbound message and a session resume, MongoDB (the in-JVM Mongo-wire server, as the demo and
 * tests run it; a real mongod is not measured here) against PostgreSQL (a real local server, {@link EmbeddedPostgres}),
 * in one run, through the store SPI.
 *
 * <p><b>Write-behind flush per inbound message</b>: what {@code SignalStores.flush()} writes after the inbound pipeline
 * decrypted a batch of B messages, each from another known peer of the session, in the client's order: the B peer
 * identities ({@code identities().saveAll}, unchanged, so one read), the B session records ({@code signalSessions()
 * .storeAll}, 1.5 KB each), then the one-time prekeys the batch consumed ({@code preKeys().removeAll}, one per ten
 * messages, as if every tenth came from a new contact). Fenced (epoch 1) as the bridge writes; one flush at a time
 * (one session executor's view), sessions taken round-robin from 50; reported as µs per message (the flush divided
 * by B) and the flush's p50/p99. B = 1 is a message alone; larger B is a burst the pipeline flushes once.
 *
 * <p><b>Resume</b>: what a worker reads for each of N sessions before it logs in (open at its lease epoch,
 * credentials, one-time prekey count, signed prekeys), all N one after the other and with 32 at once
 * ({@code wabridge.sessions.resume-concurrency}); and a resume after a take-over, which first claims the session's
 * rows for the new epoch ({@code AccountStore.claim()}, one fenced update per table).
 *
 * <p>{@code java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar io.wabridge.bench.StoreBackendProbe
 * [messages] [sessions] [batch sizes] [backends] [prekeys]} (default 1000, 500, 1,10,50, mongo,postgres, 50): about
 * half a minute on a quiet machine. The in-JVM Mongo-wire server counts a session's prekeys by scanning every
 * stored prekey (a real mongod uses the index), so its resume grows with sessions x prekeys. Upper bounds on a
 * shared machine: note the load average.
 */
public final class StoreBackendProbe {

    private static final int CONCURRENCY = 32;
    private static final int ACTIVE = 50;
    /** One-time prekeys per session unless given: the client's top-up batch (a new device uploads 812). */
    private static final int DEFAULT_PREKEYS = 50;
    private static int preKeys = DEFAULT_PREKEYS;

    public static void main(String[] args) throws Exception {
        long begin = System.nanoTime();
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int sessions = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int[] batches = java.util.Arrays.stream((args.length > 2 ? args[2] : "1,10,50").split(","))
                .mapToInt(Integer::parseInt).toArray();
        List<String> backends = List.of((args.length > 3 ? args[3] : "mongo,postgres").split(","));
        preKeys = args.length > 4 ? Integer.parseInt(args[4]) : DEFAULT_PREKEYS;
        System.out.printf("StoreBackendProbe: %d messages per batch size %s, %d sessions with %d one-time prekeys each;"
                + " load average %s%n", messages, java.util.Arrays.toString(batches), sessions, preKeys,
                ProbeSupport.loadAverage());
        if (backends.contains("mongo")) {
            mongo(messages, sessions, batches);
        }
        if (backends.contains("postgres")) {
            postgres(messages, sessions, batches);
        }
        System.out.printf("load average at the end %s; the run took %.0f s%n", ProbeSupport.loadAverage(),
                (System.nanoTime() - begin) / 1e9);
    }

    private static void mongo(int messages, int sessions, int[] batches) throws Exception {
        try (EmbeddedMongo mongo = EmbeddedMongo.inMemory().start();
             MongoClient client = MongoClients.create(mongo.connectionString());
             MongoStoreProvider mongoStore = new MongoStoreProvider(client.getDatabase("probe"),
                     new MongoStoreOptions("wa_", StoreSettings.defaults()))) {
            run("mongo-wire", mongoStore, messages, sessions, batches);
        }
    }

    private static void postgres(int messages, int sessions, int[] batches) throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.temporary().start();
             PostgresStoreProvider pgStore = PostgresStoreProvider.connect(
                     PostgresStoreOptions.of(pg.jdbcUrl(), EmbeddedPostgres.USER, "").withTimeout(Duration.ofSeconds(30)))) {
            run("postgresql", pgStore, messages, sessions, batches);
        }
    }

    private static void run(String name, StoreProvider provider, int messages, int sessions, int[] batches)
            throws Exception {
        Random random = new Random(42);
        byte[] record = new byte[1_500];
        random.nextBytes(record);
        byte[] identity = new byte[33];
        random.nextBytes(identity);
        int peers = Math.max(5, java.util.Arrays.stream(batches).max().orElse(1));
        List<String> ids = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < sessions; i++) {
            String id = "probe-" + i;
            ids.add(id);
            AccountStore s = provider.open(id, 1);
            s.credentials().save(credentials(random), CredentialsStore.ABSENT);
            Map<Integer, byte[]> prekeys = new HashMap<>();
            for (int k = 1; k <= preKeys; k++) {
                prekeys.put(k, new byte[120]);
            }
            s.preKeys().storeAll(prekeys);
            s.signedPreKeys().store(1, new byte[150]);
            Map<SignalAddress, byte[]> records = new HashMap<>();
            Map<SignalAddress, byte[]> identities = new HashMap<>();
            for (int p = 0; p < (i < ACTIVE ? peers : 5); p++) {
                records.put(peer(p), record);
                identities.put(peer(p), identity);
            }
            s.signalSessions().storeAll(records);
            s.identities().saveAll(identities);
        }
        System.out.printf("[%s] filled %d sessions in %.1f s%n", name, sessions, (System.nanoTime() - t0) / 1e9);

        int active = Math.min(ACTIVE, sessions);
        List<AccountStore> views = new ArrayList<>();
        for (int i = 0; i < active; i++) {
            views.add(provider.open(ids.get(i), 1));
        }
        int[] nextPreKey = new int[active];
        java.util.Arrays.fill(nextPreKey, 1);
        int[] received = new int[active];
        for (int batch : batches) {
            int flushCount = Math.max(1, messages / batch);
            for (int warm = 0; warm < Math.min(200, flushCount); warm++) {
                flush(views.get(warm % active), batch, record, identity, nextPreKey, received, warm % active);
            }
            List<Long> flushes = new ArrayList<>(flushCount);
            long start = System.nanoTime();
            for (int f = 0; f < flushCount; f++) {
                int v = f % active;
                long f0 = System.nanoTime();
                flush(views.get(v), batch, record, identity, nextPreKey, received, v);
                flushes.add(System.nanoTime() - f0);
            }
            long total = System.nanoTime() - start;
            System.out.printf("[%s] flush of %d message(s): %.0f us per message; flush p50 %.0f us, p99 %.0f us (%d flushes)%n",
                    name, batch, total / 1e3 / ((long) flushCount * batch), ProbeSupport.percentileMillis(flushes, 50) * 1e3,
                    ProbeSupport.percentileMillis(flushes, 99) * 1e3, flushCount);
            readAhead(name, views, batch, Math.min(200, flushCount));
        }

        long r0 = System.nanoTime();
        for (String id : ids) {
            resume(provider, id, 2, false);
        }
        double sequential = (System.nanoTime() - r0) / 1e6;
        double concurrent = timed(ids, id -> resume(provider, id, 3, false));
        System.out.printf("[%s] resume %d sessions from the store: %.0f ms one after the other (%.2f ms each), "
                + "%.0f ms with %d at once%n", name, sessions, sequential, sequential / sessions, concurrent, CONCURRENCY);
        double takeover = timed(ids, id -> resume(provider, id, 4, true));
        System.out.printf("[%s] resume %d sessions after a take-over (claim first): %.0f ms with %d at once%n", name,
                sessions, takeover, CONCURRENCY);
        for (String id : ids) {
            provider.open(id, Long.MAX_VALUE).wipe();
        }
    }

    /**
     * The next batch's read-ahead of {@code batch} peers whose sessions this view just flushed: what it cost before
     * (one batched {@code loadAll} of their records) and what the executor asks now instead ({@code contains} of each,
     * answered from the store's known addresses).
     */
    private static void readAhead(String name, List<AccountStore> views, int batch, int rounds) {
        List<SignalAddress> peers = new ArrayList<>();
        for (int m = 0; m < batch; m++) {
            peers.add(peer(m % Math.max(5, batch)));
        }
        long l0 = System.nanoTime();
        for (int r = 0; r < rounds; r++) {
            views.get(r % views.size()).signalSessions().loadAll(peers);
        }
        double loadAll = (System.nanoTime() - l0) / 1e3 / rounds;
        long c0 = System.nanoTime();
        int known = 0;
        for (int r = 0; r < rounds; r++) {
            AccountStore v = views.get(r % views.size());
            for (SignalAddress peer : peers) {
                known += v.signalSessions().contains(peer) ? 1 : 0;
            }
        }
        double contains = (System.nanoTime() - c0) / 1e3 / rounds;
        System.out.printf("[%s] next batch of %d from peers just flushed: read-ahead loadAll %.0f us per batch (before), "
                + "contains() %.1f us per batch (now; %d of %d known)%n", name, batch, loadAll, contains, known,
                rounds * peers.size());
    }

    /** Milliseconds to run {@code work} for every id, {@value #CONCURRENCY} at once. */
    private static double timed(List<String> ids, java.util.function.Consumer<String> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
        try {
            long c0 = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (String id : ids) {
                done.add(pool.submit(() -> work.accept(id)));
            }
            for (Future<?> f : done) {
                f.get();
            }
            return (System.nanoTime() - c0) / 1e6;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The SPI calls of {@code SignalStores.flush()} after {@code batch} messages from as many peers, in its order. */
    private static void flush(AccountStore s, int batch, byte[] record, byte[] identity, int[] nextPreKey, int[] received,
                              int v) {
        Map<SignalAddress, byte[]> identities = new HashMap<>(batch * 2);
        Map<SignalAddress, byte[]> records = new HashMap<>(batch * 2);
        List<Integer> consumed = new ArrayList<>();
        for (int m = 0; m < batch; m++) {
            SignalAddress peer = peer((received[v] + m) % Math.max(5, batch));
            identities.put(peer, identity);
            records.put(peer, record);
            if ((received[v] + m) % 10 == 0 && nextPreKey[v] <= preKeys) {
                consumed.add(nextPreKey[v]++);
            }
        }
        received[v] += batch;
        s.identities().saveAll(identities);
        s.signalSessions().storeAll(records);
        if (!consumed.isEmpty()) {
            s.preKeys().removeAll(consumed);
        }
    }

    private static SignalAddress peer(int p) {
        return new SignalAddress("1555" + p, 0);
    }

    private static void resume(StoreProvider provider, String id, long epoch, boolean claim) {
        AccountStore s = provider.open(id, epoch);
        if (claim) {
            s.claim();
        }
        if (s.credentials().load().isEmpty()) {
            throw new IllegalStateException("no credentials for " + id);
        }
        s.preKeys().count();
        s.signedPreKeys().loadAll();
    }

    private static Credentials credentials(Random random) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        KeyPair pair = new KeyPair(key, key);
        return Credentials.builder().noiseKey(pair).identityKey(pair).registrationId(1)
                .signedPreKey(new SignedPreKey(1, pair, new byte[64])).advSecret(key).build();
    }
}

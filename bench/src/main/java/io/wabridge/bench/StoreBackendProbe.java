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
 * tests run it) against PostgreSQL (a real local server, {@link EmbeddedPostgres}), in one run.
 *
 * <p><b>Flush per inbound message</b>: what {@code SignalStores.flush()} writes after one message from a known peer,
 * through the store SPI: the peer identity ({@code saveAll}, unchanged, so one read), the session record
 * ({@code storeAll}, 1.5 KB), and every tenth message a consumed one-time prekey ({@code removeAll}); fenced (epoch 1)
 * as the bridge writes; sessions taken round-robin, one flush at a time (one session executor's view).
 *
 * <p><b>Resume</b>: what a worker reads for each of N sessions before it logs in (open at its lease epoch,
 * credentials, one-time prekey count, signed prekeys), all N one after the other and with 32 at once
 * ({@code wabridge.sessions.resume-concurrency}).
 *
 * <p>{@code java -cp bench/target/benchmarks.jar io.wabridge.bench.StoreBackendProbe [messages] [sessions]}
 * (default 5000, 500). Upper bounds on a shared machine: note the load average.
 */
public final class StoreBackendProbe {

    private static final int CONCURRENCY = 32;

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        int sessions = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        System.out.printf("StoreBackendProbe: %d messages, %d sessions; load average %.2f%n", messages, sessions,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        try (EmbeddedMongo mongo = EmbeddedMongo.inMemory().start();
             MongoClient client = MongoClients.create(mongo.connectionString());
             MongoStoreProvider mongoStore = new MongoStoreProvider(client.getDatabase("probe"),
                     new MongoStoreOptions("wa_", StoreSettings.defaults()))) {
            run("mongo-wire", mongoStore, messages, sessions);
        }
        try (EmbeddedPostgres pg = EmbeddedPostgres.temporary().start();
             PostgresStoreProvider pgStore = PostgresStoreProvider.connect(
                     PostgresStoreOptions.of(pg.jdbcUrl(), EmbeddedPostgres.USER, "").withTimeout(Duration.ofSeconds(30)))) {
            run("postgresql", pgStore, messages, sessions);
        }
        System.out.printf("load average at the end %.2f%n",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static void run(String name, StoreProvider provider, int messages, int sessions) throws Exception {
        Random random = new Random(42);
        byte[] record = new byte[1_500];
        random.nextBytes(record);
        byte[] identity = new byte[33];
        random.nextBytes(identity);
        List<String> ids = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < sessions; i++) {
            String id = "probe-" + i;
            ids.add(id);
            AccountStore s = provider.open(id, 1);
            s.credentials().save(credentials(random), CredentialsStore.ABSENT);
            Map<Integer, byte[]> prekeys = new HashMap<>();
            for (int k = 1; k <= 100; k++) {
                prekeys.put(k, new byte[120]);
            }
            s.preKeys().storeAll(prekeys);
            s.signedPreKeys().store(1, new byte[150]);
            Map<SignalAddress, byte[]> peers = new HashMap<>();
            Map<SignalAddress, byte[]> identities = new HashMap<>();
            for (int p = 0; p < 5; p++) {
                peers.put(new SignalAddress("1555" + p, 0), record);
                identities.put(new SignalAddress("1555" + p, 0), identity);
            }
            s.signalSessions().storeAll(peers);
            s.identities().saveAll(identities);
        }
        System.out.printf("[%s] filled %d sessions in %.1f s%n", name, sessions, (System.nanoTime() - t0) / 1e9);

        int active = Math.min(50, sessions);
        List<AccountStore> views = new ArrayList<>();
        for (int i = 0; i < active; i++) {
            views.add(provider.open(ids.get(i), 1));
        }
        int[] nextPreKey = new int[active];
        java.util.Arrays.fill(nextPreKey, 1);
        List<Long> flushes = new ArrayList<>(messages);
        for (int warm = 0; warm < Math.min(500, messages); warm++) {
            flush(views.get(warm % active), warm, record, identity, nextPreKey, warm % active);
        }
        long start = System.nanoTime();
        for (int m = 0; m < messages; m++) {
            int v = m % active;
            long f0 = System.nanoTime();
            flush(views.get(v), m, record, identity, nextPreKey, v);
            flushes.add(System.nanoTime() - f0);
        }
        long total = System.nanoTime() - start;
        System.out.printf("[%s] flush per inbound message: %.0f us mean, p50 %.0f us, p99 %.0f us (%d messages)%n", name,
                total / 1e3 / messages, ProbeSupport.percentileMillis(flushes, 50) * 1e3,
                ProbeSupport.percentileMillis(flushes, 99) * 1e3, messages);

        long r0 = System.nanoTime();
        for (String id : ids) {
            resume(provider, id);
        }
        double sequential = (System.nanoTime() - r0) / 1e6;
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
        try {
            long c0 = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (String id : ids) {
                done.add(pool.submit(() -> resume(provider, id)));
            }
            for (Future<?> f : done) {
                f.get();
            }
            double concurrent = (System.nanoTime() - c0) / 1e6;
            System.out.printf("[%s] resume %d sessions from the store: %.0f ms one after the other (%.2f ms each), "
                    + "%.0f ms with %d at once%n", name, sessions, sequential, sequential / sessions, concurrent, CONCURRENCY);
        } finally {
            pool.shutdownNow();
        }
        for (String id : ids) {
            provider.open(id, Long.MAX_VALUE).wipe();
        }
    }

    private static void flush(AccountStore s, int m, byte[] record, byte[] identity, int[] nextPreKey, int v) {
        SignalAddress peer = new SignalAddress("1555" + (m % 5), 0);
        s.identities().saveAll(Map.of(peer, identity));
        s.signalSessions().storeAll(Map.of(peer, record));
        if (m % 10 == 0 && nextPreKey[v] <= 100) {
            s.preKeys().removeAll(List.of(nextPreKey[v]++));
        }
    }

    private static void resume(StoreProvider provider, String id) {
        AccountStore s = provider.open(id, 2);
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

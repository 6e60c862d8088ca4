package io.wabridge.store.postgres;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.store.AccountStore;
import io.wabridge.client.store.MessageKey;
import io.wabridge.client.store.MutableClock;
import io.wabridge.client.store.SignalAddress;
import io.wabridge.client.store.StoreException;
import io.wabridge.client.store.StoreFencedException;
import io.wabridge.client.store.StoreSettings;
import io.wabridge.embedded.EmbeddedPostgres;
import io.wabridge.testkit.PostgresBackend;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What is specific to the PostgreSQL implementation: layout, migration, fencing on the rows, a database that goes away. */
class PostgresStoreProviderTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2100-01-01T00:00:00Z"));
    private PostgresTestSchema schema;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void createSchema() {
        schema = new PostgresTestSchema(PostgresBackend.LOCAL_POSTGRES, "store_provider");
    }

    @AfterEach
    void dropSchema() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
        schema.close();
    }

    private PostgresStoreProvider provider() {
        PostgresStoreProvider provider = PostgresStoreProvider.connect(
                schema.options().withSettings(new StoreSettings(clock, Duration.ofMinutes(5))));
        closing.add(provider);
        return provider;
    }

    @Test
    void theMigrationIsVersionedAndRunsOnce() throws SQLException {
        provider();
        provider(); // a second start-up (another worker) finds the schema current
        try (Connection c = schema.jdbc(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT version, success FROM \"" + schema.options().schema() + "\"."
                     + PostgresStoreProvider.HISTORY_TABLE + " WHERE version IS NOT NULL ORDER BY installed_rank")) {
            List<String> versions = new ArrayList<>();
            while (rs.next()) {
                assertTrue(rs.getBoolean(2));
                versions.add(rs.getString(1));
            }
            assertEquals(List.of("1", "2", "3.1", "3.13", "3.14", "3.15"), versions);
        }
        assertEquals("3.15", PostgresStoreProvider.migrate(schema.options()));
    }

    @Test
    void everyTableHasAPrimaryKeyLedBySessionIdAndAnEpoch() throws SQLException {
        provider();
        Set<String> tables = new TreeSet<>();
        try (Connection c = schema.jdbc(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("""
                     SELECT tc.table_name, kcu.column_name, kcu.ordinal_position
                     FROM information_schema.table_constraints tc
                     JOIN information_schema.key_column_usage kcu
                       ON tc.constraint_name = kcu.constraint_name AND tc.table_schema = kcu.table_schema
                     WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = '%s' AND kcu.ordinal_position = 1
                       AND tc.table_name NOT IN ('%s', 'bridge_sessions', 'leases', 'command_results')"""
                     .formatted(schema.options().schema(), PostgresStoreProvider.HISTORY_TABLE))) {
            while (rs.next()) {
                assertEquals("session_id", rs.getString(2), rs.getString(1));
                tables.add(rs.getString(1));
            }
        }
        Set<String> expected = new TreeSet<>(PgAccountStore.SESSION_TABLES);
        expected.add("credentials");
        assertEquals(expected, tables);
        try (Connection c = schema.jdbc(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM information_schema.columns WHERE table_schema = '"
                     + schema.options().schema() + "' AND column_name = 'epoch' AND table_name NOT IN ('bridge_sessions', 'leases')")) {
            rs.next();
            assertEquals(expected.size(), rs.getInt(1), "every table carries the writer's epoch");
        }
    }

    @Test
    void aFencedWriteStampsItsEpochAndAnUnfencedOneWritesZero() throws SQLException {
        PostgresStoreProvider provider = provider();
        SignalAddress alice = new SignalAddress("alice", 1);
        provider.open("s", 3).signalSessions().store(alice, new byte[] {1});
        provider.open("t").signalSessions().store(alice, new byte[] {2});
        assertEquals(Map.of("s", 3L, "t", 0L), epochs("signal_sessions"));
    }

    @Test
    void aBatchIsOneTransactionAndAFencedBatchWritesNothing() throws SQLException {
        PostgresStoreProvider provider = provider();
        AccountStore owner = provider.open("s", 2);
        AccountStore old = provider.open("s", 1);
        SignalAddress taken = new SignalAddress("taken", 0);
        owner.signalSessions().store(taken, new byte[] {2});
        Map<SignalAddress, byte[]> batch = new HashMap<>();
        for (int i = 0; i < 1_200; i++) { // more than one statement's worth of rows (Upsert.CHUNK)
            batch.put(new SignalAddress("peer" + i, 0), new byte[] {1});
        }
        batch.put(taken, new byte[] {1});
        List<StoreFencedException> told = new ArrayList<>();
        old.onFenced(told::add);
        assertThrows(StoreFencedException.class, () -> old.signalSessions().storeAll(batch));
        assertEquals(1, told.size());
        assertEquals(Map.of("s", 2L), epochs("signal_sessions"), "the whole batch rolled back");
        batch.remove(taken);
        owner.signalSessions().storeAll(batch);
        assertEquals(1_201, owner.signalSessions().loadAll(batch.keySet()).size() + 1);
    }

    @Test
    void expiryIsEnforcedByQueriesAndPurgeReclaimsTheRows() throws SQLException {
        PostgresStoreProvider provider = provider();
        MessageKey key = new MessageKey("123@g.us", "ID");
        provider.open("s").messages().put(key, new byte[] {1});
        clock.advance(Duration.ofMinutes(5));
        assertTrue(provider.open("s").messages().load(key).isEmpty());
        assertEquals(1, epochs("messages").size(), "still stored until purged");
        assertEquals(1, provider.purgeExpiredMessages());
        assertEquals(0, epochs("messages").size());
    }

    @Test
    void aDatabaseThatIsDownAtStartUpIsAClearStoreException() {
        String url = "jdbc:postgresql://127.0.0.1:" + io.wabridge.embedded.FreePorts.pick() + "/nowhere";
        StoreException e = assertThrows(StoreException.class, () -> PostgresStoreProvider.connect(
                PostgresStoreOptions.of(url, "postgres", "")));
        assertTrue(e.getMessage().contains(url), e.getMessage());
    }

    @Test
    void aDatabaseLostMidFlightFailsTheWriteAndTheStoreRecoversWhenItReturns() {
        Assumptions.assumeTrue(EmbeddedPostgres.available(), "no PostgreSQL binaries");
        try (EmbeddedPostgres own = EmbeddedPostgres.temporary().start();
             PostgresStoreProvider provider = PostgresStoreProvider.connect(PostgresStoreOptions.of(own.jdbcUrl(),
                     EmbeddedPostgres.USER, "").withTimeout(Duration.ofSeconds(3)))) {
            AccountStore session = provider.open("s", 1);
            SignalAddress alice = new SignalAddress("alice", 1);
            session.signalSessions().store(alice, new byte[] {1});
            assertTrue(provider.ping());

            own.stop();
            assertThrows(StoreException.class, () -> session.signalSessions().store(alice, new byte[] {2}));
            assertFalse(provider.ping());

            own.start();
            session.signalSessions().store(alice, new byte[] {3}); // the pool reconnects by itself
            assertArrayEquals(new byte[] {3}, session.signalSessions().load(alice).orElseThrow());
            assertTrue(provider.ping());
        }
    }

    @Test
    void aDatabaseBackWithinTheTimeoutOnlyDelaysTheCall() throws Exception {
        Assumptions.assumeTrue(EmbeddedPostgres.available(), "no PostgreSQL binaries");
        try (EmbeddedPostgres own = EmbeddedPostgres.temporary().start();
             PostgresStoreProvider provider = PostgresStoreProvider.connect(PostgresStoreOptions.of(own.jdbcUrl(),
                     EmbeddedPostgres.USER, "").withTimeout(Duration.ofSeconds(30)))) {
            AccountStore session = provider.open("s", 1);
            SignalAddress alice = new SignalAddress("alice", 1);
            session.signalSessions().store(alice, new byte[] {1});
            own.stop();
            Thread restart = Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(1_500);
                } catch (InterruptedException e) {
                    return;
                }
                own.start();
            });
            session.signalSessions().store(alice, new byte[] {2}); // waits through the outage instead of failing
            restart.join();
            assertArrayEquals(new byte[] {2}, session.signalSessions().load(alice).orElseThrow());
        }
    }

    @Test
    void onlyConnectionFailuresAreRetried() {
        assertTrue(Database.transientFailure(new java.net.ConnectException("refused")));
        assertTrue(Database.transientFailure(new RuntimeException(new SQLException("gone", "08006"))));
        assertTrue(Database.transientFailure(new SQLException("shutting down", "57P01")));
        assertFalse(Database.transientFailure(new RuntimeException(new SQLException("no table", "42P01"))));
        assertFalse(Database.transientFailure(new SQLException("duplicate", "23505")));
        assertFalse(Database.transientFailure(new StoreFencedException("s", 1)));
    }

    /** session_id -> epoch of every row of {@code table}. */
    private Map<String, Long> epochs(String table) throws SQLException {
        Map<String, Long> out = new HashMap<>();
        try (Connection c = schema.jdbc(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT session_id, epoch FROM \"" + schema.options().schema() + "\"." + table)) {
            while (rs.next()) {
                out.merge(rs.getString(1), rs.getLong(2), Math::max);
            }
        }
        return out;
    }
}

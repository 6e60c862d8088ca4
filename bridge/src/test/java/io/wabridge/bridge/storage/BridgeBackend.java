package io.wabridge.bridge.storage;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.wabridge.bridge.command.CommandLog;
import io.wabridge.bridge.command.PostgresCommandStorage;
import io.wabridge.bridge.lease.LeaseStore;
import io.wabridge.bridge.lease.MongoLeaseStore;
import io.wabridge.bridge.lease.PostgresLeaseStore;
import io.wabridge.bridge.session.MongoSessionRegistry;
import io.wabridge.bridge.session.PostgresSessionRegistry;
import io.wabridge.bridge.session.SessionRegistry;
import io.wabridge.store.postgres.PostgresStoreOptions;
import io.wabridge.store.postgres.PostgresStoreProvider;
import io.wabridge.testkit.MongoBackend;
import io.wabridge.testkit.PostgresBackend;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.InstantSource;
import java.util.UUID;

/**
 * Every database the bridge keeps its registry, leases and command results in, for
 * {@code @ParameterizedClass @EnumSource(BridgeBackend.class)}: each test gets a database (MongoDB) or schema
 * (PostgreSQL) of its own, dropped on close. Backends that cannot run here skip.
 */
public enum BridgeBackend {
    MONGO_WIRE(MongoBackend.MONGO_WIRE, null),
    DOCKER_MONGO_7(MongoBackend.DOCKER_MONGO_7, null),
    LOCAL_POSTGRES(null, PostgresBackend.LOCAL_POSTGRES),
    DOCKER_POSTGRES_15(null, PostgresBackend.DOCKER_POSTGRES_15);

    private final MongoBackend mongo;
    private final PostgresBackend postgres;

    BridgeBackend(MongoBackend mongo, PostgresBackend postgres) {
        this.mongo = mongo;
        this.postgres = postgres;
    }

    public Fixture open(String purpose) {
        String name = purpose + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        return mongo != null ? new MongoFixture(mongo, name) : new PostgresFixture(postgres, name);
    }

    /** One test's storage. */
    public interface Fixture extends AutoCloseable {
        SessionRegistry registry(InstantSource clock);

        LeaseStore leases(InstantSource clock);

        CommandLog commandLog(InstantSource clock, Duration retention);

        /** How many command results are stored, behind the log's back. */
        long storedCommands();

        /** Stores a result that cannot be parsed, behind the log's back. */
        void storeUnreadableResult(String sessionId, String commandId);

        @Override
        void close();
    }

    private static final class MongoFixture implements Fixture {
        private final MongoClient client;
        private final MongoDatabase db;

        MongoFixture(MongoBackend backend, String name) {
            this.client = MongoClients.create(backend.connectionString());
            this.db = client.getDatabase(name);
        }

        @Override public SessionRegistry registry(InstantSource clock) { return new MongoSessionRegistry(db, "t_", clock); }
        @Override public LeaseStore leases(InstantSource clock) { return new MongoLeaseStore(db, "t_", clock); }
        @Override public CommandLog commandLog(InstantSource clock, Duration retention) {
            return new CommandLog(db, "t_", clock, retention);
        }

        @Override
        public long storedCommands() {
            return db.getCollection("t_commands").countDocuments();
        }

        @Override
        public void storeUnreadableResult(String sessionId, String commandId) {
            db.getCollection("t_commands").insertOne(new org.bson.Document("_id",
                    new org.bson.Document("s", sessionId).append("c", commandId)).append("result", "not bytes"));
        }

        @Override
        public void close() {
            db.drop();
            client.close();
        }
    }

    private static final class PostgresFixture implements Fixture {
        private final PostgresBackend.Connection server;
        private final PostgresStoreProvider provider;

        PostgresFixture(PostgresBackend backend, String schema) {
            this.server = backend.connection();
            this.provider = PostgresStoreProvider.connect(PostgresStoreOptions.of(server.jdbcUrl(), server.user(),
                    server.password()).withSchema(schema).withPoolSize(4));
        }

        @Override public SessionRegistry registry(InstantSource clock) {
            return new PostgresSessionRegistry(provider.database(), clock);
        }
        @Override public LeaseStore leases(InstantSource clock) { return new PostgresLeaseStore(provider.database(), clock); }
        @Override public CommandLog commandLog(InstantSource clock, Duration retention) {
            return new CommandLog(new PostgresCommandStorage(provider.database(), clock, retention), clock);
        }

        @Override
        public long storedCommands() {
            return ((Number) provider.database().select("SELECT count(*), 0 FROM "
                    + provider.database().table("command_results")).get(0)[0]).longValue();
        }

        @Override
        public void storeUnreadableResult(String sessionId, String commandId) {
            provider.database().update("INSERT INTO " + provider.database().table("command_results")
                    + " (session_id, command_id, type, result, at) VALUES (?1, ?2, 'x', ?3, 0)", sessionId, commandId,
                    new byte[] {(byte) 0xff, (byte) 0xff});
        }

        @Override
        public void close() {
            provider.close();
            try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
                 Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA IF EXISTS \"" + provider.options().schema() + "\" CASCADE");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}

package io.wabridge.store.postgres;

import io.wabridge.testkit.PostgresBackend;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** A schema of its own on one backend's server, dropped on close. */
final class PostgresTestSchema implements AutoCloseable {

    private final PostgresBackend.Connection server;
    private final PostgresStoreOptions options;

    PostgresTestSchema(PostgresBackend backend, String purpose) {
        this.server = backend.connection();
        String schema = purpose + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        this.options = PostgresStoreOptions.of(server.jdbcUrl(), server.user(), server.password()).withSchema(schema)
                .withPoolSize(4);
    }

    PostgresStoreOptions options() {
        return options;
    }

    /** A plain JDBC connection, for looking at the tables behind the store's back. */
    Connection jdbc() throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
    }

    @Override
    public void close() {
        try (Connection c = jdbc(); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS \"" + options.schema() + "\" CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

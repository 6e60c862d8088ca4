package io.wabridge.store.postgres;

import io.wabridge.client.store.StoreSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how the PostgreSQL store connects.
 *
 * @param jdbcUrl  {@code jdbc:postgresql://host:port/database} (Quarkus' {@code quarkus.datasource.jdbc.url} form;
 *                 a {@code vertx-reactive:postgresql://} or {@code postgresql://} URL is accepted too)
 * @param user     the database user
 * @param password its password (empty for trust authentication)
 * @param schema   the schema holding the store's tables, created by the migration if missing: separates
 *                 deployments sharing one database, as the Mongo store's collection prefix does
 * @param poolSize connections of the reactive pool (shared by every session of the JVM)
 * @param timeout  how long one store call waits for the database, retrying a lost connection, before it fails with
 *                 a StoreException (30 s by default: as long as the MongoDB driver waits for a server)
 * @param settings clock and message TTL
 */
public record PostgresStoreOptions(String jdbcUrl, String user, String password, String schema, int poolSize,
                                   Duration timeout, StoreSettings settings) {

    public static final String DEFAULT_SCHEMA = "wabridge";
    public static final int DEFAULT_POOL_SIZE = 16;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public PostgresStoreOptions {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        password = password == null ? "" : password;
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(settings, "settings");
        jdbcUrl = jdbcUrl(jdbcUrl);
        if (!schema.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("schema must be a lower-case SQL identifier, got '" + schema + "'");
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be positive, got " + poolSize);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
    }

    /** Defaults for everything but the connection. */
    public static PostgresStoreOptions of(String jdbcUrl, String user, String password) {
        return new PostgresStoreOptions(jdbcUrl, user, password, DEFAULT_SCHEMA, DEFAULT_POOL_SIZE, DEFAULT_TIMEOUT,
                StoreSettings.defaults());
    }

    public PostgresStoreOptions withSchema(String schema) {
        return new PostgresStoreOptions(jdbcUrl, user, password, schema, poolSize, timeout, settings);
    }

    public PostgresStoreOptions withSettings(StoreSettings settings) {
        return new PostgresStoreOptions(jdbcUrl, user, password, schema, poolSize, timeout, settings);
    }

    public PostgresStoreOptions withPoolSize(int poolSize) {
        return new PostgresStoreOptions(jdbcUrl, user, password, schema, poolSize, timeout, settings);
    }

    public PostgresStoreOptions withTimeout(Duration timeout) {
        return new PostgresStoreOptions(jdbcUrl, user, password, schema, poolSize, timeout, settings);
    }

    /** The URL in JDBC form, whichever of the usual forms it was given in. */
    static String jdbcUrl(String url) {
        String u = url.strip();
        if (u.startsWith("jdbc:postgresql://")) {
            return u;
        }
        for (String prefix : new String[] {"vertx-reactive:postgresql://", "postgresql://", "postgres://"}) {
            if (u.startsWith(prefix)) {
                return "jdbc:postgresql://" + u.substring(prefix.length());
            }
        }
        throw new IllegalArgumentException("not a PostgreSQL URL (jdbc:postgresql://host:port/database): " + url);
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "PostgresStoreOptions[" + jdbcUrl + ", user=" + user + ", schema=" + schema + ", poolSize=" + poolSize
                + ", timeout=" + timeout + "]";
    }
}

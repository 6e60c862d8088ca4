package io.wabridge.store.postgres;

import io.wabridge.client.store.AccountStore;
import io.wabridge.client.store.StoreException;
import io.wabridge.client.store.StoreProvider;
import java.time.Duration;
import java.util.Objects;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores every session in one PostgreSQL schema. {@link #connect} migrates the schema to the version this build
 * needs (Flyway, versioned SQL under {@code db/wabridge}, history in {@code <schema>.wabridge_schema_history};
 * concurrent start-ups are serialized by Flyway's lock), then opens the reactive pool. {@link #open(String, long)}
 * only allocates a few small objects.
 */
public final class PostgresStoreProvider implements StoreProvider {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresStoreProvider.class);
    /** Where the migrations live on the class path. */
    public static final String MIGRATIONS = "classpath:db/wabridge";
    /** The schema-history table (inside the store's schema). */
    public static final String HISTORY_TABLE = "wabridge_schema_history";

    private final Database db;
    private final PostgresStoreOptions options;

    private PostgresStoreProvider(Database db, PostgresStoreOptions options) {
        this.db = db;
        this.options = options;
    }

    /**
     * Migrates the schema, then connects the reactive pool.
     *
     * @throws StoreException if the database cannot be reached or the migration fails (nothing is left open)
     */
    public static PostgresStoreProvider connect(PostgresStoreOptions options) {
        Objects.requireNonNull(options, "options");
        migrate(options);
        Database db = Database.open(options);
        try {
            db.select("SELECT 1, 2");
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return new PostgresStoreProvider(db, options);
    }

    /**
     * A provider whose pool connects on first use and whose schema is not checked yet: for a process that must start
     * while the database is down (the bridge), which calls {@link #migrate()} until it succeeds before using it.
     */
    public static PostgresStoreProvider lazy(PostgresStoreOptions options) {
        return new PostgresStoreProvider(Database.open(Objects.requireNonNull(options, "options")), options);
    }

    /** {@link #migrate(PostgresStoreOptions)} with this provider's options. */
    public String migrate() {
        return migrate(options);
    }

    /** Applies the pending migrations over one short-lived JDBC connection; returns the schema version. */
    public static String migrate(PostgresStoreOptions options) {
        try {
            MigrateResult result = Flyway.configure(PostgresStoreProvider.class.getClassLoader())
                    .dataSource(options.jdbcUrl(), options.user(), options.password())
                    .schemas(options.schema())
                    .defaultSchema(options.schema())
                    .createSchemas(true)
                    .table(HISTORY_TABLE)
                    .locations(MIGRATIONS)
                    .connectRetries(0)
                    .load()
                    .migrate();
            String version = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
            if (result.migrationsExecuted > 0) {
                LOG.info("PostgreSQL store schema {} migrated to version {} ({} migrations)", options.schema(), version,
                        result.migrationsExecuted);
            }
            return version;
        } catch (RuntimeException e) {
            throw new StoreException("migrating the PostgreSQL store schema " + options.schema() + " at "
                    + options.jdbcUrl() + " failed: " + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t.getMessage() + ")";
    }

    /** The connection the stores use, for tables of the bridge that live in the same schema. */
    public Database database() {
        return db;
    }

    public PostgresStoreOptions options() {
        return options;
    }

    @Override
    public AccountStore open(String sessionId) {
        return open(sessionId, 0);
    }

    /** Fenced by {@code epoch}: every row written carries it, every write is conditioned on it. */
    @Override
    public AccountStore open(String sessionId, long epoch) {
        Objects.requireNonNull(sessionId, "sessionId");
        if (sessionId.isEmpty()) {
            throw new IllegalArgumentException("empty session id");
        }
        if (epoch < 0) {
            throw new IllegalArgumentException("negative epoch " + epoch);
        }
        return new PgAccountStore(sessionId, epoch, db, options.settings());
    }

    /** One DELETE across all sessions (served by the expiry index). */
    @Override
    public long purgeExpiredMessages() {
        long now = options.settings().clock().millis();
        return db.write(s -> s.createMutationQuery("delete from MessageRow r where r.expiresAt <= :now")
                .setParameter("now", now).executeUpdate());
    }

    /** Whether the database answers within 2 s (one round trip, retried on a lost connection): for health checks. */
    public boolean ping() {
        return db.probe(Duration.ofSeconds(2)).isEmpty();
    }

    @Override
    public void close() {
        db.close();
    }
}

package io.wabridge.bridge.storage;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.wabridge.bridge.command.CommandLog;
import io.wabridge.bridge.command.PostgresCommandStorage;
import io.wabridge.bridge.config.BridgeConfig;
import io.wabridge.bridge.lease.LeaseStore;
import io.wabridge.bridge.lease.MongoLeaseStore;
import io.wabridge.bridge.lease.PostgresLeaseStore;
import io.wabridge.bridge.session.MongoSessionRegistry;
import io.wabridge.bridge.session.PostgresSessionRegistry;
import io.wabridge.bridge.session.SessionRegistry;
import io.wabridge.client.store.StoreProvider;
import io.wabridge.client.store.StoreSettings;
import io.wabridge.store.mongo.MongoStoreOptions;
import io.wabridge.store.mongo.MongoStoreProvider;
import io.wabridge.store.postgres.PostgresStoreOptions;
import io.wabridge.store.postgres.PostgresStoreProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The database the bridge keeps everything in, chosen by {@code wabridge.store.backend}: MongoDB ({@code mongo}, the
 * default) or PostgreSQL ({@code postgres}). Hands out the session registry, the lease store and the command log on
 * it, and, once {@link #prepare()} succeeded (indexes created, or the schema migrated), the account stores.
 * Nothing here connects at construction, so the worker starts (and reports not ready) while the database is down.
 */
@ApplicationScoped
public class StorageBackend {

    public enum Kind { MONGO, POSTGRES }

    private final Kind kind;
    private final BridgeConfig config;
    private final MongoDatabase mongo;
    private final PostgresStoreProvider postgres;
    private volatile String notPrepared = "not prepared yet";

    @Inject
    public StorageBackend(BridgeConfig config, Instance<MongoClient> mongoClient,
                          @ConfigProperty(name = "quarkus.datasource.reactive.url") Optional<String> reactiveUrl,
                          @ConfigProperty(name = "quarkus.datasource.jdbc.url") Optional<String> jdbcUrl,
                          @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
                          @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.config = config;
        this.kind = kindOf(config.store().backend());
        if (kind == Kind.POSTGRES) {
            String url = reactiveUrl.or(() -> jdbcUrl).orElseThrow(() -> new IllegalArgumentException(
                    "wabridge.store.backend=postgres needs quarkus.datasource.reactive.url (or quarkus.datasource.jdbc.url)"));
            BridgeConfig.Store.Postgres pg = config.store().postgres();
            this.postgres = PostgresStoreProvider.lazy(new PostgresStoreOptions(url, username.orElse("postgres"),
                    password.orElse(""), pg.schema(), pg.poolSize(), pg.timeout(), settings(config)));
            this.mongo = null;
        } else {
            this.mongo = mongoClient.get().getDatabase(config.mongodb().database());
            this.postgres = null;
        }
    }

    /** The stores' settings: the defaults with the configured message-archive retention. */
    static StoreSettings settings(BridgeConfig config) {
        BridgeConfig.Store.Archive archive = config.store().archive();
        return StoreSettings.defaults().withArchive(new StoreSettings.ArchiveRetention(archive.maxMessages(), archive.maxAge()));
    }

    public static Kind kindOf(String backend) {
        return switch (backend.strip().toLowerCase(Locale.ROOT)) {
            case "mongo", "mongodb" -> Kind.MONGO;
            case "postgres", "postgresql" -> Kind.POSTGRES;
            default -> throw new IllegalArgumentException("wabridge.store.backend must be mongo or postgres, got '"
                    + backend + "'");
        };
    }

    public Kind kind() {
        return kind;
    }

    public SessionRegistry registry(InstantSource clock) {
        return kind == Kind.POSTGRES ? new PostgresSessionRegistry(postgres.database(), clock)
                : new MongoSessionRegistry(mongo, config.mongodb().collectionPrefix(), clock);
    }

    public LeaseStore leases(InstantSource clock) {
        return kind == Kind.POSTGRES ? new PostgresLeaseStore(postgres.database(), clock)
                : new MongoLeaseStore(mongo, config.mongodb().collectionPrefix(), clock);
    }

    public CommandLog commandLog(InstantSource clock, Duration retention) {
        return kind == Kind.POSTGRES ? new CommandLog(new PostgresCommandStorage(postgres.database(), clock, retention), clock)
                : new CommandLog(mongo, config.mongodb().collectionPrefix(), clock, retention);
    }

    /**
     * Makes the database ready for the account stores and returns them: on PostgreSQL the versioned schema migration
     * (every table, the bridge's too); on MongoDB the stores' indexes. Throws while the database is unreachable
     * (the caller retries); the failure is what readiness reports meanwhile.
     */
    public StoreProvider prepare() {
        try {
            StoreProvider provider;
            if (kind == Kind.POSTGRES) {
                postgres.migrate();
                provider = postgres;
            } else {
                provider = new MongoStoreProvider(mongo, new MongoStoreOptions(config.mongodb().collectionPrefix(),
                        settings(config)));
            }
            notPrepared = null;
            return provider;
        } catch (RuntimeException e) {
            notPrepared = e.getMessage() == null ? e.toString() : e.getMessage();
            throw e;
        }
    }

    /** Why the database is not usable yet (empty once prepared). */
    public Optional<String> notPrepared() {
        return Optional.ofNullable(notPrepared);
    }

    /** PostgreSQL only: one round trip within {@code timeout}; the failure, or empty when it answered. */
    public Optional<String> probePostgres(Duration timeout) {
        return postgres.database().probe(timeout);
    }
}

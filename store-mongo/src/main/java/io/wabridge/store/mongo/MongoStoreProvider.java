package io.wabridge.store.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.wabridge.client.store.AccountStore;
import io.wabridge.client.store.StoreProvider;
import java.util.Date;
import java.util.Objects;

/**
 * Stores every session in one MongoDB database. Construction creates the indexes (once per provider);
 * {@link #open(String, long)} only allocates a few small objects.
 */
public final class MongoStoreProvider implements StoreProvider {

    private final StoreCollections collections;
    private final MongoStoreOptions options;
    private final MongoClient ownedClient;
    /** The sessions' bulk writes, one group commit per collection. */
    private final BulkCombiner.PerCollection combiners;

    /** Uses {@code database} as given; closing the provider leaves its client open. */
    public MongoStoreProvider(MongoDatabase database, MongoStoreOptions options) {
        this(database, options, null);
    }

    private MongoStoreProvider(MongoDatabase database, MongoStoreOptions options, MongoClient ownedClient) {
        this(database, options, ownedClient, new BulkCombiner.PerCollection());
    }

    /** With {@code combiners} of its own (tests: one stripe, so every session's writes meet in one queue). */
    MongoStoreProvider(MongoDatabase database, MongoStoreOptions options, MongoClient ownedClient,
                       BulkCombiner.PerCollection combiners) {
        this.combiners = combiners;
        this.options = Objects.requireNonNull(options, "options");
        this.collections = StoreCollections.in(Objects.requireNonNull(database, "database"), options.collectionPrefix());
        this.ownedClient = ownedClient;
        collections.createIndexes();
    }

    /** Connects to {@code connectionString}; the provider owns the client and closes it on {@link #close()}. */
    public static MongoStoreProvider connect(String connectionString, String databaseName, MongoStoreOptions options) {
        MongoClient client = MongoClients.create(connectionString);
        try {
            return new MongoStoreProvider(client.getDatabase(databaseName), options, client);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    @Override
    public AccountStore open(String sessionId) {
        return open(sessionId, 0);
    }

    /** Fenced by {@code epoch}: every document written carries it, every write is conditioned on it. */
    @Override
    public AccountStore open(String sessionId, long epoch) {
        Objects.requireNonNull(sessionId, "sessionId");
        if (sessionId.isEmpty()) {
            throw new IllegalArgumentException("empty session id");
        }
        if (epoch < 0) {
            throw new IllegalArgumentException("negative epoch " + epoch);
        }
        return new MongoAccountStore(sessionId, epoch, collections, options.settings(), combiners);
    }

    /** One deleteMany across all sessions (served by the TTL index on real MongoDB). */
    @Override
    public long purgeExpiredMessages() {
        Date now = Date.from(options.settings().clock().instant());
        return collections.messages().deleteMany(Filters.lte(MongoMessageStore.EXPIRES_AT, now)).getDeletedCount();
    }

    BulkCombiner.PerCollection combiners() {
        return combiners;
    }

    @Override
    public void close() {
        if (ownedClient != null) {
            ownedClient.close();
        }
    }
}

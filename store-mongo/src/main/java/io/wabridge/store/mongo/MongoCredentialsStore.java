package io.wabridge.store.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import io.wabridge.client.store.Credentials;
import io.wabridge.client.store.CredentialsStore;
import io.wabridge.client.store.StaleCredentialsException;
import io.wabridge.client.store.StoreException;
import io.wabridge.client.store.Versioned;
import java.util.Objects;
import java.util.Optional;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;

/**
 * One document per session: a create is an insert (the _id makes a second create fail), an update is a
 * replace conditioned on the expected version and on the epoch fence. Both are single-document operations, hence
 * atomic. Only a refused save reads the document back, to tell a fenced writer from a stale one.
 */
final class MongoCredentialsStore implements CredentialsStore {

    private final String sessionId;
    private final MongoCollection<BsonDocument> collection;
    private final Fence fence;

    MongoCredentialsStore(String sessionId, MongoCollection<BsonDocument> collection, Fence fence) {
        this.sessionId = sessionId;
        this.collection = collection;
        this.fence = fence;
    }

    @Override
    public Optional<Versioned<Credentials>> load() {
        BsonDocument doc = collection.find(byId()).first();
        if (doc == null) {
            return Optional.empty();
        }
        return Optional.of(new Versioned<>(CredentialsCodec.decode(doc), CredentialsCodec.version(doc)));
    }

    @Override
    public Versioned<Credentials> save(Credentials credentials, long expectedVersion) {
        Objects.requireNonNull(credentials, "credentials");
        if (expectedVersion < ABSENT) {
            throw new IllegalArgumentException("negative expected version " + expectedVersion);
        }
        long next = expectedVersion + 1;
        BsonDocument doc = fence.stamp(CredentialsCodec.encode(sessionId, credentials, next));
        if (expectedVersion == ABSENT) {
            try {
                collection.insertOne(doc);
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                    throw refused(expectedVersion);
                }
                throw e;
            }
        } else if (collection.replaceOne(fence.filter(byId().append(CredentialsCodec.VERSION, new BsonInt64(expectedVersion))),
                doc).getMatchedCount() == 0) {
            throw refused(expectedVersion);
        }
        return new Versioned<>(credentials, next);
    }

    void delete() {
        collection.deleteOne(fence.filter(byId()));
    }

    /** Fenced if a newer epoch wrote the stored credentials (whatever their version), else stale. */
    private StoreException refused(long expectedVersion) {
        BsonDocument current = collection.find(byId())
                .projection(Docs.projection(CredentialsCodec.VERSION, Fence.EPOCH)).first();
        if (current != null && Fence.epochOf(current) > fence.epoch()) {
            return fence.refused();
        }
        return new StaleCredentialsException(sessionId, expectedVersion,
                current == null ? ABSENT : CredentialsCodec.version(current));
    }

    private BsonDocument byId() {
        return new BsonDocument("_id", new BsonString(sessionId));
    }

    /** Stamps the credentials with the fence's epoch; refused if a newer epoch wrote them. */
    void claim(BsonDocument stamp) {
        if (collection.updateOne(fence.filter(byId()), stamp).getMatchedCount() == 0
                && collection.countDocuments(byId()) > 0) {
            throw fence.refused();
        }
    }
}

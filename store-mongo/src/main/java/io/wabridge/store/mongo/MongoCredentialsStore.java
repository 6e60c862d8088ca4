package io.wabridge.store.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import io.wabridge.client.store.Credentials;
import io.wabridge.client.store.CredentialsStore;
import io.wabridge.client.store.StaleCredentialsException;
import io.wabridge.client.store.Versioned;
import java.util.Objects;
import java.util.Optional;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;

/**
 * One document per session: a create is an insert (the _id makes a second create fail), an update is a
 * replace conditioned on the expected version. Both are single-document operations, hence atomic.
 */
final class MongoCredentialsStore implements CredentialsStore {

    private final String sessionId;
    private final MongoCollection<BsonDocument> collection;

    MongoCredentialsStore(String sessionId, MongoCollection<BsonDocument> collection) {
        this.sessionId = sessionId;
        this.collection = collection;
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
        BsonDocument doc = CredentialsCodec.encode(sessionId, credentials, next);
        if (expectedVersion == ABSENT) {
            try {
                collection.insertOne(doc);
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                    throw stale(expectedVersion);
                }
                throw e;
            }
        } else if (collection.replaceOne(byId().append(CredentialsCodec.VERSION, new BsonInt64(expectedVersion)), doc)
                .getMatchedCount() == 0) {
            throw stale(expectedVersion);
        }
        return new Versioned<>(credentials, next);
    }

    void delete() {
        collection.deleteOne(byId());
    }

    private StaleCredentialsException stale(long expectedVersion) {
        BsonDocument current = collection.find(byId()).projection(Docs.projection(CredentialsCodec.VERSION)).first();
        return new StaleCredentialsException(sessionId, expectedVersion,
                current == null ? ABSENT : CredentialsCodec.version(current));
    }

    private BsonDocument byId() {
        return new BsonDocument("_id", new BsonString(sessionId));
    }
}

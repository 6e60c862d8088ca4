package io.wabridge.store.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.WriteModel;
import io.wabridge.client.store.AppStateKeyStore;
import io.wabridge.client.store.AppStateSyncKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;

/** Documents {s, k, d, f, t, e}: session, key id, key data, fingerprint, timestamp, writer's epoch. */
final class MongoAppStateKeyStore implements AppStateKeyStore {

    static final String KEY_ID = "k";
    private static final String DATA = "d";
    private static final String FINGERPRINT = "f";
    private static final String TIMESTAMP = "t";

    private final String sessionId;
    private final MongoCollection<BsonDocument> collection;
    private final Fence fence;

    MongoAppStateKeyStore(String sessionId, MongoCollection<BsonDocument> collection, Fence fence) {
        this.sessionId = sessionId;
        this.collection = collection;
        this.fence = fence;
    }

    @Override
    public Optional<AppStateSyncKey> load(byte[] keyId) {
        return Optional.ofNullable(collection.find(key(keyId)).first()).map(MongoAppStateKeyStore::decode);
    }

    @Override
    public void storeAll(Collection<AppStateSyncKey> keys) {
        if (keys.isEmpty()) {
            return;
        }
        List<WriteModel<BsonDocument>> writes = new ArrayList<>(keys.size());
        for (AppStateSyncKey k : keys) {
            BsonDocument doc = key(k.keyId()).append(DATA, Docs.binary(k.keyData()))
                    .append(FINGERPRINT, Docs.binary(k.fingerprint())).append(TIMESTAMP, new BsonInt64(k.timestamp()));
            writes.add(new ReplaceOneModel<>(fence.filter(key(k.keyId())), fence.stamp(doc), Docs.UPSERT));
        }
        fence.bulkWrite(collection, writes, Docs.ORDERED);
    }

    /** A session holds a handful of keys: the sort runs over the session's prefix of the unique index. */
    @Override
    public Optional<AppStateSyncKey> latest() {
        BsonDocument doc = collection.find(Docs.session(sessionId)).sort(new BsonDocument(TIMESTAMP, new BsonInt32(-1)))
                .limit(1).first();
        return Optional.ofNullable(doc).map(MongoAppStateKeyStore::decode);
    }

    private BsonDocument key(byte[] keyId) {
        return Docs.session(sessionId).append(KEY_ID, Docs.binary(keyId));
    }

    private static AppStateSyncKey decode(BsonDocument doc) {
        return new AppStateSyncKey(Docs.bytes(doc, KEY_ID), Docs.bytes(doc, DATA), Docs.bytes(doc, FINGERPRINT),
                doc.getInt64(TIMESTAMP).getValue());
    }
}

package io.wabridge.store.mongo;

import com.mongodb.client.MongoCollection;
import io.wabridge.client.store.SignedPreKeyStore;
import java.util.Map;
import java.util.Optional;
import org.bson.BsonDocument;

final class MongoSignedPreKeyStore implements SignedPreKeyStore {

    static final String ID = IntKeyedRecords.ID;

    private final IntKeyedRecords records;

    MongoSignedPreKeyStore(String sessionId, MongoCollection<BsonDocument> collection, Fence fence) {
        this.records = new IntKeyedRecords(sessionId, collection, fence);
    }

    @Override public Optional<byte[]> load(int id) { return records.load(id); }
    @Override public Map<Integer, byte[]> loadAll() { return records.loadAll(null); }
    @Override public boolean contains(int id) { return records.contains(id); }
    @Override public void store(int id, byte[] record) { records.store(id, record); }
    @Override public void remove(int id) { records.remove(id); }
}

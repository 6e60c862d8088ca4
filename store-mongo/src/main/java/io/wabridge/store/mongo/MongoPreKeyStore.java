package io.wabridge.store.mongo;

import com.mongodb.client.MongoCollection;
import io.wabridge.client.store.PreKeyStore;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.bson.BsonDocument;

final class MongoPreKeyStore implements PreKeyStore {

    static final String ID = IntKeyedRecords.ID;

    private final IntKeyedRecords records;

    MongoPreKeyStore(String sessionId, MongoCollection<BsonDocument> collection, Fence fence) {
        this.records = new IntKeyedRecords(sessionId, collection, fence);
    }

    @Override public Optional<byte[]> load(int id) { return records.load(id); }
    @Override public Map<Integer, byte[]> loadAll(Collection<Integer> ids) { return records.loadAll(ids); }
    @Override public boolean contains(int id) { return records.contains(id); }
    @Override public void store(int id, byte[] record) { records.store(id, record); }
    @Override public void storeAll(Map<Integer, byte[]> batch) { records.storeAll(batch); }
    @Override public void remove(int id) { records.remove(id); }
    @Override public void removeAll(Collection<Integer> ids) { records.removeAll(ids); }

    @Override
    public int count() {
        return Math.toIntExact(records.count());
    }

    @Override
    public OptionalInt maxId() {
        return records.maxId().map(OptionalInt::of).orElse(OptionalInt.empty());
    }
}

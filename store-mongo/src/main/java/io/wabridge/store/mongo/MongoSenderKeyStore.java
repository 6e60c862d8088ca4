package io.wabridge.store.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.WriteModel;
import io.wabridge.client.store.SenderKeyName;
import io.wabridge.client.store.SenderKeyStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;

/** Documents {s, g, n, d, r, e}: session, group, sender name and device, serialized record, writer's epoch. */
final class MongoSenderKeyStore implements SenderKeyStore {

    static final String GROUP = "g";

    private final String sessionId;
    private final MongoCollection<BsonDocument> collection;
    private final Fence fence;

    MongoSenderKeyStore(String sessionId, MongoCollection<BsonDocument> collection, Fence fence) {
        this.sessionId = sessionId;
        this.collection = collection;
        this.fence = fence;
    }

    @Override
    public Optional<byte[]> load(SenderKeyName name) {
        BsonDocument doc = collection.find(key(name)).projection(Docs.projection(Docs.RECORD)).first();
        return doc == null ? Optional.empty() : Optional.of(Docs.bytes(doc, Docs.RECORD));
    }

    /** One query for the groups involved, filtered to the requested senders here. */
    @Override
    public Map<SenderKeyName, byte[]> loadAll(Collection<SenderKeyName> names) {
        Map<SenderKeyName, byte[]> found = new HashMap<>();
        if (names.isEmpty()) {
            return found;
        }
        Set<SenderKeyName> wanted = new HashSet<>(names);
        BsonArray groups = new BsonArray();
        wanted.stream().map(SenderKeyName::groupId).distinct().forEach(g -> groups.add(new BsonString(g)));
        BsonDocument filter = Docs.session(sessionId).append(GROUP, new BsonDocument("$in", groups));
        for (BsonDocument doc : collection.find(filter).projection(Docs.projection(GROUP, Docs.NAME, Docs.DEVICE, Docs.RECORD))) {
            SenderKeyName name = new SenderKeyName(doc.getString(GROUP).getValue(), Docs.address(doc));
            if (wanted.contains(name)) {
                found.put(name, Docs.bytes(doc, Docs.RECORD));
            }
        }
        return found;
    }

    @Override
    public void store(SenderKeyName name, byte[] record) {
        fence.write(() -> collection.replaceOne(fence.filter(key(name)), document(name, record), Docs.UPSERT));
    }

    @Override
    public void storeAll(Map<SenderKeyName, byte[]> records) {
        if (records.isEmpty()) {
            return;
        }
        List<WriteModel<BsonDocument>> writes = new ArrayList<>(records.size());
        records.forEach((name, record) -> writes.add(new ReplaceOneModel<>(fence.filter(key(name)), document(name, record),
                Docs.UPSERT)));
        fence.bulkWrite(collection, writes, Docs.UNORDERED);
    }

    @Override
    public void delete(SenderKeyName name) {
        collection.deleteOne(fence.filter(key(name)));
    }

    @Override
    public void deleteGroup(String groupId) {
        collection.deleteMany(fence.filter(Docs.session(sessionId)
                .append(GROUP, new BsonString(Objects.requireNonNull(groupId, "groupId")))));
    }

    private BsonDocument key(SenderKeyName name) {
        return Docs.session(sessionId).append(GROUP, new BsonString(name.groupId()))
                .append(Docs.NAME, new BsonString(name.sender().name()))
                .append(Docs.DEVICE, new BsonInt32(name.sender().deviceId()));
    }

    private BsonDocument document(SenderKeyName name, byte[] record) {
        return fence.stamp(key(name).append(Docs.RECORD, Docs.binary(Objects.requireNonNull(record, "record"))));
    }
}

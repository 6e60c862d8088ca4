package io.wabridge.store.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.WriteModel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;

/** Documents {s, i, r, e}: records keyed by an int id within a session (one-time and signed prekeys). */
final class IntKeyedRecords {

    static final String ID = "i";

    private final String sessionId;
    private final MongoCollection<BsonDocument> collection;
    private final Fence fence;

    IntKeyedRecords(String sessionId, MongoCollection<BsonDocument> collection, Fence fence) {
        this.sessionId = sessionId;
        this.collection = collection;
        this.fence = fence;
    }

    Optional<byte[]> load(int id) {
        BsonDocument doc = collection.find(byId(id)).projection(Docs.projection(Docs.RECORD)).first();
        return doc == null ? Optional.empty() : Optional.of(Docs.bytes(doc, Docs.RECORD));
    }

    /** Records of the given ids (all of the session's when {@code ids} is null), by ascending id. */
    Map<Integer, byte[]> loadAll(Collection<Integer> ids) {
        Map<Integer, byte[]> found = new LinkedHashMap<>();
        if (ids != null && ids.isEmpty()) {
            return found;
        }
        BsonDocument filter = ids == null ? session() : byIds(ids);
        for (BsonDocument doc : collection.find(filter).projection(Docs.projection(ID, Docs.RECORD)).sort(new BsonDocument(ID, new BsonInt32(1)))) {
            found.put(doc.getInt32(ID).getValue(), Docs.bytes(doc, Docs.RECORD));
        }
        return found;
    }

    boolean contains(int id) {
        return collection.find(byId(id)).projection(Docs.projection(ID)).first() != null;
    }

    void store(int id, byte[] record) {
        fence.write(() -> collection.replaceOne(fence.filter(byId(id)), document(id, record), Docs.UPSERT));
    }

    void storeAll(Map<Integer, byte[]> records) {
        if (records.isEmpty()) {
            return;
        }
        List<WriteModel<BsonDocument>> writes = new ArrayList<>(records.size());
        records.forEach((id, record) -> writes.add(new ReplaceOneModel<>(fence.filter(byId(id)), document(id, record), Docs.UPSERT)));
        fence.bulkWrite(collection, writes, Docs.UNORDERED);
    }

    void remove(int id) {
        collection.deleteOne(fence.filter(byId(id)));
    }

    void removeAll(Collection<Integer> ids) {
        if (!ids.isEmpty()) {
            collection.deleteMany(fence.filter(byIds(ids)));
        }
    }

    long count() {
        return collection.countDocuments(session());
    }

    Optional<Integer> maxId() {
        BsonDocument doc = collection.find(session()).projection(Docs.projection(ID))
                .sort(new BsonDocument(ID, new BsonInt32(-1))).limit(1).first();
        return doc == null ? Optional.empty() : Optional.of(doc.getInt32(ID).getValue());
    }

    private BsonDocument session() {
        return Docs.session(sessionId);
    }

    private BsonDocument byId(int id) {
        return session().append(ID, new BsonInt32(id));
    }

    private BsonDocument byIds(Collection<Integer> ids) {
        BsonArray values = new BsonArray(ids.size());
        ids.forEach(id -> values.add(new BsonInt32(id)));
        return session().append(ID, new BsonDocument("$in", values));
    }

    private BsonDocument document(int id, byte[] record) {
        return fence.stamp(byId(id).append(Docs.RECORD, Docs.binary(Objects.requireNonNull(record, "record"))));
    }
}

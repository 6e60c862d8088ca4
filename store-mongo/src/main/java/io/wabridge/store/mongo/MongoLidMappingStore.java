package io.wabridge.store.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.WriteModel;
import io.wabridge.client.store.LidMappingStore;
import io.wabridge.client.store.LidPnMapping;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonString;

/**
 * Documents {s, t, k, v, e}: one per direction, {@code t} = "p" (pn -> lid) or "l" (lid -> pn), so each lookup is
 * one unique-index hit. A store reads the current entries once, then sends one ordered bulk write: the two
 * upserts per mapping, and deletes of the entries it made stale, each conditioned on still pointing at the
 * remapped side (so a concurrent newer mapping is never deleted).
 */
final class MongoLidMappingStore implements LidMappingStore {

    static final String DIRECTION = "t";
    static final String KEY = "k";
    private static final String VALUE = "v";
    private static final String PN_TO_LID = "p";
    private static final String LID_TO_PN = "l";

    private final String sessionId;
    private final MongoCollection<BsonDocument> collection;
    private final Fence fence;

    MongoLidMappingStore(String sessionId, MongoCollection<BsonDocument> collection, Fence fence) {
        this.sessionId = sessionId;
        this.collection = collection;
        this.fence = fence;
    }

    @Override
    public void store(LidPnMapping mapping) {
        storeAll(List.of(mapping));
    }

    @Override
    public void storeAll(Collection<LidPnMapping> mappings) {
        if (mappings.isEmpty()) {
            return;
        }
        List<String> lids = new ArrayList<>(mappings.size());
        List<String> pns = new ArrayList<>(mappings.size());
        for (LidPnMapping m : mappings) {
            lids.add(m.lid());
            pns.add(m.pn());
        }
        // The current state of the keys involved, updated as the batch is applied in order.
        Map<String, String> pnByLid = new HashMap<>(lookup(LID_TO_PN, lids));
        Map<String, String> lidByPn = new HashMap<>(lookup(PN_TO_LID, pns));
        List<WriteModel<BsonDocument>> writes = new ArrayList<>();
        for (LidPnMapping m : mappings) {
            String oldPn = pnByLid.put(m.lid(), m.pn());
            String oldLid = lidByPn.put(m.pn(), m.lid());
            writes.add(upsert(LID_TO_PN, m.lid(), m.pn()));
            writes.add(upsert(PN_TO_LID, m.pn(), m.lid()));
            if (oldPn != null && !oldPn.equals(m.pn())) {
                writes.add(new DeleteOneModel<>(fence.filter(entry(PN_TO_LID, oldPn).append(VALUE, new BsonString(m.lid())))));
                lidByPn.remove(oldPn, m.lid());
            }
            if (oldLid != null && !oldLid.equals(m.lid())) {
                writes.add(new DeleteOneModel<>(fence.filter(entry(LID_TO_PN, oldLid).append(VALUE, new BsonString(m.pn())))));
                pnByLid.remove(oldLid, m.pn());
            }
        }
        fence.bulkWrite(collection, writes, Docs.ORDERED);
    }

    @Override
    public Optional<String> lidForPn(String pn) {
        return single(PN_TO_LID, pn);
    }

    @Override
    public Optional<String> pnForLid(String lid) {
        return single(LID_TO_PN, lid);
    }

    @Override
    public Map<String, String> lidsForPns(Collection<String> pns) {
        return lookup(PN_TO_LID, pns);
    }

    @Override
    public Map<String, String> pnsForLids(Collection<String> lids) {
        return lookup(LID_TO_PN, lids);
    }

    private Optional<String> single(String direction, String key) {
        BsonDocument doc = collection.find(entry(direction, key)).projection(Docs.projection(VALUE)).first();
        return doc == null ? Optional.empty() : Optional.of(doc.getString(VALUE).getValue());
    }

    private Map<String, String> lookup(String direction, Collection<String> keys) {
        Map<String, String> found = new HashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        BsonArray values = new BsonArray(keys.size());
        keys.forEach(k -> values.add(new BsonString(k)));
        BsonDocument filter = Docs.session(sessionId).append(DIRECTION, new BsonString(direction))
                .append(KEY, new BsonDocument("$in", values));
        for (BsonDocument doc : collection.find(filter).projection(Docs.projection(KEY, VALUE))) {
            found.put(doc.getString(KEY).getValue(), doc.getString(VALUE).getValue());
        }
        return found;
    }

    private ReplaceOneModel<BsonDocument> upsert(String direction, String key, String value) {
        return new ReplaceOneModel<>(fence.filter(entry(direction, key)),
                fence.stamp(entry(direction, key).append(VALUE, new BsonString(value))), Docs.UPSERT);
    }

    private BsonDocument entry(String direction, String key) {
        return Docs.session(sessionId).append(DIRECTION, new BsonString(direction))
                .append(KEY, new BsonString(Objects.requireNonNull(key, "key")));
    }
}

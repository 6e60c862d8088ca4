package io.wabridge.store.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndReplaceOptions;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.WriteModel;
import io.wabridge.client.store.IdentityChange;
import io.wabridge.client.store.IdentityStore;
import io.wabridge.client.store.SignalAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.bson.BsonDocument;

/**
 * Documents {s, n, d, k, e}. A single save is one find-and-replace that returns the previous key, so trust on
 * first use needs no separate read; a batch reads once and writes only what is new or changed.
 */
final class MongoIdentityStore implements IdentityStore {

    private static final String KEY = "k";
    private static final FindOneAndReplaceOptions UPSERT_RETURN_OLD = new FindOneAndReplaceOptions()
            .upsert(true).returnDocument(ReturnDocument.BEFORE).projection(Docs.projection(KEY));

    private final String sessionId;
    private final MongoCollection<BsonDocument> collection;
    private final Fence fence;

    MongoIdentityStore(String sessionId, MongoCollection<BsonDocument> collection, Fence fence) {
        this.sessionId = sessionId;
        this.collection = collection;
        this.fence = fence;
    }

    @Override
    public Optional<byte[]> load(SignalAddress address) {
        BsonDocument doc = collection.find(Docs.address(sessionId, address)).projection(Docs.projection(KEY)).first();
        return doc == null ? Optional.empty() : Optional.of(Docs.bytes(doc, KEY));
    }

    @Override
    public Map<SignalAddress, byte[]> loadAll(Collection<SignalAddress> addresses) {
        Map<SignalAddress, byte[]> found = new HashMap<>();
        if (addresses.isEmpty()) {
            return found;
        }
        Set<SignalAddress> wanted = new HashSet<>(addresses);
        for (BsonDocument doc : collection.find(MongoSignalSessionStore.byNames(sessionId, wanted))
                .projection(Docs.projection(Docs.NAME, Docs.DEVICE, KEY))) {
            SignalAddress address = Docs.address(doc);
            if (wanted.contains(address)) {
                found.put(address, Docs.bytes(doc, KEY));
            }
        }
        return found;
    }

    @Override
    public IdentityChange save(SignalAddress address, byte[] identityKey) {
        BsonDocument previous = fence.write(() -> collection.findOneAndReplace(
                fence.filter(Docs.address(sessionId, address)), document(address, identityKey), UPSERT_RETURN_OLD));
        return change(previous == null ? null : Docs.bytes(previous, KEY), identityKey);
    }

    @Override
    public Map<SignalAddress, IdentityChange> saveAll(Map<SignalAddress, byte[]> identityKeys) {
        Map<SignalAddress, byte[]> stored = loadAll(identityKeys.keySet());
        Map<SignalAddress, IdentityChange> changes = new LinkedHashMap<>();
        List<WriteModel<BsonDocument>> writes = new ArrayList<>();
        identityKeys.forEach((address, key) -> {
            IdentityChange change = change(stored.get(address), key);
            changes.put(address, change);
            if (change != IdentityChange.UNCHANGED) {
                writes.add(new ReplaceOneModel<>(fence.filter(Docs.address(sessionId, address)), document(address, key),
                        Docs.UPSERT));
            }
        });
        if (!writes.isEmpty()) {
            fence.bulkWrite(collection, writes, Docs.UNORDERED);
        }
        return changes;
    }

    private static IdentityChange change(byte[] previous, byte[] key) {
        if (previous == null) {
            return IdentityChange.NEW;
        }
        return Arrays.equals(previous, key) ? IdentityChange.UNCHANGED : IdentityChange.CHANGED;
    }

    @Override
    public void delete(SignalAddress address) {
        collection.deleteOne(fence.filter(Docs.address(sessionId, address)));
    }

    private BsonDocument document(SignalAddress address, byte[] key) {
        return fence.stamp(Docs.address(sessionId, address).append(KEY,
                Docs.binary(Objects.requireNonNull(key, "identityKey"))));
    }
}

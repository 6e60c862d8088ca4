package io.wabridge.store.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.WriteModel;
import io.wabridge.client.store.SignalAddress;
import io.wabridge.client.store.SignalSessionStore;
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
import org.bson.BsonString;

/**
 * Documents {s, n, d, r, e}: session, user name, device, serialized record, writer's epoch.
 *
 * <p>Addresses known to have a stored record are remembered (a few per session, bounded), so {@link #contains},
 * which a send asks for every target device, is answered without a round trip once a session was seen. Only this
 * store (the lease holder's) writes or deletes the session's records, so a remembered address stays true until it
 * deletes it; an absent address is always asked again (a record may appear through another path, e.g. a restore).
 */
final class MongoSignalSessionStore implements SignalSessionStore {

    /** Known addresses remembered at most: past it the set starts over (a cache, never the truth). */
    static final int KNOWN_MAX = 256;

    private final String sessionId;
    private final MongoCollection<BsonDocument> collection;
    private final Fence fence;
    /** Addresses with a stored record, or null while none is known (an idle session holds nothing). Guarded by this. */
    private Set<SignalAddress> known;

    MongoSignalSessionStore(String sessionId, MongoCollection<BsonDocument> collection, Fence fence) {
        this.sessionId = sessionId;
        this.collection = collection;
        this.fence = fence;
    }

    @Override
    public Optional<byte[]> load(SignalAddress address) {
        BsonDocument doc = collection.find(Docs.address(sessionId, address)).projection(Docs.projection(Docs.RECORD)).first();
        if (doc == null) {
            forget(address);
            return Optional.empty();
        }
        remember(address);
        return Optional.of(Docs.bytes(doc, Docs.RECORD));
    }

    /** One query for all devices of the named users, filtered to the requested ones here. */
    @Override
    public Map<SignalAddress, byte[]> loadAll(Collection<SignalAddress> addresses) {
        Map<SignalAddress, byte[]> found = new HashMap<>();
        if (addresses.isEmpty()) {
            return found;
        }
        Set<SignalAddress> wanted = new HashSet<>(addresses);
        for (BsonDocument doc : collection.find(byNames(sessionId, wanted)).projection(Docs.projection(Docs.NAME, Docs.DEVICE, Docs.RECORD))) {
            SignalAddress address = Docs.address(doc);
            if (wanted.contains(address)) {
                found.put(address, Docs.bytes(doc, Docs.RECORD));
                remember(address);
            }
        }
        return found;
    }

    static BsonDocument byNames(String sessionId, Collection<SignalAddress> addresses) {
        BsonArray names = new BsonArray();
        Set<String> seen = new HashSet<>();
        for (SignalAddress address : addresses) {
            if (seen.add(address.name())) {
                names.add(new BsonString(address.name()));
            }
        }
        return Docs.session(sessionId).append(Docs.NAME, new BsonDocument("$in", names));
    }

    @Override
    public boolean contains(SignalAddress address) {
        if (isKnown(address)) {
            return true;
        }
        boolean stored = collection.find(Docs.address(sessionId, address)).projection(Docs.projection(Docs.DEVICE)).first() != null;
        if (stored) {
            remember(address);
        }
        return stored;
    }

    @Override
    public List<Integer> deviceIds(String name) {
        List<Integer> ids = new ArrayList<>();
        for (BsonDocument doc : collection.find(byName(name)).projection(Docs.projection(Docs.DEVICE)).sort(Sorts.ascending(Docs.DEVICE))) {
            ids.add(doc.getInt32(Docs.DEVICE).getValue());
        }
        return ids;
    }

    @Override
    public void store(SignalAddress address, byte[] record) {
        fence.write(() -> collection.replaceOne(fence.filter(Docs.address(sessionId, address)), document(address, record),
                Docs.UPSERT));
        remember(address);
    }

    @Override
    public void storeAll(Map<SignalAddress, byte[]> records) {
        if (records.isEmpty()) {
            return;
        }
        List<WriteModel<BsonDocument>> writes = new ArrayList<>(records.size());
        records.forEach((address, record) ->
                writes.add(new ReplaceOneModel<>(fence.filter(Docs.address(sessionId, address)), document(address, record),
                        Docs.UPSERT)));
        fence.write(() -> collection.bulkWrite(writes, Docs.UNORDERED));
        records.keySet().forEach(this::remember);
    }

    @Override
    public void delete(SignalAddress address) {
        forget(address);
        collection.deleteOne(fence.filter(Docs.address(sessionId, address)));
    }

    @Override
    public void deleteAll(String name) {
        synchronized (this) {
            if (known != null) {
                known.removeIf(a -> a.name().equals(name));
            }
        }
        collection.deleteMany(fence.filter(byName(name)));
    }

    private synchronized boolean isKnown(SignalAddress address) {
        return known != null && known.contains(address);
    }

    private synchronized void remember(SignalAddress address) {
        if (known == null || known.size() >= KNOWN_MAX) {
            known = new HashSet<>(4);
        }
        known.add(address);
    }

    private synchronized void forget(SignalAddress address) {
        if (known != null) {
            known.remove(address);
        }
    }

    private BsonDocument byName(String name) {
        return Docs.session(sessionId).append(Docs.NAME, new BsonString(Objects.requireNonNull(name, "name")));
    }

    private BsonDocument document(SignalAddress address, byte[] record) {
        return fence.stamp(Docs.address(sessionId, address).append(Docs.RECORD,
                Docs.binary(Objects.requireNonNull(record, "record"))));
    }
}

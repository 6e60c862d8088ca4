package io.wabridge.store.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.WriteModel;
import io.wabridge.client.store.KnownAddresses;
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
import org.bson.RawBsonDocument;

/**
 * Documents {s, n, d, r, e}: session, user name, device, serialized record, writer's epoch.
 *
 * <p>Addresses known to have a stored record are remembered ({@link KnownAddresses}), so {@link #contains} is
 * answered without a round trip once a session was seen.
 */
final class MongoSignalSessionStore implements SignalSessionStore {

    private final String sessionId;
    private final MongoCollection<BsonDocument> collection;
    private final Fence fence;
    private final KnownAddresses known = new KnownAddresses();

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
    public boolean knownToHold(SignalAddress address) {
        return isKnown(address);
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
        fence.write(() -> collection.replaceOne(fence.filter(Docs.rawAddress(sessionId, address)), document(address, record),
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
                writes.add(new ReplaceOneModel<>(fence.filter(Docs.rawAddress(sessionId, address)), document(address, record),
                        Docs.UPSERT)));
        fence.bulkWrite(collection, writes, Docs.UNORDERED);
        records.keySet().forEach(this::remember);
    }

    @Override
    public void delete(SignalAddress address) {
        forget(address);
        collection.deleteOne(fence.filter(Docs.address(sessionId, address)));
    }

    @Override
    public void deleteAll(String name) {
        known.forgetAll(name);
        collection.deleteMany(fence.filter(byName(name)));
    }

    /** The session's documents are being wiped ({@link MongoAccountStore#wipe()}). */
    void forgetKnown() {
        known.clear();
    }

    private boolean isKnown(SignalAddress address) {
        return known.isKnown(address);
    }

    private void remember(SignalAddress address) {
        known.remember(address);
    }

    private void forget(SignalAddress address) {
        known.forget(address);
    }

    private BsonDocument byName(String name) {
        return Docs.session(sessionId).append(Docs.NAME, new BsonString(Objects.requireNonNull(name, "name")));
    }

    /** Raw BSON (see {@link RawDoc}): the sessions a send or a receive ratcheted are written once per turn. */
    private RawBsonDocument document(SignalAddress address, byte[] record) {
        return fence.stamp(Docs.rawAddress(sessionId, address)).binary(Docs.RECORD, Objects.requireNonNull(record, "record"))
                .build();
    }
}

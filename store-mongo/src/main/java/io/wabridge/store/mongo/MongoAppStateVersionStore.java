package io.wabridge.store.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.WriteModel;
import io.wabridge.client.store.AppStateVersion;
import io.wabridge.client.store.AppStateVersionStore;
import io.wabridge.client.store.IndexValueMac;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;

/** Versions {s, c, v, h, e} and value MACs {s, c, i, m, e}, in two collections ({@code e}: writer's epoch). */
final class MongoAppStateVersionStore implements AppStateVersionStore {

    static final String COLLECTION = "c";
    static final String INDEX_MAC = "i";
    private static final String VERSION = "v";
    private static final String HASH = "h";
    private static final String VALUE_MAC = "m";

    private final String sessionId;
    private final MongoCollection<BsonDocument> versions;
    private final MongoCollection<BsonDocument> macs;
    private final Fence fence;

    MongoAppStateVersionStore(String sessionId, MongoCollection<BsonDocument> versions, MongoCollection<BsonDocument> macs, Fence fence) {
        this.sessionId = sessionId;
        this.versions = versions;
        this.macs = macs;
        this.fence = fence;
    }

    @Override
    public Optional<AppStateVersion> load(String collection) {
        BsonDocument doc = versions.find(inCollection(collection)).first();
        return doc == null ? Optional.empty()
                : Optional.of(new AppStateVersion(collection, doc.getInt64(VERSION).getValue(), Docs.bytes(doc, HASH)));
    }

    @Override
    public void save(AppStateVersion version) {
        BsonDocument doc = inCollection(version.collection()).append(VERSION, new BsonInt64(version.version()))
                .append(HASH, Docs.binary(version.hash()));
        fence.write(() -> versions.replaceOne(fence.filter(inCollection(version.collection())), fence.stamp(doc), Docs.UPSERT));
    }

    @Override
    public List<IndexValueMac> loadValueMacs(String collection, Collection<byte[]> indexMacs) {
        List<IndexValueMac> found = new ArrayList<>();
        if (indexMacs.isEmpty()) {
            return found;
        }
        for (BsonDocument doc : macs.find(byIndexMacs(collection, indexMacs)).projection(Docs.projection(INDEX_MAC, VALUE_MAC))) {
            found.add(new IndexValueMac(Docs.bytes(doc, INDEX_MAC), Docs.bytes(doc, VALUE_MAC)));
        }
        return found;
    }

    @Override
    public void putValueMacs(String collection, Collection<IndexValueMac> values) {
        if (values.isEmpty()) {
            return;
        }
        List<WriteModel<BsonDocument>> writes = new ArrayList<>(values.size());
        for (IndexValueMac mac : values) {
            BsonDocument key = inCollection(collection).append(INDEX_MAC, Docs.binary(mac.indexMac()));
            BsonDocument doc = inCollection(collection).append(INDEX_MAC, Docs.binary(mac.indexMac()))
                    .append(VALUE_MAC, Docs.binary(mac.valueMac()));
            writes.add(new ReplaceOneModel<>(fence.filter(key), fence.stamp(doc), Docs.UPSERT));
        }
        fence.write(() -> macs.bulkWrite(writes, Docs.ORDERED));
    }

    @Override
    public void removeValueMacs(String collection, Collection<byte[]> indexMacs) {
        if (!indexMacs.isEmpty()) {
            macs.deleteMany(fence.filter(byIndexMacs(collection, indexMacs)));
        }
    }

    /** Version first: a crash before the MACs are gone leaves no version, so the next sync resets again. */
    @Override
    public void reset(String collection) {
        versions.deleteOne(fence.filter(inCollection(collection)));
        macs.deleteMany(fence.filter(inCollection(collection)));
    }

    private BsonDocument inCollection(String collection) {
        return Docs.session(sessionId).append(COLLECTION, new BsonString(Objects.requireNonNull(collection, "collection")));
    }

    private BsonDocument byIndexMacs(String collection, Collection<byte[]> indexMacs) {
        BsonArray values = new BsonArray(indexMacs.size());
        indexMacs.forEach(mac -> values.add(Docs.binary(mac)));
        return inCollection(collection).append(INDEX_MAC, new BsonDocument("$in", values));
    }
}

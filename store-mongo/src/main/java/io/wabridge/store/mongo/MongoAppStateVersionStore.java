package io.wabridge.store.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.UpdateOptions;
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
import org.bson.BsonBoolean;
import org.bson.BsonInt32;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;

/**
 * Versions {s, c, v, h, e} and value MACs {s, c, i, m, e}, in two collections ({@code e}: writer's epoch).
 *
 * <p>{@link #apply} has no multi-document transaction to lean on, so it keeps a redo journal: the patch's MAC
 * changes go first into journal documents {s, c: "name#j<n>", x: [[op, i, m]...]} beside the version
 * documents, then ONE write of the version document records the intent {j: {v, h, n, r}} (the commit point), then
 * the MACs are changed and the version document is replaced by the new version without {@code j}. Every step is
 * idempotent; a {@link #load} that finds {@code j} (a crash in between) replays it before answering.
 */
final class MongoAppStateVersionStore implements AppStateVersionStore {

    static final String COLLECTION = "c";
    static final String INDEX_MAC = "i";
    private static final String VERSION = "v";
    private static final String HASH = "h";
    private static final String VALUE_MAC = "m";
    private static final String JOURNAL = "j";
    private static final String JOURNAL_CHUNKS = "n";
    private static final String JOURNAL_REPLACE = "r";
    private static final String JOURNAL_OPS = "x";
    /** MAC changes per journal document: about 80 bytes each, far below the 16 MB document limit. */
    static final int JOURNAL_CHUNK = 20_000;
    private static final UpdateOptions UPDATE_UPSERT = new UpdateOptions().upsert(true);

    private final String sessionId;
    private final MongoCollection<BsonDocument> versions;
    private final MongoCollection<BsonDocument> macs;
    private final Fence fence;
    private final int journalChunk;

    MongoAppStateVersionStore(String sessionId, MongoCollection<BsonDocument> versions, MongoCollection<BsonDocument> macs, Fence fence) {
        this(sessionId, versions, macs, fence, JOURNAL_CHUNK);
    }

    MongoAppStateVersionStore(String sessionId, MongoCollection<BsonDocument> versions, MongoCollection<BsonDocument> macs, Fence fence,
                              int journalChunk) {
        this.sessionId = sessionId;
        this.versions = versions;
        this.macs = macs;
        this.fence = fence;
        this.journalChunk = journalChunk;
    }

    @Override
    public Optional<AppStateVersion> load(String collection) {
        BsonDocument doc = versions.find(inCollection(collection)).first();
        if (doc != null && doc.containsKey(JOURNAL)) {
            BsonDocument journal = doc.getDocument(JOURNAL);
            AppStateVersion next = new AppStateVersion(collection, journal.getInt64(VERSION).getValue(), Docs.bytes(journal, HASH));
            replay(next, journal.getBoolean(JOURNAL_REPLACE).getValue(), journal.getInt32(JOURNAL_CHUNKS).getValue());
            return Optional.of(next);
        }
        return doc == null || !doc.containsKey(VERSION) ? Optional.empty()
                : Optional.of(new AppStateVersion(collection, doc.getInt64(VERSION).getValue(), Docs.bytes(doc, HASH)));
    }

    @Override
    public void apply(AppStateVersion next, boolean replace, Collection<byte[]> removes, Collection<IndexValueMac> puts) {
        replay(next, replace, record(next, replace, removes, puts));
    }

    /** Writes the journal and then the intent (the commit point); the number of journal documents. */
    int record(AppStateVersion next, boolean replace, Collection<byte[]> removes, Collection<IndexValueMac> puts) {
        String collection = next.collection();
        List<BsonArray> ops = new ArrayList<>(removes.size() + puts.size());
        removes.forEach(i -> ops.add(new BsonArray(List.of(new BsonInt32(0), Docs.binary(i)))));
        puts.forEach(p -> ops.add(new BsonArray(List.of(new BsonInt32(1), Docs.binary(p.indexMac()), Docs.binary(p.valueMac())))));
        int chunks = (ops.size() + journalChunk - 1) / journalChunk;
        for (int n = 0; n < chunks; n++) {
            BsonArray chunk = new BsonArray(ops.subList(n * journalChunk, Math.min(ops.size(), (n + 1) * journalChunk)));
            String name = journalName(collection, n);
            BsonDocument doc = fence.stamp(inCollection(name).append(JOURNAL_OPS, chunk));
            fence.write(() -> versions.replaceOne(fence.filter(inCollection(name)), doc, Docs.UPSERT));
        }
        BsonDocument intent = new BsonDocument(VERSION, new BsonInt64(next.version())).append(HASH, Docs.binary(next.hash()))
                .append(JOURNAL_CHUNKS, new BsonInt32(chunks)).append(JOURNAL_REPLACE, BsonBoolean.valueOf(replace));
        BsonDocument set = fence.stamp(new BsonDocument(JOURNAL, intent));
        fence.write(() -> versions.updateOne(fence.filter(inCollection(collection)), new BsonDocument("$set", set), UPDATE_UPSERT));
        return chunks;
    }

    /** Carries out a recorded intent: MAC changes chunk by chunk, then the new version (dropping the intent). */
    private void replay(AppStateVersion next, boolean replace, int chunks) {
        String collection = next.collection();
        if (replace) {
            macs.deleteMany(fence.filter(inCollection(collection)));
        }
        for (int n = 0; n < chunks; n++) {
            BsonDocument journal = versions.find(inCollection(journalName(collection, n))).first();
            if (journal == null) {
                throw new IllegalStateException("app-state journal chunk " + n + " of " + collection + " is missing");
            }
            List<byte[]> removed = new ArrayList<>();
            List<IndexValueMac> stored = new ArrayList<>();
            for (var op : journal.getArray(JOURNAL_OPS)) {
                BsonArray a = op.asArray();
                if (a.get(0).asInt32().getValue() == 0) {
                    removed.add(a.get(1).asBinary().getData());
                } else {
                    stored.add(new IndexValueMac(a.get(1).asBinary().getData(), a.get(2).asBinary().getData()));
                }
            }
            removeValueMacs(collection, removed);
            putValueMacs(collection, stored);
        }
        save(next);
        if (chunks > 0) {
            BsonArray names = new BsonArray();
            for (int n = 0; n < chunks; n++) {
                names.add(new BsonString(journalName(collection, n)));
            }
            versions.deleteMany(fence.filter(Docs.session(sessionId).append(COLLECTION, new BsonDocument("$in", names))));
        }
    }

    private static String journalName(String collection, int chunk) {
        return collection + "#j" + chunk;
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
        fence.bulkWrite(macs, writes, Docs.ORDERED);
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

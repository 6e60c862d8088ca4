package io.wabridge.store.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.WriteModel;
import io.wabridge.client.store.ChatLabel;
import io.wabridge.client.store.ChatThread;
import io.wabridge.client.store.ThreadStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.RawBsonDocument;

/**
 * Documents {s, j, nm, lt, uc, ar, pi, mu, ex?, es?, lb?, e}: one chat per document ({@code ex}/{@code es}: the
 * disappearing-messages timer and when it was set, only when set; {@code lb}: its label ids, absent when none); labels
 * in their own collection, {s, l, nm, co, e}: one label per document.
 */
final class MongoThreadStore implements ThreadStore {

    static final String JID = "j";
    static final String LABEL = "l";
    private static final BsonInt32 ZERO = new BsonInt32(0);
    private static final BsonInt64 ZERO_LONG = new BsonInt64(0);

    private final String sessionId;
    private final MongoCollection<BsonDocument> collection;
    private final MongoCollection<BsonDocument> labels;
    private final Fence fence;

    MongoThreadStore(String sessionId, MongoCollection<BsonDocument> collection, MongoCollection<BsonDocument> labels,
                     Fence fence) {
        this.sessionId = sessionId;
        this.collection = collection;
        this.labels = labels;
        this.fence = fence;
    }

    @Override
    public Optional<ChatThread> load(String jid) {
        return Optional.ofNullable(collection.find(key(jid).build()).first()).map(MongoThreadStore::decode);
    }

    @Override
    public void store(ChatThread thread) {
        fence.write(() -> collection.replaceOne(fence.filter(key(thread.jid())), document(thread), Docs.UPSERT));
    }

    @Override
    public void storeAll(Collection<ChatThread> threads) {
        if (threads.isEmpty()) {
            return;
        }
        List<WriteModel<BsonDocument>> writes = new ArrayList<>(threads.size());
        threads.forEach(t -> writes.add(new ReplaceOneModel<>(fence.filter(key(t.jid())), document(t), Docs.UPSERT)));
        fence.bulkWrite(collection, writes, Docs.ORDERED);
    }

    @Override
    public void delete(String jid) {
        collection.deleteOne(fence.filter(key(jid)));
    }

    @Override
    public List<ChatThread> page(String afterJid, int limit) {
        Docs.checkLimit(limit);
        List<ChatThread> page = new ArrayList<>();
        for (BsonDocument doc : collection.find(Paging.after(sessionId, JID, afterJid)).sort(new BsonDocument(JID, new BsonInt32(1))).limit(limit)) {
            page.add(decode(doc));
        }
        return page;
    }

    @Override
    public Optional<ChatLabel> loadLabel(String id) {
        return Optional.ofNullable(labels.find(labelKey(id)).first()).map(MongoThreadStore::decodeLabel);
    }

    @Override
    public void storeLabel(ChatLabel label) {
        BsonDocument doc = Docs.appendIfPresent(fence.stamp(labelKey(label.id())).append("co", new BsonInt32(label.color())),
                "nm", Docs.stringOrNull(label.name()));
        fence.write(() -> labels.replaceOne(fence.filter(labelKey(label.id())), doc, Docs.UPSERT));
    }

    @Override
    public void deleteLabel(String id) {
        labels.deleteOne(fence.filter(labelKey(id)));
    }

    @Override
    public List<ChatLabel> labelPage(String afterId, int limit) {
        Docs.checkLimit(limit);
        List<ChatLabel> page = new ArrayList<>();
        for (BsonDocument doc : labels.find(Paging.after(sessionId, LABEL, afterId)).sort(new BsonDocument(LABEL, new BsonInt32(1))).limit(limit)) {
            page.add(decodeLabel(doc));
        }
        return page;
    }

    private BsonDocument labelKey(String id) {
        return Docs.session(sessionId).append(LABEL, new BsonString(Objects.requireNonNull(id, "id")));
    }

    private static ChatLabel decodeLabel(BsonDocument doc) {
        return new ChatLabel(doc.getString(LABEL).getValue(), Docs.stringOrNull(doc, "nm"), doc.getInt32("co").getValue());
    }

    /** The key of a chat, open for more fields (raw BSON, see {@link RawDoc}). */
    private RawDoc key(String jid) {
        return RawDoc.session(sessionId).string(JID, Objects.requireNonNull(jid, "jid"));
    }

    /** Raw BSON: a chat's document is written with every message it sends or receives. */
    private RawBsonDocument document(ChatThread t) {
        RawDoc doc = fence.stamp(key(t.jid()))
                .int64("lt", t.lastMessageTimestamp())
                .int32("uc", t.unreadCount())
                .bool("ar", t.archived())
                .bool("pi", t.pinned())
                .int64("mu", t.muteEndTimestamp());
        if (t.ephemeralExpiration() != 0 || t.ephemeralSettingTimestamp() != 0) {
            doc.int32("ex", t.ephemeralExpiration()).int64("es", t.ephemeralSettingTimestamp());
        }
        if (!t.labels().isEmpty()) {
            doc.strings("lb", t.labels());
        }
        return doc.stringIfPresent("nm", t.name()).build();
    }

    private static ChatThread decode(BsonDocument doc) {
        return new ChatThread(doc.getString(JID).getValue(), Docs.stringOrNull(doc, "nm"), doc.getInt64("lt").getValue(),
                doc.getInt32("uc").getValue(), doc.getBoolean("ar").getValue(), doc.getBoolean("pi").getValue(),
                doc.getInt64("mu").getValue(), doc.getInt32("ex", ZERO).getValue(), doc.getInt64("es", ZERO_LONG).getValue(),
                doc.containsKey("lb") ? doc.getArray("lb").stream().map(v -> v.asString().getValue()).toList() : List.of());
    }
}

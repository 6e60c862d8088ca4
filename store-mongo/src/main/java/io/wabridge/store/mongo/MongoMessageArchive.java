package io.wabridge.store.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import io.wabridge.client.store.ArchivedMessage;
import io.wabridge.client.store.StoreSettings;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;

/**
 * The message archive of one session: documents {s, c, i, t, f, sn, sp, sl, pn, m, st?, lb?, x, e} (session, chat,
 * message id, timestamp ms, from me, sender, sender PN, sender LID, push name, message bytes, starred only when set,
 * label ids only when some, expiry = t + max age, epoch). A message archived again keeps its star and labels
 * ({@link #archive}); {@link #rewrite} (a star, a label, an edit) replaces the document whole.
 * Retention: reads filter on {@code t}, a TTL index on {@code x} lets real MongoDB reclaim old messages by itself,
 * a write deletes what is older than the max age (at most once a minute: reads never see it anyway) and the oldest
 * beyond the max count (one count, and a find plus a delete only when the session is over it). The count is skipped
 * while an upper bound of the session's documents kept here (the last count plus every message written since)
 * stays within the max: a burst of sends costs one upsert per write, not three round trips.
 */
final class MongoMessageArchive {

    static final String CHAT = "c";
    static final String ID = "i";
    static final String TIME = "t";
    static final String EXPIRES_AT = "x";
    private static final String MESSAGE = "m";
    private static final String LABELS = "lb";
    private static final String STARRED = "st";
    private static final UpdateOptions UPDATE_UPSERT = new UpdateOptions().upsert(true);
    /** The fields {@link #fields} leaves out when null (sender PN, sender LID, push name). */
    private static final List<String> OPTIONAL = List.of("sp", "sl", "pn");

    private final String sessionId;
    private final MongoCollection<BsonDocument> collection;
    private final StoreSettings settings;
    private final Fence fence;
    /** At least as many documents as this session has (the last count plus writes since), or -1: count. Guarded by this. */
    private long countBound = -1;
    /** When the last age pass ran (the settings' clock), or null before the first. Guarded by this. */
    private Long lastAgePass;

    /** Age passes at most this often: reads filter on {@code t}, the pass only reclaims space. */
    static final long AGE_PASS_MILLIS = 60_000;

    MongoMessageArchive(String sessionId, MongoCollection<BsonDocument> collection, StoreSettings settings, Fence fence) {
        this.sessionId = sessionId;
        this.collection = collection;
        this.settings = settings;
        this.fence = fence;
    }

    /**
     * Upserts by chat and id; a message kept already keeps its star and labels ({@code st}/{@code lb} only in
     * {@code $setOnInsert}: a message archived again, e.g. redelivered or from a history sync, does not lose them).
     */
    void archive(Collection<ArchivedMessage> messages) {
        if (messages.isEmpty()) {
            return;
        }
        List<WriteModel<BsonDocument>> writes = new ArrayList<>(messages.size());
        for (ArchivedMessage m : messages) {
            RawDoc update = fields(RawDoc.empty().start("$set"), m, false).end();
            List<String> optional = optional(m);
            if (optional.contains(null)) { // as the replacement did: what the new copy lacks goes
                update.start("$unset");
                for (int i = 0; i < OPTIONAL.size(); i++) {
                    if (optional.get(i) == null) {
                        update.string(OPTIONAL.get(i), "");
                    }
                }
                update.end();
            }
            if (m.starred() || !m.labels().isEmpty()) {
                marks(update.start("$setOnInsert"), m).end();
            }
            writes.add(new UpdateOneModel<>(fence.filter(key(m.chat(), m.id())), update.build(), UPDATE_UPSERT));
        }
        fence.bulkWrite(collection, writes, Docs.ORDERED);
        trim(messages.size());
    }

    /** Replaces the kept copy whole, its star and labels as {@code m} has them (stored if not kept). */
    void rewrite(ArchivedMessage m) {
        fence.bulkWrite(collection, List.of(new ReplaceOneModel<>(fence.filter(key(m.chat(), m.id())),
                fields(RawDoc.empty(), m, true).build(), Docs.UPSERT)), Docs.ORDERED);
        trim(1);
    }

    Optional<ArchivedMessage> find(String chat, String id) {
        BsonDocument filter = key(chat, id).start(TIME).int64("$gte", oldestKept()).end().build();
        return Optional.ofNullable(collection.find(filter).first()).map(MongoMessageArchive::decode);
    }

    List<ArchivedMessage> before(String chat, long beforeMillis, String beforeId, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be positive, got " + count);
        }
        BsonDocument filter = Docs.session(sessionId).append(CHAT, new BsonString(Objects.requireNonNull(chat, "chat")));
        BsonInt64 before = new BsonInt64(beforeMillis);
        BsonDocument olderTime = new BsonDocument(TIME, new BsonDocument("$lt", before));
        if (beforeId == null) {
            filter.append("$and", new BsonArray(List.of(olderTime, new BsonDocument(TIME,
                    new BsonDocument("$gte", new BsonInt64(oldestKept()))))));
        } else {
            BsonArray anchor = new BsonArray();
            anchor.add(olderTime);
            anchor.add(new BsonDocument(TIME, before).append(ID, new BsonDocument("$lt", new BsonString(beforeId))));
            filter.append("$or", anchor).append("$and", new BsonArray(List.of(new BsonDocument(TIME,
                    new BsonDocument("$gte", new BsonInt64(oldestKept()))))));
        }
        List<ArchivedMessage> page = new ArrayList<>(Math.min(count, 64));
        for (BsonDocument doc : collection.find(filter).sort(new BsonDocument(TIME, new BsonInt32(-1))
                .append(ID, new BsonInt32(-1))).limit(count)) {
            page.add(decode(doc));
        }
        return page;
    }

    void delete(String chat, String id) {
        collection.deleteOne(fence.filter(key(chat, id)));
    }

    long clear(String chat) {
        return collection.deleteMany(fence.filter(RawDoc.session(sessionId).string(CHAT, chat)))
                .getDeletedCount();
    }

    /** Not fenced: retention drops only what it drops, whoever wrote it. */
    private synchronized void trim(int written) {
        long now = settings.clock().millis();
        if (lastAgePass == null || now - lastAgePass >= AGE_PASS_MILLIS || now < lastAgePass) {
            collection.deleteMany(Docs.session(sessionId).append(TIME, new BsonDocument("$lt",
                    new BsonInt64(settings.archive().oldestKeptMillis(now)))));
            lastAgePass = now;
        }
        int max = settings.archive().maxMessages();
        if (countBound >= 0 && countBound + written <= max) {
            countBound += written;
            return;
        }
        long total = collection.countDocuments(Docs.session(sessionId));
        countBound = Math.min(total, max);
        if (total <= max) {
            return;
        }
        // the newest message to drop: everything at or below it in (t, i, c) order goes
        BsonDocument cut = collection.find(Docs.session(sessionId)).sort(new BsonDocument(TIME, new BsonInt32(-1))
                .append(ID, new BsonInt32(-1)).append(CHAT, new BsonInt32(-1))).skip(max).limit(1)
                .projection(Docs.projection(TIME, ID, CHAT)).first();
        if (cut == null) {
            return;
        }
        BsonInt64 t = cut.getInt64(TIME);
        BsonArray older = new BsonArray();
        older.add(new BsonDocument(TIME, new BsonDocument("$lt", t)));
        older.add(new BsonDocument(TIME, t).append(ID, new BsonDocument("$lt", cut.getString(ID))));
        older.add(new BsonDocument(TIME, t).append(ID, cut.getString(ID)).append(CHAT, new BsonDocument("$lte", cut.getString(CHAT))));
        collection.deleteMany(Docs.session(sessionId).append("$or", older));
    }

    private long oldestKept() {
        return settings.archive().oldestKeptMillis(settings.clock().millis());
    }

    /** The key of a message, open for more fields (raw BSON, see {@link RawDoc}). */
    private RawDoc key(String chat, String id) {
        return key(RawDoc.empty(), chat, id);
    }

    private RawDoc key(RawDoc doc, String chat, String id) {
        return doc.string(Docs.SESSION, sessionId).string(CHAT, Objects.requireNonNull(chat, "chat"))
                .string(ID, Objects.requireNonNull(id, "id"));
    }

    /**
     * The document's fields into {@code doc} (the whole document, or the {@code $set} of an upsert): the key, the
     * epoch, the message, its star and labels only if {@code marks} (and then only when set), the optional fields
     * only when present.
     */
    private RawDoc fields(RawDoc doc, ArchivedMessage m, boolean marks) {
        fence.stamp(key(doc, m.chat(), m.id()))
                .int64(TIME, m.timestampMillis())
                .bool("f", m.fromMe())
                .string("sn", m.sender())
                .binary(MESSAGE, m.message())
                .dateTime(EXPIRES_AT, m.timestampMillis() + settings.archive().maxAge().toMillis());
        if (marks) {
            marks(doc, m);
        }
        List<String> optional = optional(m);
        for (int i = 0; i < OPTIONAL.size(); i++) {
            doc.stringIfPresent(OPTIONAL.get(i), optional.get(i));
        }
        return doc;
    }

    /** Starred only when set, label ids only when some. */
    private static RawDoc marks(RawDoc doc, ArchivedMessage m) {
        if (m.starred()) {
            doc.bool(STARRED, true);
        }
        return m.labels().isEmpty() ? doc : doc.strings(LABELS, m.labels());
    }

    /** The values of {@link #OPTIONAL}, in its order (each may be null). */
    private static List<String> optional(ArchivedMessage m) {
        return java.util.Arrays.asList(m.senderPn(), m.senderLid(), m.pushName());
    }

    private static ArchivedMessage decode(BsonDocument doc) {
        return new ArchivedMessage(doc.getString(CHAT).getValue(), doc.getString(ID).getValue(),
                doc.getBoolean("f").getValue(), doc.getString("sn").getValue(), Docs.stringOrNull(doc, "sp"),
                Docs.stringOrNull(doc, "sl"), Docs.stringOrNull(doc, "pn"), doc.getInt64(TIME).getValue(),
                Docs.bytes(doc, MESSAGE), doc.getBoolean(STARRED, BsonBoolean.FALSE).getValue(),
                doc.containsKey(LABELS) ? doc.getArray(LABELS).stream().map(v -> v.asString().getValue()).toList() : List.of());
    }
}

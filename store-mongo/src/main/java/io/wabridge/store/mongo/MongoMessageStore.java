package io.wabridge.store.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.WriteModel;
import io.wabridge.client.store.ArchivedMessage;
import io.wabridge.client.store.MessageKey;
import io.wabridge.client.store.MessageStore;
import io.wabridge.client.store.StoreSettings;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;

/**
 * Documents {s, c, i, m, x, e}: session, chat, message id, message bytes, expiry time, writer's epoch. Reads filter on the expiry,
 * so an expired message is gone the moment it expires whatever the TTL monitor (or the test server) does.
 */
final class MongoMessageStore implements MessageStore {

    static final String CHAT = "c";
    static final String ID = "i";
    static final String EXPIRES_AT = "x";
    private static final String MESSAGE = "m";

    private final String sessionId;
    private final MongoCollection<BsonDocument> collection;
    private final StoreSettings settings;
    private final Fence fence;
    private final MongoMessageArchive archive;

    MongoMessageStore(String sessionId, MongoCollection<BsonDocument> collection, MongoCollection<BsonDocument> archive,
                      StoreSettings settings, Fence fence) {
        this.sessionId = sessionId;
        this.collection = collection;
        this.settings = settings;
        this.fence = fence;
        this.archive = new MongoMessageArchive(sessionId, archive, settings, fence);
    }

    @Override
    public void put(MessageKey key, byte[] message) {
        long expiresAt = settings.clock().millis() + settings.messageTtl().toMillis();
        fence.write(() -> collection.replaceOne(fence.filter(key(key)), document(key, message, expiresAt), Docs.UPSERT));
    }

    /** One unordered bulk write for the lot (a send burst's messages, committed together). */
    @Override
    public void putAll(Map<MessageKey, byte[]> messages) {
        if (messages.isEmpty()) {
            return;
        }
        long expiresAt = settings.clock().millis() + settings.messageTtl().toMillis();
        List<WriteModel<BsonDocument>> writes = new ArrayList<>(messages.size());
        messages.forEach((key, message) -> writes.add(
                new ReplaceOneModel<>(fence.filter(key(key)), document(key, message, expiresAt), Docs.UPSERT)));
        fence.bulkWrite(collection, writes, Docs.UNORDERED);
    }

    /** Raw BSON (see {@link RawDoc}): one per message sent, the hottest write there is. */
    private RawBsonDocument document(MessageKey key, byte[] message, long expiresAt) {
        return fence.stamp(key(key)).binary(MESSAGE, Objects.requireNonNull(message, "message"))
                .dateTime(EXPIRES_AT, expiresAt).build();
    }

    @Override
    public Optional<byte[]> load(MessageKey key) {
        BsonDocument filter = key(key).start(EXPIRES_AT).dateTime("$gt", settings.clock().millis()).end().build();
        BsonDocument doc = collection.find(filter).projection(Docs.projection(MESSAGE)).first();
        return doc == null ? Optional.empty() : Optional.of(Docs.bytes(doc, MESSAGE));
    }

    @Override
    public void delete(MessageKey key) {
        collection.deleteOne(fence.filter(key(key)));
    }

    /** Not fenced: it drops only what expired, whoever wrote it (as the provider-wide purge does). */
    @Override
    public long purgeExpired() {
        return collection.deleteMany(Docs.session(sessionId).append(EXPIRES_AT, new BsonDocument("$lte", now())))
                .getDeletedCount();
    }

    @Override
    public void archive(Collection<ArchivedMessage> messages) {
        archive.archive(messages);
    }

    @Override
    public void rewriteArchived(ArchivedMessage message) {
        archive.rewrite(message);
    }

    @Override
    public Optional<ArchivedMessage> archived(String chat, String id) {
        return archive.find(chat, id);
    }

    @Override
    public List<ArchivedMessage> archivedBefore(String chat, long beforeMillis, String beforeId, int count) {
        return archive.before(chat, beforeMillis, beforeId, count);
    }

    @Override
    public void deleteArchived(String chat, String id) {
        archive.delete(chat, id);
    }

    @Override
    public long clearArchived(String chat) {
        return archive.clear(chat);
    }

    private BsonDateTime now() {
        return new BsonDateTime(settings.clock().millis());
    }

    /** The key of a message, open for more fields (raw BSON, see {@link RawDoc}). */
    private RawDoc key(MessageKey key) {
        return RawDoc.session(sessionId).string(CHAT, key.chat()).string(ID, key.id());
    }
}

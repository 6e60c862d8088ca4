package io.wabridge.store.postgres;

import io.wabridge.client.store.ArchivedMessage;
import io.wabridge.client.store.MessageKey;
import io.wabridge.client.store.MessageStore;
import io.wabridge.client.store.StoreSettings;
import io.wabridge.store.postgres.entity.Keys;
import io.wabridge.store.postgres.entity.MessageRow;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link MessageRow}s (expires_at in epoch millis). Reads filter on the expiry by the provider's clock, so an expired
 * message is gone the moment it expires; purges reclaim the rows.
 */
final class PgMessageStore implements MessageStore {

    private final Database db;
    private final StoreSettings settings;
    private final Fence fence;
    private final Upsert upsert;
    private final PgMessageArchive archive;

    PgMessageStore(Database db, StoreSettings settings, Fence fence) {
        this.db = db;
        this.settings = settings;
        this.fence = fence;
        this.upsert = new Upsert(db.table(MessageRow.class), List.of("chat", "id"), List.of("message", "expires_at"));
        this.archive = new PgMessageArchive(db, settings, fence);
    }

    @Override
    public void put(MessageKey key, byte[] message) {
        long expiresAt = settings.clock().millis() + settings.messageTtl().toMillis();
        upsert.writeAll(db, fence, List.of(key), k -> new Object[] {k.chat(), k.id(), Objects.requireNonNull(message, "message"),
                expiresAt});
    }

    @Override
    public Optional<byte[]> load(MessageKey key) {
        long now = settings.clock().millis();
        return Rows.get(db, MessageRow.class, key(key)).filter(r -> r.expiresAt() > now).map(MessageRow::message);
    }

    @Override
    public void delete(MessageKey key) {
        Rows.delete(db, fence, MessageRow.class, "r.id = :key", Map.of("key", key(key)));
    }

    /** Not fenced: it drops only what expired, whoever wrote it (as the provider-wide purge does). */
    @Override
    public long purgeExpired() {
        return db.write(s -> s.createMutationQuery("delete from MessageRow r where r.id.sessionId = :session"
                        + " and r.expiresAt <= :now").setParameter("session", fence.sessionId())
                .setParameter("now", settings.clock().millis()).executeUpdate());
    }

    private Keys.Message key(MessageKey key) {
        return new Keys.Message(fence.sessionId(), key.chat(), key.id());
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
}

package io.wabridge.store.postgres;

import io.wabridge.client.store.ArchivedMessage;
import io.wabridge.client.store.MessageKey;
import io.wabridge.client.store.MessageStore;
import io.wabridge.client.store.StoreSettings;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Rows (session_id, chat, id, message, expires_at in epoch millis, epoch). Reads filter on the expiry by the
 * provider's clock, so an expired message is gone the moment it expires; purges reclaim the rows.
 */
final class PgMessageStore implements MessageStore {

    private final Database db;
    private final String table;
    private final StoreSettings settings;
    private final Fence fence;
    private final Upsert upsert;
    private final PgMessageArchive archive;

    PgMessageStore(Database db, StoreSettings settings, Fence fence) {
        this.db = db;
        this.table = db.table("messages");
        this.settings = settings;
        this.fence = fence;
        this.upsert = new Upsert(table, List.of("chat", "id"), List.of("message", "expires_at"));
        this.archive = new PgMessageArchive(db, settings, fence);
    }

    @Override
    public void put(MessageKey key, byte[] message) {
        long expiresAt = settings.clock().millis() + settings.messageTtl().toMillis();
        List<Object[]> row = List.<Object[]>of(new Object[] {key.chat(), key.id(), Objects.requireNonNull(message, "message"),
                expiresAt});
        db.write(s -> upsert.write(s, fence, row));
    }

    @Override
    public Optional<byte[]> load(MessageKey key) {
        List<Object[]> rows = db.select("SELECT message, expires_at FROM " + table
                        + " WHERE session_id = ?1 AND chat = ?2 AND id = ?3 AND expires_at > ?4",
                fence.sessionId(), key.chat(), key.id(), settings.clock().millis());
        return rows.isEmpty() ? Optional.empty() : Optional.of((byte[]) rows.get(0)[0]);
    }

    @Override
    public void delete(MessageKey key) {
        db.update("DELETE FROM " + table + " WHERE session_id = ?1 AND chat = ?2 AND id = ?3 AND epoch <= ?4",
                fence.sessionId(), key.chat(), key.id(), fence.epoch());
    }

    /** Not fenced: it drops only what expired, whoever wrote it (as the provider-wide purge does). */
    @Override
    public long purgeExpired() {
        return db.update("DELETE FROM " + table + " WHERE session_id = ?1 AND expires_at <= ?2", fence.sessionId(),
                settings.clock().millis());
    }

    @Override
    public void archive(Collection<ArchivedMessage> messages) {
        archive.archive(messages);
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

package io.wabridge.store.postgres;

import io.wabridge.client.store.ChatThread;
import io.wabridge.client.store.ThreadStore;
import io.wabridge.store.postgres.entity.Keys;
import io.wabridge.store.postgres.entity.ThreadRow;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@link ThreadRow}s: read by key or in jid pages, written by the fenced upsert. */
final class PgThreadStore implements ThreadStore {

    private final Database db;
    private final Fence fence;
    private final Upsert upsert;

    PgThreadStore(Database db, Fence fence) {
        this.db = db;
        this.fence = fence;
        this.upsert = new Upsert(db.table(ThreadRow.class), List.of("jid"),
                List.of("name", "last_message_timestamp", "unread_count", "archived", "pinned", "mute_end_timestamp",
                        "ephemeral_expiration", "ephemeral_setting_timestamp"));
    }

    @Override
    public Optional<ChatThread> load(String jid) {
        return Rows.get(db, ThreadRow.class, new Keys.Jid(fence.sessionId(), Objects.requireNonNull(jid, "jid")))
                .map(PgThreadStore::decode);
    }

    @Override
    public void store(ChatThread thread) {
        storeAll(List.of(thread));
    }

    @Override
    public void storeAll(Collection<ChatThread> threads) {
        upsert.writeAll(db, fence, threads, t -> new Object[] {t.jid(), t.name(), t.lastMessageTimestamp(), t.unreadCount(),
                t.archived(), t.pinned(), t.muteEndTimestamp(), t.ephemeralExpiration(), t.ephemeralSettingTimestamp()});
    }

    @Override
    public void delete(String jid) {
        JidRows.delete(db, fence, ThreadRow.class, jid);
    }

    @Override
    public List<ChatThread> page(String afterJid, int limit) {
        return JidRows.page(db, ThreadRow.class, fence.sessionId(), afterJid, limit, PgThreadStore::decode);
    }

    private static ChatThread decode(ThreadRow r) {
        return new ChatThread(r.id().jid(), r.name(), r.lastMessageTimestamp(), r.unreadCount(), r.archived(), r.pinned(),
                r.muteEndTimestamp(), r.ephemeralExpiration(), r.ephemeralSettingTimestamp());
    }
}

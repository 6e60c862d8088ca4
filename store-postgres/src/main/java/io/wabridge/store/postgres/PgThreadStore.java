package io.wabridge.store.postgres;

import io.wabridge.client.store.ChatThread;
import io.wabridge.client.store.ThreadStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Rows (session_id, jid, name, last_message_timestamp, unread_count, archived, pinned, mute_end_timestamp, epoch). */
final class PgThreadStore implements ThreadStore {

    private static final String COLUMNS = "jid, name, last_message_timestamp, unread_count, archived, pinned, mute_end_timestamp";

    private final Database db;
    private final String table;
    private final Fence fence;
    private final Upsert upsert;

    PgThreadStore(Database db, Fence fence) {
        this.db = db;
        this.table = db.table("threads");
        this.fence = fence;
        this.upsert = new Upsert(table, List.of("jid"),
                List.of("name", "last_message_timestamp", "unread_count", "archived", "pinned", "mute_end_timestamp"));
    }

    @Override
    public Optional<ChatThread> load(String jid) {
        List<Object[]> rows = db.select("SELECT " + COLUMNS + " FROM " + table + " WHERE session_id = ?1 AND jid = ?2",
                fence.sessionId(), Objects.requireNonNull(jid, "jid"));
        return rows.isEmpty() ? Optional.empty() : Optional.of(decode(rows.get(0)));
    }

    @Override
    public void store(ChatThread thread) {
        storeAll(List.of(thread));
    }

    @Override
    public void storeAll(Collection<ChatThread> threads) {
        if (threads.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>(threads.size());
        for (ChatThread t : threads) {
            rows.add(new Object[] {t.jid(), t.name(), t.lastMessageTimestamp(), t.unreadCount(), t.archived(), t.pinned(),
                    t.muteEndTimestamp()});
        }
        db.write(s -> upsert.write(s, fence, rows));
    }

    @Override
    public void delete(String jid) {
        db.update("DELETE FROM " + table + " WHERE session_id = ?1 AND jid = ?2 AND epoch <= ?3", fence.sessionId(),
                Objects.requireNonNull(jid, "jid"), fence.epoch());
    }

    @Override
    public List<ChatThread> page(String afterJid, int limit) {
        return Paging.page(db, COLUMNS, table, fence.sessionId(), afterJid, limit, PgThreadStore::decode);
    }

    private static ChatThread decode(Object[] r) {
        return new ChatThread((String) r[0], (String) r[1], Sql.toLong(r[2]), Sql.toInt(r[3]), (Boolean) r[4],
                (Boolean) r[5], Sql.toLong(r[6]));
    }
}

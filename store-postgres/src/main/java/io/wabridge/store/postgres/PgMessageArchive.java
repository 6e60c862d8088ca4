package io.wabridge.store.postgres;

import io.wabridge.client.store.ArchivedMessage;
import io.wabridge.client.store.MessageStore;
import io.wabridge.client.store.StoreSettings;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The message archive of one session: rows of {@code message_archive} (session_id, chat, id, from_me, sender,
 * sender_pn, sender_lid, push_name, ts in epoch ms, message, starred, labels as a JSON array of ids or null when
 * none, epoch). Reads filter on the retention's age; every
 * write (one transaction) upserts the batch (a row written again keeps its starred and labels: only
 * {@link MessageStore#rewriteArchived} changes them), then deletes what is older than the max age and the oldest rows beyond
 * the max count (the count's cut found by the (session_id, ts, id, chat) index).
 */
final class PgMessageArchive {

    private static final String COLUMNS = "chat, id, from_me, sender, sender_pn, sender_lid, push_name, ts, message, starred,"
            + " labels";

    private final Database db;
    private final String table;
    private final StoreSettings settings;
    private final Fence fence;
    /** A message archived again keeps the star and labels kept: they are inserted, not updated. */
    private final Upsert upsert;
    /** The whole row, star and labels too (a star, a label or an edit of the kept copy). */
    private final Upsert rewrite;

    PgMessageArchive(Database db, StoreSettings settings, Fence fence) {
        this.db = db;
        this.table = db.table(PgAccountStore.ARCHIVE_TABLE);
        this.settings = settings;
        this.fence = fence;
        List<String> values = List.of("from_me", "sender", "sender_pn", "sender_lid", "push_name", "ts", "message",
                "starred", "labels");
        this.upsert = new Upsert(table, List.of("chat", "id"), values, List.of("starred", "labels"));
        this.rewrite = new Upsert(table, List.of("chat", "id"), values);
    }

    void archive(Collection<ArchivedMessage> messages) {
        write(upsert, messages);
    }

    void rewrite(ArchivedMessage message) {
        write(rewrite, List.of(message));
    }

    private void write(Upsert upsert, Collection<ArchivedMessage> messages) {
        if (messages.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>(messages.size());
        for (ArchivedMessage m : messages) {
            rows.add(new Object[] {m.chat(), m.id(), m.fromMe(), m.sender(), m.senderPn(), m.senderLid(), m.pushName(),
                    m.timestampMillis(), m.message(), m.starred(), PgThreadStore.labels(m.labels())});
        }
        long oldest = oldestKept();
        String session = fence.sessionId();
        db.write(s -> upsert.write(s, fence, rows)
                .thenCompose(n -> Database.update(s, "DELETE FROM " + table + " WHERE session_id = ?1 AND ts < ?2",
                        session, oldest))
                .thenCompose(n -> Database.update(s, "DELETE FROM " + table + " WHERE session_id = ?1 AND (ts, id, chat)"
                        + " <= (SELECT ts, id, chat FROM " + table + " WHERE session_id = ?1"
                        + " ORDER BY ts DESC, id DESC, chat DESC OFFSET ?2 LIMIT 1)",
                        session, settings.archive().maxMessages())));
    }

    Optional<ArchivedMessage> find(String chat, String id) {
        List<Object[]> rows = db.select("SELECT " + COLUMNS + " FROM " + table
                        + " WHERE session_id = ?1 AND chat = ?2 AND id = ?3 AND ts >= ?4", fence.sessionId(),
                Objects.requireNonNull(chat, "chat"), Objects.requireNonNull(id, "id"), oldestKept());
        return rows.isEmpty() ? Optional.empty() : Optional.of(decode(rows.get(0)));
    }

    List<ArchivedMessage> before(String chat, long beforeMillis, String beforeId, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be positive, got " + count);
        }
        List<Object[]> rows = beforeId == null
                ? db.select("SELECT " + COLUMNS + " FROM " + table + " WHERE session_id = ?1 AND chat = ?2 AND ts < ?3"
                        + " AND ts >= ?4 ORDER BY ts DESC, id DESC LIMIT ?5", fence.sessionId(),
                        Objects.requireNonNull(chat, "chat"), beforeMillis, oldestKept(), count)
                : db.select("SELECT " + COLUMNS + " FROM " + table + " WHERE session_id = ?1 AND chat = ?2"
                        + " AND (ts, id) < (?3, ?6) AND ts >= ?4 ORDER BY ts DESC, id DESC LIMIT ?5", fence.sessionId(),
                        Objects.requireNonNull(chat, "chat"), beforeMillis, oldestKept(), count, beforeId);
        List<ArchivedMessage> page = new ArrayList<>(rows.size());
        rows.forEach(r -> page.add(decode(r)));
        return page;
    }

    void delete(String chat, String id) {
        db.update("DELETE FROM " + table + " WHERE session_id = ?1 AND chat = ?2 AND id = ?3 AND epoch <= ?4",
                fence.sessionId(), chat, id, fence.epoch());
    }

    long clear(String chat) {
        return db.update("DELETE FROM " + table + " WHERE session_id = ?1 AND chat = ?2 AND epoch <= ?3",
                fence.sessionId(), chat, fence.epoch());
    }

    private long oldestKept() {
        return settings.archive().oldestKeptMillis(settings.clock().millis());
    }

    private static ArchivedMessage decode(Object[] r) {
        return new ArchivedMessage((String) r[0], (String) r[1], (Boolean) r[2], (String) r[3], (String) r[4],
                (String) r[5], (String) r[6], ((Number) r[7]).longValue(), (byte[]) r[8], (Boolean) r[9],
                PgThreadStore.labelIds((String) r[10]));
    }
}

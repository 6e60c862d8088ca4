package io.wabridge.store.postgres;

import io.wabridge.client.appstate.IndexJson;
import io.wabridge.client.store.ChatLabel;
import io.wabridge.client.store.ChatThread;
import io.wabridge.client.store.ThreadStore;
import io.wabridge.store.postgres.entity.Keys;
import io.wabridge.store.postgres.entity.LabelRow;
import io.wabridge.store.postgres.entity.ThreadRow;
import java.util.Collection;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link ThreadRow}s (label ids as a JSON array of strings) and {@link LabelRow}s: read by key or in pages, written by
 * the fenced upsert.
 */
final class PgThreadStore implements ThreadStore {

    private final Database db;
    private final Fence fence;
    private final Upsert upsert;
    private final Upsert labelUpsert;

    PgThreadStore(Database db, Fence fence) {
        this.db = db;
        this.fence = fence;
        this.upsert = new Upsert(db.table(ThreadRow.class), List.of("jid"),
                List.of("name", "last_message_timestamp", "unread_count", "archived", "pinned", "mute_end_timestamp",
                        "ephemeral_expiration", "ephemeral_setting_timestamp", "labels"));
        this.labelUpsert = new Upsert(db.table(LabelRow.class), List.of("label_id"), List.of("name", "color"));
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
                t.archived(), t.pinned(), t.muteEndTimestamp(), t.ephemeralExpiration(), t.ephemeralSettingTimestamp(),
                labels(t.labels())});
    }

    @Override
    public void delete(String jid) {
        JidRows.delete(db, fence, ThreadRow.class, jid);
    }

    @Override
    public List<ChatThread> page(String afterJid, int limit) {
        return JidRows.page(db, ThreadRow.class, fence.sessionId(), afterJid, limit, PgThreadStore::decode);
    }

    @Override
    public Optional<ChatLabel> loadLabel(String id) {
        return Rows.get(db, LabelRow.class, new Keys.Label(fence.sessionId(), Objects.requireNonNull(id, "id")))
                .map(PgThreadStore::decode);
    }

    @Override
    public void storeLabel(ChatLabel label) {
        labelUpsert.writeAll(db, fence, List.of(label), l -> new Object[] {l.id(), l.name(), l.color()});
    }

    @Override
    public void deleteLabel(String id) {
        Rows.delete(db, fence, LabelRow.class, "r.id.labelId = :id", Map.of("id", Objects.requireNonNull(id, "id")));
    }

    @Override
    public List<ChatLabel> labelPage(String afterId, int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("page limit must be positive, got " + limit);
        }
        List<LabelRow> rows = afterId == null
                ? Rows.list(db, fence.sessionId(), LabelRow.class, "", Map.of(), "r.id.labelId", limit)
                : Rows.list(db, fence.sessionId(), LabelRow.class, "r.id.labelId > :after", Map.of("after", afterId),
                        "r.id.labelId", limit);
        return rows.stream().map(PgThreadStore::decode).toList();
    }

    /** Label ids (of a chat or an archived message) as a column holds them: a JSON array, null when none. */
    static String labels(List<String> ids) {
        return ids.isEmpty() ? null : new String(IndexJson.encode(ids), StandardCharsets.UTF_8);
    }

    private static ChatThread decode(ThreadRow r) {
        return new ChatThread(r.id().jid(), r.name(), r.lastMessageTimestamp(), r.unreadCount(), r.archived(), r.pinned(),
                r.muteEndTimestamp(), r.ephemeralExpiration(), r.ephemeralSettingTimestamp(),
                labelIds(r.labels()));
    }

    /** The label ids a column holds ({@link #labels}). */
    static List<String> labelIds(String column) {
        return column == null ? List.of() : IndexJson.parse(column.getBytes(StandardCharsets.UTF_8));
    }

    private static ChatLabel decode(LabelRow r) {
        return new ChatLabel(r.id().labelId(), r.name(), r.color());
    }
}

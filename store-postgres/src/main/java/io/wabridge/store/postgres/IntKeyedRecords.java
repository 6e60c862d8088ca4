package io.wabridge.store.postgres;

import io.wabridge.store.postgres.entity.Keys;
import io.wabridge.store.postgres.entity.NumberedRecordRow;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/** Records keyed by an int id within a session (one-time and signed prekeys): {@link NumberedRecordRow}s. */
final class IntKeyedRecords {

    private static final List<String> ID = List.of("id");

    private final Database db;
    private final Class<? extends NumberedRecordRow> entity;
    private final Fence fence;
    private final String table;
    private final Upsert upsert;

    IntKeyedRecords(Database db, Class<? extends NumberedRecordRow> entity, Fence fence) {
        this.db = db;
        this.entity = entity;
        this.fence = fence;
        this.table = db.table(entity);
        this.upsert = new Upsert(table, List.of("id"), List.of("record"));
    }

    Optional<byte[]> load(int id) {
        return Rows.get(db, entity, key(id)).map(NumberedRecordRow::record);
    }

    /** Records of the given ids (all of the session's when {@code ids} is null), by ascending id. */
    Map<Integer, byte[]> loadAll(Collection<Integer> ids) {
        Map<Integer, byte[]> found = new LinkedHashMap<>();
        if (ids != null && ids.isEmpty()) {
            return found;
        }
        if (ids == null) {
            Rows.list(db, fence.sessionId(), entity, "", Map.of(), "r.id.id", 0).forEach(r -> found.put(r.id().id(), r.record()));
            return found;
        }
        List<Object[]> rows = new ArrayList<>(KeyLists.select(db, table, "id, record", fence.sessionId(), ID, keys(ids)));
        rows.sort(java.util.Comparator.comparingInt(r -> ((Number) r[0]).intValue()));
        rows.forEach(r -> found.put(((Number) r[0]).intValue(), (byte[]) r[1]));
        return found;
    }

    boolean contains(int id) {
        return load(id).isPresent();
    }

    void store(int id, byte[] record) {
        storeAll(Map.of(id, record));
    }

    void storeAll(Map<Integer, byte[]> records) {
        upsert.writeAll(db, fence, records.entrySet(),
                e -> new Object[] {e.getKey(), Objects.requireNonNull(e.getValue(), "record")});
    }

    void remove(int id) {
        Rows.delete(db, fence, entity, "r.id.id = :id", Map.of("id", id));
    }

    void removeAll(Collection<Integer> ids) {
        if (!ids.isEmpty()) {
            KeyLists.delete(db, fence, table, ID, keys(ids));
        }
    }

    int count() {
        return Rows.aggregate(db, fence.sessionId(), entity, "count(*)", Long.class).intValue();
    }

    OptionalInt maxId() {
        Integer max = Rows.aggregate(db, fence.sessionId(), entity, "max(r.id.id)", Integer.class);
        return max == null ? OptionalInt.empty() : OptionalInt.of(max);
    }

    private static List<Object[]> keys(Collection<Integer> ids) {
        return ids.stream().map(id -> new Object[] {id}).toList();
    }

    private Keys.Numbered key(int id) {
        return new Keys.Numbered(fence.sessionId(), id);
    }
}

package io.wabridge.store.postgres;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Rows (session_id, id, record, epoch): records keyed by an int id within a session (one-time and signed prekeys). */
final class IntKeyedRecords {

    private final Database db;
    private final String table;
    private final Fence fence;
    private final Upsert upsert;

    IntKeyedRecords(Database db, String table, Fence fence) {
        this.db = db;
        this.table = db.table(table);
        this.fence = fence;
        this.upsert = new Upsert(this.table, List.of("id"), List.of("record"));
    }

    Optional<byte[]> load(int id) {
        List<Object[]> rows = db.select("SELECT record, id FROM " + table + " WHERE session_id = ?1 AND id = ?2",
                fence.sessionId(), id);
        return rows.isEmpty() ? Optional.empty() : Optional.of((byte[]) rows.get(0)[0]);
    }

    /** Records of the given ids (all of the session's when {@code ids} is null), by ascending id. */
    Map<Integer, byte[]> loadAll(Collection<Integer> ids) {
        Map<Integer, byte[]> found = new LinkedHashMap<>();
        if (ids != null && ids.isEmpty()) {
            return found;
        }
        List<Object[]> rows = ids == null
                ? db.select("SELECT id, record FROM " + table + " WHERE session_id = ?1 ORDER BY id", fence.sessionId())
                : db.select("SELECT id, record FROM " + table + " WHERE session_id = ?1 AND "
                        + Sql.in("id", 2, ids.size()) + " ORDER BY id", Sql.params(fence.sessionId(), ids));
        for (Object[] r : rows) {
            found.put(Sql.toInt(r[0]), (byte[]) r[1]);
        }
        return found;
    }

    boolean contains(int id) {
        return load(id).isPresent();
    }

    void store(int id, byte[] record) {
        storeAll(Map.of(id, record));
    }

    void storeAll(Map<Integer, byte[]> records) {
        if (records.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>(records.size());
        records.forEach((id, r) -> rows.add(new Object[] {id, Objects.requireNonNull(r, "record")}));
        db.write(s -> upsert.write(s, fence, rows));
    }

    void remove(int id) {
        db.update("DELETE FROM " + table + " WHERE session_id = ?1 AND id = ?2 AND epoch <= ?3", fence.sessionId(), id,
                fence.epoch());
    }

    void removeAll(Collection<Integer> ids) {
        if (ids.isEmpty()) {
            return;
        }
        List<Object> params = new ArrayList<>(ids.size() + 2);
        params.add(fence.sessionId());
        params.add(fence.epoch());
        params.addAll(ids);
        db.update("DELETE FROM " + table + " WHERE session_id = ?1 AND epoch <= ?2 AND " + Sql.in("id", 3, ids.size()),
                params.toArray());
    }

    int count() {
        return Sql.toInt(db.select("SELECT count(*), 0 FROM " + table + " WHERE session_id = ?1", fence.sessionId())
                .get(0)[0]);
    }

    java.util.OptionalInt maxId() {
        Object max = db.select("SELECT max(id), 0 FROM " + table + " WHERE session_id = ?1", fence.sessionId()).get(0)[0];
        return max == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(Sql.toInt(max));
    }
}

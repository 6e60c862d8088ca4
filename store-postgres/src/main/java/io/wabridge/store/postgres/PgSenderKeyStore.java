package io.wabridge.store.postgres;

import io.wabridge.client.store.SenderKeyName;
import io.wabridge.client.store.SenderKeyStore;
import io.wabridge.client.store.SignalAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Rows (session_id, group_id, name, device, record, epoch). */
final class PgSenderKeyStore implements SenderKeyStore {

    private final Database db;
    private final String table;
    private final Fence fence;
    private final Upsert upsert;

    PgSenderKeyStore(Database db, Fence fence) {
        this.db = db;
        this.table = db.table("sender_keys");
        this.fence = fence;
        this.upsert = new Upsert(table, List.of("group_id", "name", "device"), List.of("record"));
    }

    @Override
    public Optional<byte[]> load(SenderKeyName name) {
        List<Object[]> rows = db.select("SELECT record, device FROM " + table
                        + " WHERE session_id = ?1 AND group_id = ?2 AND name = ?3 AND device = ?4",
                fence.sessionId(), name.groupId(), name.sender().name(), name.sender().deviceId());
        return rows.isEmpty() ? Optional.empty() : Optional.of((byte[]) rows.get(0)[0]);
    }

    @Override
    public Map<SenderKeyName, byte[]> loadAll(Collection<SenderKeyName> names) {
        Map<SenderKeyName, byte[]> found = new HashMap<>();
        if (names.isEmpty()) {
            return found;
        }
        List<SenderKeyName> wanted = List.copyOf(new LinkedHashSet<>(names));
        StringBuilder sql = new StringBuilder("SELECT group_id, name, device, record FROM " + table
                + " WHERE session_id = ?1 AND (group_id, name, device) IN (");
        List<Object> params = new ArrayList<>(wanted.size() * 3 + 1);
        params.add(fence.sessionId());
        for (int i = 0; i < wanted.size(); i++) {
            SenderKeyName n = wanted.get(i);
            sql.append(i == 0 ? "" : ", ").append(Database.placeholders(params.size() + 1, 3));
            params.add(n.groupId());
            params.add(n.sender().name());
            params.add(n.sender().deviceId());
        }
        for (Object[] r : db.select(sql.append(')').toString(), params.toArray())) {
            found.put(new SenderKeyName((String) r[0], new SignalAddress((String) r[1], Sql.toInt(r[2]))), (byte[]) r[3]);
        }
        return found;
    }

    @Override
    public void store(SenderKeyName name, byte[] record) {
        storeAll(Map.of(name, record));
    }

    @Override
    public void storeAll(Map<SenderKeyName, byte[]> records) {
        if (records.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>(records.size());
        records.forEach((n, r) -> rows.add(new Object[] {n.groupId(), n.sender().name(), n.sender().deviceId(),
                Objects.requireNonNull(r, "record")}));
        db.write(s -> upsert.write(s, fence, rows));
    }

    @Override
    public void delete(SenderKeyName name) {
        db.update("DELETE FROM " + table + " WHERE session_id = ?1 AND group_id = ?2 AND name = ?3 AND device = ?4"
                        + " AND epoch <= ?5", fence.sessionId(), name.groupId(), name.sender().name(), name.sender().deviceId(),
                fence.epoch());
    }

    @Override
    public void deleteGroup(String groupId) {
        db.update("DELETE FROM " + table + " WHERE session_id = ?1 AND group_id = ?2 AND epoch <= ?3", fence.sessionId(),
                Objects.requireNonNull(groupId, "groupId"), fence.epoch());
    }
}

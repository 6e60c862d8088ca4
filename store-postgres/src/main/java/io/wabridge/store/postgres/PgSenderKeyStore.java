package io.wabridge.store.postgres;

import io.wabridge.client.store.SenderKeyName;
import io.wabridge.client.store.SenderKeyStore;
import io.wabridge.client.store.SignalAddress;
import io.wabridge.store.postgres.entity.Keys;
import io.wabridge.store.postgres.entity.SenderKeyRow;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** {@link SenderKeyRow}s: read by key, written by the fenced upsert. */
final class PgSenderKeyStore implements SenderKeyStore {

    private final Database db;
    private final Fence fence;
    private final Upsert upsert;

    PgSenderKeyStore(Database db, Fence fence) {
        this.db = db;
        this.fence = fence;
        this.upsert = new Upsert(db.table(SenderKeyRow.class), List.of("group_id", "name", "device"), List.of("record"));
    }

    @Override
    public Optional<byte[]> load(SenderKeyName name) {
        return Rows.get(db, SenderKeyRow.class, key(name)).map(SenderKeyRow::record);
    }

    @Override
    public Map<SenderKeyName, byte[]> loadAll(Collection<SenderKeyName> names) {
        Map<SenderKeyName, byte[]> found = new HashMap<>();
        List<Object[]> keys = new ArrayList<>(names.size());
        for (SenderKeyName n : new LinkedHashSet<>(names)) {
            keys.add(new Object[] {n.groupId(), n.sender().name(), n.sender().deviceId()});
        }
        for (Object[] r : KeyLists.select(db, db.table(SenderKeyRow.class), "group_id, name, device, record", fence.sessionId(),
                List.of("group_id", "name", "device"), keys)) {
            found.put(new SenderKeyName((String) r[0], new SignalAddress((String) r[1], ((Number) r[2]).intValue())),
                    (byte[]) r[3]);
        }
        return found;
    }

    @Override
    public void store(SenderKeyName name, byte[] record) {
        storeAll(Map.of(name, record));
    }

    @Override
    public void storeAll(Map<SenderKeyName, byte[]> records) {
        upsert.writeAll(db, fence, records.entrySet(), e -> new Object[] {e.getKey().groupId(), e.getKey().sender().name(),
                e.getKey().sender().deviceId(), Objects.requireNonNull(e.getValue(), "record")});
    }

    @Override
    public void delete(SenderKeyName name) {
        Rows.delete(db, fence, SenderKeyRow.class, "r.id = :key", Map.of("key", key(name)));
    }

    @Override
    public void deleteGroup(String groupId) {
        Rows.delete(db, fence, SenderKeyRow.class, "r.id.groupId = :group",
                Map.of("group", Objects.requireNonNull(groupId, "groupId")));
    }

    private Keys.SenderKey key(SenderKeyName name) {
        return new Keys.SenderKey(fence.sessionId(), name.groupId(), name.sender().name(), name.sender().deviceId());
    }
}

package io.wabridge.store.postgres;

import io.wabridge.client.store.SignalAddress;
import io.wabridge.client.store.SignalSessionStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Rows (session_id, name, device, record, epoch). */
final class PgSignalSessionStore implements SignalSessionStore {

    private final Database db;
    private final String table;
    private final Fence fence;
    private final Upsert upsert;

    PgSignalSessionStore(Database db, Fence fence) {
        this.db = db;
        this.table = db.table("signal_sessions");
        this.fence = fence;
        this.upsert = new Upsert(table, List.of("name", "device"), List.of("record"));
    }

    @Override
    public Optional<byte[]> load(SignalAddress address) {
        List<Object[]> rows = db.select("SELECT record, device FROM " + table
                + " WHERE session_id = ?1 AND name = ?2 AND device = ?3", fence.sessionId(), address.name(), address.deviceId());
        return rows.isEmpty() ? Optional.empty() : Optional.of((byte[]) rows.get(0)[0]);
    }

    @Override
    public Map<SignalAddress, byte[]> loadAll(Collection<SignalAddress> addresses) {
        return loadAddressed(db, table, "record", fence.sessionId(), addresses);
    }

    /** {@code column} of the rows keyed by (name, device) among {@code addresses}: one statement. */
    static Map<SignalAddress, byte[]> loadAddressed(Database db, String table, String column, String sessionId,
                                                    Collection<SignalAddress> addresses) {
        Map<SignalAddress, byte[]> found = new HashMap<>();
        if (addresses.isEmpty()) {
            return found;
        }
        List<SignalAddress> wanted = List.copyOf(new java.util.LinkedHashSet<>(addresses));
        List<Object> params = new ArrayList<>(wanted.size() * 2 + 1);
        params.add(sessionId);
        for (SignalAddress a : wanted) {
            params.add(a.name());
            params.add(a.deviceId());
        }
        for (Object[] r : db.select("SELECT name, device, " + column + " FROM " + table + " WHERE session_id = ?1 AND "
                + Sql.pairsIn("name", "device", 2, wanted.size()), params.toArray())) {
            found.put(new SignalAddress((String) r[0], Sql.toInt(r[1])), (byte[]) r[2]);
        }
        return found;
    }

    @Override
    public boolean contains(SignalAddress address) {
        return !db.select("SELECT device, name FROM " + table + " WHERE session_id = ?1 AND name = ?2 AND device = ?3",
                fence.sessionId(), address.name(), address.deviceId()).isEmpty();
    }

    @Override
    public List<Integer> deviceIds(String name) {
        List<Integer> ids = new ArrayList<>();
        for (Object[] r : db.select("SELECT device, name FROM " + table + " WHERE session_id = ?1 AND name = ?2 ORDER BY device",
                fence.sessionId(), Objects.requireNonNull(name, "name"))) {
            ids.add(Sql.toInt(r[0]));
        }
        return ids;
    }

    @Override
    public void store(SignalAddress address, byte[] record) {
        storeAll(Map.of(address, record));
    }

    @Override
    public void storeAll(Map<SignalAddress, byte[]> records) {
        if (records.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>(records.size());
        records.forEach((a, r) -> rows.add(new Object[] {a.name(), a.deviceId(), Objects.requireNonNull(r, "record")}));
        db.write(s -> upsert.write(s, fence, rows));
    }

    @Override
    public void delete(SignalAddress address) {
        db.update("DELETE FROM " + table + " WHERE session_id = ?1 AND name = ?2 AND device = ?3 AND epoch <= ?4",
                fence.sessionId(), address.name(), address.deviceId(), fence.epoch());
    }

    @Override
    public void deleteAll(String name) {
        db.update("DELETE FROM " + table + " WHERE session_id = ?1 AND name = ?2 AND epoch <= ?3",
                fence.sessionId(), Objects.requireNonNull(name, "name"), fence.epoch());
    }
}

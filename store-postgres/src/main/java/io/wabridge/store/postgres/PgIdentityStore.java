package io.wabridge.store.postgres;

import io.wabridge.client.store.IdentityChange;
import io.wabridge.client.store.IdentityStore;
import io.wabridge.client.store.SignalAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Rows (session_id, name, device, identity_key, epoch). A save reads the stored keys and writes what is new or
 * changed in one transaction (trust on first use).
 */
final class PgIdentityStore implements IdentityStore {

    private final Database db;
    private final String table;
    private final Fence fence;
    private final Upsert upsert;

    PgIdentityStore(Database db, Fence fence) {
        this.db = db;
        this.table = db.table("identities");
        this.fence = fence;
        this.upsert = new Upsert(table, List.of("name", "device"), List.of("identity_key"));
    }

    @Override
    public Optional<byte[]> load(SignalAddress address) {
        List<Object[]> rows = db.select("SELECT identity_key, device FROM " + table
                + " WHERE session_id = ?1 AND name = ?2 AND device = ?3", fence.sessionId(), address.name(), address.deviceId());
        return rows.isEmpty() ? Optional.empty() : Optional.of((byte[]) rows.get(0)[0]);
    }

    @Override
    public Map<SignalAddress, byte[]> loadAll(Collection<SignalAddress> addresses) {
        return PgSignalSessionStore.loadAddressed(db, table, "identity_key", fence.sessionId(), addresses);
    }

    @Override
    public IdentityChange save(SignalAddress address, byte[] identityKey) {
        return saveAll(Map.of(address, identityKey)).get(address);
    }

    @Override
    public Map<SignalAddress, IdentityChange> saveAll(Map<SignalAddress, byte[]> identityKeys) {
        Map<SignalAddress, byte[]> stored = loadAll(identityKeys.keySet());
        Map<SignalAddress, IdentityChange> changes = new LinkedHashMap<>();
        List<Object[]> rows = new ArrayList<>();
        identityKeys.forEach((address, key) -> {
            Objects.requireNonNull(key, "identityKey");
            byte[] previous = stored.get(address);
            IdentityChange change = previous == null ? IdentityChange.NEW
                    : Arrays.equals(previous, key) ? IdentityChange.UNCHANGED : IdentityChange.CHANGED;
            changes.put(address, change);
            if (change != IdentityChange.UNCHANGED) {
                rows.add(new Object[] {address.name(), address.deviceId(), key});
            }
        });
        if (!rows.isEmpty()) {
            db.write(s -> upsert.write(s, fence, rows));
        }
        return changes;
    }

    @Override
    public void delete(SignalAddress address) {
        db.update("DELETE FROM " + table + " WHERE session_id = ?1 AND name = ?2 AND device = ?3 AND epoch <= ?4",
                fence.sessionId(), address.name(), address.deviceId(), fence.epoch());
    }
}

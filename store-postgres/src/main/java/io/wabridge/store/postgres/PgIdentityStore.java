package io.wabridge.store.postgres;

import io.wabridge.client.store.IdentityChange;
import io.wabridge.client.store.IdentityStore;
import io.wabridge.client.store.SignalAddress;
import io.wabridge.store.postgres.entity.IdentityRow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link IdentityRow}s: read by key, written by the fenced upsert. A save reads the stored keys and writes what is new or
 * changed in one transaction (trust on first use).
 */
final class PgIdentityStore implements IdentityStore {

    private final Database db;
    private final Fence fence;
    private final Upsert upsert;

    PgIdentityStore(Database db, Fence fence) {
        this.db = db;
        this.fence = fence;
        this.upsert = new Upsert(db.table(IdentityRow.class), List.of("name", "device"), List.of("identity_key"));
    }

    @Override
    public Optional<byte[]> load(SignalAddress address) {
        return Rows.get(db, IdentityRow.class, PgSignalSessionStore.key(fence, address)).map(IdentityRow::identityKey);
    }

    @Override
    public Map<SignalAddress, byte[]> loadAll(Collection<SignalAddress> addresses) {
        return PgSignalSessionStore.loadAddressed(db, fence, IdentityRow.class, "identity_key", addresses);
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
        Rows.delete(db, fence, IdentityRow.class, "r.id = :key", Map.of("key", PgSignalSessionStore.key(fence, address)));
    }
}

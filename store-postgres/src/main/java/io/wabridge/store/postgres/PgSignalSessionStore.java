package io.wabridge.store.postgres;

import io.wabridge.client.store.KnownAddresses;
import io.wabridge.client.store.SignalAddress;
import io.wabridge.client.store.SignalSessionStore;
import io.wabridge.store.postgres.entity.Keys;
import io.wabridge.store.postgres.entity.SignalSessionRow;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link SignalSessionRow}s: read by key, written by the fenced upsert. Addresses known to have a row are remembered
 * ({@link KnownAddresses}, as on MongoDB), so {@link #contains}, which the client asks before it uses a record it
 * flushed itself, is answered without a round trip once the row was read or written here.
 */
final class PgSignalSessionStore implements SignalSessionStore {

    private final Database db;
    private final Fence fence;
    private final Upsert upsert;
    private final KnownAddresses known = new KnownAddresses();

    PgSignalSessionStore(Database db, Fence fence) {
        this.db = db;
        this.fence = fence;
        this.upsert = new Upsert(db.table(SignalSessionRow.class), List.of("name", "device"), List.of("record"));
    }

    @Override
    public Optional<byte[]> load(SignalAddress address) {
        Optional<byte[]> found = Rows.get(db, SignalSessionRow.class, key(fence, address)).map(SignalSessionRow::record);
        if (found.isPresent()) {
            known.remember(address);
        } else {
            known.forget(address);
        }
        return found;
    }

    @Override
    public Map<SignalAddress, byte[]> loadAll(Collection<SignalAddress> addresses) {
        Map<SignalAddress, byte[]> found = loadAddressed(db, fence, SignalSessionRow.class, "record", addresses);
        found.keySet().forEach(known::remember);
        return found;
    }

    static Keys.Address key(Fence fence, SignalAddress address) {
        return new Keys.Address(fence.sessionId(), address.name(), address.deviceId());
    }

    /** {@code column} of the session's rows of {@code entity} keyed by {@code addresses}: one statement (KeyLists). */
    static Map<SignalAddress, byte[]> loadAddressed(Database db, Fence fence, Class<?> entity, String column,
                                                    Collection<SignalAddress> addresses) {
        Map<SignalAddress, byte[]> found = new HashMap<>();
        List<Object[]> keys = new ArrayList<>(addresses.size());
        for (SignalAddress a : new LinkedHashSet<>(addresses)) {
            keys.add(new Object[] {a.name(), a.deviceId()});
        }
        for (Object[] r : KeyLists.select(db, db.table(entity), "name, device, " + column, fence.sessionId(),
                List.of("name", "device"), keys)) {
            found.put(new SignalAddress((String) r[0], ((Number) r[1]).intValue()), (byte[]) r[2]);
        }
        return found;
    }

    @Override
    public boolean contains(SignalAddress address) {
        return known.isKnown(address) || load(address).isPresent();
    }

    @Override
    public boolean knownToHold(SignalAddress address) {
        return known.isKnown(address);
    }

    @Override
    public List<Integer> deviceIds(String name) {
        List<Integer> ids = new ArrayList<>();
        for (SignalSessionRow r : Rows.list(db, fence.sessionId(), SignalSessionRow.class, "r.id.name = :name",
                Map.of("name", Objects.requireNonNull(name, "name")), "r.id.device", 0)) {
            ids.add(r.id().device());
        }
        return ids;
    }

    @Override
    public void store(SignalAddress address, byte[] record) {
        storeAll(Map.of(address, record));
    }

    @Override
    public void storeAll(Map<SignalAddress, byte[]> records) {
        upsert.writeAll(db, fence, records.entrySet(), e -> new Object[] {e.getKey().name(), e.getKey().deviceId(),
                Objects.requireNonNull(e.getValue(), "record")});
        records.keySet().forEach(known::remember);
    }

    @Override
    public void delete(SignalAddress address) {
        known.forget(address);
        Rows.delete(db, fence, SignalSessionRow.class, "r.id = :key", Map.of("key", key(fence, address)));
    }

    @Override
    public void deleteAll(String name) {
        known.forgetAll(name);
        Rows.delete(db, fence, SignalSessionRow.class, "r.id.name = :name", Map.of("name", Objects.requireNonNull(name, "name")));
    }

    /** The session's rows are being wiped ({@link PgAccountStore#wipe()}). */
    void forgetKnown() {
        known.clear();
    }
}

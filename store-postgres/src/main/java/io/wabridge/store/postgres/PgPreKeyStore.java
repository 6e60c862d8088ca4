package io.wabridge.store.postgres;

import io.wabridge.client.store.PreKeyStore;
import io.wabridge.store.postgres.entity.PreKeyRow;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

final class PgPreKeyStore implements PreKeyStore {

    private final IntKeyedRecords records;

    PgPreKeyStore(Database db, Fence fence) {
        this.records = new IntKeyedRecords(db, PreKeyRow.class, fence);
    }

    @Override public Optional<byte[]> load(int id) { return records.load(id); }
    @Override public Map<Integer, byte[]> loadAll(Collection<Integer> ids) { return records.loadAll(ids); }
    @Override public boolean contains(int id) { return records.contains(id); }
    @Override public void store(int id, byte[] record) { records.store(id, record); }
    @Override public void storeAll(Map<Integer, byte[]> all) { records.storeAll(all); }
    @Override public void remove(int id) { records.remove(id); }
    @Override public void removeAll(Collection<Integer> ids) { records.removeAll(ids); }
    @Override public int count() { return records.count(); }
    @Override public OptionalInt maxId() { return records.maxId(); }
}

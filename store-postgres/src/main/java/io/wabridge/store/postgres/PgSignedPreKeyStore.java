package io.wabridge.store.postgres;

import io.wabridge.client.store.SignedPreKeyStore;
import io.wabridge.store.postgres.entity.SignedPreKeyRow;
import java.util.Map;
import java.util.Optional;

final class PgSignedPreKeyStore implements SignedPreKeyStore {

    private final IntKeyedRecords records;

    PgSignedPreKeyStore(Database db, Fence fence) {
        this.records = new IntKeyedRecords(db, SignedPreKeyRow.class, fence);
    }

    @Override public Optional<byte[]> load(int id) { return records.load(id); }
    @Override public Map<Integer, byte[]> loadAll() { return records.loadAll(null); }
    @Override public boolean contains(int id) { return records.contains(id); }
    @Override public void store(int id, byte[] record) { records.store(id, record); }
    @Override public void remove(int id) { records.remove(id); }
}

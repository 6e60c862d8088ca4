package io.wabridge.client.store.memory;

import io.wabridge.client.store.SignedPreKeyStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

final class MemorySignedPreKeyStore implements SignedPreKeyStore, Clearable {

    private final ConcurrentSkipListMap<Integer, byte[]> records;
    private final MemoryFence fence;

    MemorySignedPreKeyStore(MemoryFence fence) {
        this.records = new ConcurrentSkipListMap<>();
        this.fence = fence;
    }

    /** A view of the same entries for another opened view of the session. */
    MemorySignedPreKeyStore(MemorySignedPreKeyStore shared, MemoryFence fence) {
        this.records = shared.records;
        this.fence = fence;
    }

    @Override
    public Optional<byte[]> load(int id) {
        return Optional.ofNullable(records.get(id));
    }

    @Override
    public Map<Integer, byte[]> loadAll() {
        return new LinkedHashMap<>(records);
    }

    @Override
    public boolean contains(int id) {
        return records.containsKey(id);
    }

    @Override
    public void store(int id, byte[] record) {
        fence.check();
        records.put(id, Objects.requireNonNull(record, "record"));
    }

    @Override
    public void remove(int id) {
        fence.check();
        records.remove(id);
    }

    @Override
    public void clear() {
        records.clear();
    }
}

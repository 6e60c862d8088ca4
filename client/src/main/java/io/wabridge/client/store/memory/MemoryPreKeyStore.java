package io.wabridge.client.store.memory;

import io.wabridge.client.store.PreKeyStore;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentSkipListMap;

/** Prekeys sorted by id, so the highest id is at hand. */
final class MemoryPreKeyStore implements PreKeyStore, Clearable {

    private final ConcurrentSkipListMap<Integer, byte[]> records;
    private final MemoryFence fence;

    MemoryPreKeyStore(MemoryFence fence) {
        this.records = new ConcurrentSkipListMap<>();
        this.fence = fence;
    }

    /** A view of the same entries for another opened view of the session. */
    MemoryPreKeyStore(MemoryPreKeyStore shared, MemoryFence fence) {
        this.records = shared.records;
        this.fence = fence;
    }

    @Override
    public Optional<byte[]> load(int id) {
        return Optional.ofNullable(records.get(id));
    }

    @Override
    public Map<Integer, byte[]> loadAll(Collection<Integer> ids) {
        Map<Integer, byte[]> found = new HashMap<>();
        for (Integer id : ids) {
            byte[] record = records.get(id);
            if (record != null) {
                found.put(id, record);
            }
        }
        return found;
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
    public void storeAll(Map<Integer, byte[]> batch) {
        batch.forEach(this::store);
    }

    @Override
    public void remove(int id) {
        fence.check();
        records.remove(id);
    }

    @Override
    public void removeAll(Collection<Integer> ids) {
        fence.check();
        ids.forEach(records::remove);
    }

    @Override
    public int count() {
        return records.size();
    }

    @Override
    public OptionalInt maxId() {
        Map.Entry<Integer, byte[]> last = records.lastEntry();
        return last == null ? OptionalInt.empty() : OptionalInt.of(last.getKey());
    }

    @Override
    public void clear() {
        records.clear();
    }
}

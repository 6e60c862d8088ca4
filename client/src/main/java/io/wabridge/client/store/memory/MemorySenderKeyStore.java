package io.wabridge.client.store.memory;

import io.wabridge.client.store.SenderKeyName;
import io.wabridge.client.store.SenderKeyStore;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

final class MemorySenderKeyStore implements SenderKeyStore, Clearable {

    private final ConcurrentHashMap<SenderKeyName, byte[]> records;
    private final MemoryFence fence;

    MemorySenderKeyStore(MemoryFence fence) {
        this.records = new ConcurrentHashMap<>();
        this.fence = fence;
    }

    /** A view of the same entries for another opened view of the session. */
    MemorySenderKeyStore(MemorySenderKeyStore shared, MemoryFence fence) {
        this.records = shared.records;
        this.fence = fence;
    }

    @Override
    public Optional<byte[]> load(SenderKeyName name) {
        return Optional.ofNullable(records.get(name));
    }

    @Override
    public Map<SenderKeyName, byte[]> loadAll(Collection<SenderKeyName> names) {
        Map<SenderKeyName, byte[]> found = new HashMap<>();
        for (SenderKeyName name : names) {
            byte[] record = records.get(name);
            if (record != null) {
                found.put(name, record);
            }
        }
        return found;
    }

    @Override
    public void store(SenderKeyName name, byte[] record) {
        fence.check();
        records.put(name, Objects.requireNonNull(record, "record"));
    }

    @Override
    public void storeAll(Map<SenderKeyName, byte[]> batch) {
        batch.forEach(this::store);
    }

    @Override
    public void delete(SenderKeyName name) {
        fence.check();
        records.remove(name);
    }

    /** A scan of this session's sender keys: rare (leaving or re-keying a group), so no index by group. */
    @Override
    public void deleteGroup(String groupId) {
        fence.check();
        records.keySet().removeIf(name -> name.groupId().equals(groupId));
    }

    @Override
    public void clear() {
        records.clear();
    }
}

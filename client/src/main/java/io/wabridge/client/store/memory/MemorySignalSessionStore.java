package io.wabridge.client.store.memory;

import io.wabridge.client.store.SignalAddress;
import io.wabridge.client.store.SignalSessionStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** Sessions sorted by address, so all devices of one user are one sub-map. */
final class MemorySignalSessionStore implements SignalSessionStore, Clearable {

    private final ConcurrentSkipListMap<SignalAddress, byte[]> records;
    private final MemoryFence fence;

    MemorySignalSessionStore(MemoryFence fence) {
        this.records = new ConcurrentSkipListMap<>();
        this.fence = fence;
    }

    /** A view of the same entries for another opened view of the session. */
    MemorySignalSessionStore(MemorySignalSessionStore shared, MemoryFence fence) {
        this.records = shared.records;
        this.fence = fence;
    }

    @Override
    public Optional<byte[]> load(SignalAddress address) {
        return Optional.ofNullable(records.get(address));
    }

    @Override
    public Map<SignalAddress, byte[]> loadAll(Collection<SignalAddress> addresses) {
        Map<SignalAddress, byte[]> found = new HashMap<>();
        for (SignalAddress address : addresses) {
            byte[] record = records.get(address);
            if (record != null) {
                found.put(address, record);
            }
        }
        return found;
    }

    @Override
    public boolean contains(SignalAddress address) {
        return records.containsKey(address);
    }

    @Override
    public boolean knownToHold(SignalAddress address) {
        return records.containsKey(address);
    }

    @Override
    public List<Integer> deviceIds(String name) {
        List<Integer> ids = new ArrayList<>();
        for (SignalAddress address : ofUser(name).keySet()) {
            ids.add(address.deviceId());
        }
        return ids;
    }

    @Override
    public void store(SignalAddress address, byte[] record) {
        fence.check();
        records.put(address, Objects.requireNonNull(record, "record"));
    }

    @Override
    public void storeAll(Map<SignalAddress, byte[]> batch) {
        batch.forEach(this::store);
    }

    @Override
    public void delete(SignalAddress address) {
        fence.check();
        records.remove(address);
    }

    @Override
    public void deleteAll(String name) {
        fence.check();
        ofUser(name).clear();
    }

    private ConcurrentNavigableMap<SignalAddress, byte[]> ofUser(String name) {
        return records.subMap(new SignalAddress(name, 0), true, new SignalAddress(name, Integer.MAX_VALUE), true);
    }

    @Override
    public void clear() {
        records.clear();
    }
}

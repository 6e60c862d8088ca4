package io.wabridge.client.store.memory;

import io.wabridge.client.store.SignedPreKeyStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

final class MemorySignedPreKeyStore implements SignedPreKeyStore, Clearable {

    private final ConcurrentSkipListMap<Integer, byte[]> records = new ConcurrentSkipListMap<>();

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
        records.put(id, Objects.requireNonNull(record, "record"));
    }

    @Override
    public void remove(int id) {
        records.remove(id);
    }

    @Override
    public void clear() {
        records.clear();
    }
}

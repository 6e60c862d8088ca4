package io.wabridge.client.store.memory;

import io.wabridge.client.store.AppStateKeyStore;
import io.wabridge.client.store.AppStateSyncKey;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

final class MemoryAppStateKeyStore implements AppStateKeyStore, Clearable {

    private final ConcurrentHashMap<ByteKey, AppStateSyncKey> keys;
    private final MemoryFence fence;

    MemoryAppStateKeyStore(MemoryFence fence) {
        this.keys = new ConcurrentHashMap<>();
        this.fence = fence;
    }

    /** A view of the same entries for another opened view of the session. */
    MemoryAppStateKeyStore(MemoryAppStateKeyStore shared, MemoryFence fence) {
        this.keys = shared.keys;
        this.fence = fence;
    }

    @Override
    public Optional<AppStateSyncKey> load(byte[] keyId) {
        return Optional.ofNullable(keys.get(new ByteKey(keyId)));
    }

    @Override
    public void storeAll(Collection<AppStateSyncKey> batch) {
        fence.check();
        for (AppStateSyncKey key : batch) {
            keys.put(new ByteKey(key.keyId()), key);
        }
    }

    @Override
    public Optional<AppStateSyncKey> latest() {
        return keys.values().stream().max(Comparator.comparingLong(AppStateSyncKey::timestamp));
    }

    @Override
    public void clear() {
        keys.clear();
    }
}

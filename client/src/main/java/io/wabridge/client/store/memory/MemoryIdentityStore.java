package io.wabridge.client.store.memory;

import io.wabridge.client.store.IdentityChange;
import io.wabridge.client.store.IdentityStore;
import io.wabridge.client.store.SignalAddress;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

final class MemoryIdentityStore implements IdentityStore, Clearable {

    private final ConcurrentHashMap<SignalAddress, byte[]> keys;
    private final MemoryFence fence;

    MemoryIdentityStore(MemoryFence fence) {
        this.keys = new ConcurrentHashMap<>();
        this.fence = fence;
    }

    /** A view of the same entries for another opened view of the session. */
    MemoryIdentityStore(MemoryIdentityStore shared, MemoryFence fence) {
        this.keys = shared.keys;
        this.fence = fence;
    }

    @Override
    public Optional<byte[]> load(SignalAddress address) {
        return Optional.ofNullable(keys.get(address));
    }

    @Override
    public Map<SignalAddress, byte[]> loadAll(Collection<SignalAddress> addresses) {
        Map<SignalAddress, byte[]> found = new HashMap<>();
        for (SignalAddress address : addresses) {
            byte[] key = keys.get(address);
            if (key != null) {
                found.put(address, key);
            }
        }
        return found;
    }

    @Override
    public IdentityChange save(SignalAddress address, byte[] identityKey) {
        fence.check();
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(identityKey, "identityKey");
        byte[] previous = keys.put(address, identityKey);
        if (previous == null) {
            return IdentityChange.NEW;
        }
        return Arrays.equals(previous, identityKey) ? IdentityChange.UNCHANGED : IdentityChange.CHANGED;
    }

    @Override
    public Map<SignalAddress, IdentityChange> saveAll(Map<SignalAddress, byte[]> identityKeys) {
        Map<SignalAddress, IdentityChange> changes = new LinkedHashMap<>();
        identityKeys.forEach((address, key) -> changes.put(address, save(address, key)));
        return changes;
    }

    @Override
    public void delete(SignalAddress address) {
        fence.check();
        keys.remove(address);
    }

    @Override
    public void clear() {
        keys.clear();
    }
}

package io.wabridge.client.store.memory;

import io.wabridge.client.store.AppStateVersion;
import io.wabridge.client.store.AppStateVersionStore;
import io.wabridge.client.store.IndexValueMac;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

final class MemoryAppStateVersionStore implements AppStateVersionStore, Clearable {

    private final ConcurrentHashMap<String, AppStateVersion> versions;
    private final ConcurrentHashMap<String, Map<ByteKey, byte[]>> valueMacs;
    private final MemoryFence fence;

    MemoryAppStateVersionStore(MemoryFence fence) {
        this.versions = new ConcurrentHashMap<>();
        this.valueMacs = new ConcurrentHashMap<>();
        this.fence = fence;
    }

    /** A view of the same entries for another opened view of the session. */
    MemoryAppStateVersionStore(MemoryAppStateVersionStore shared, MemoryFence fence) {
        this.versions = shared.versions;
        this.valueMacs = shared.valueMacs;
        this.fence = fence;
    }

    @Override
    public Optional<AppStateVersion> load(String collection) {
        synchronized (versions) {
            return Optional.ofNullable(versions.get(collection));
        }
    }

    /** Under the lock every view shares (the maps' own), so a reader sees the whole patch or none of it. */
    @Override
    public void apply(AppStateVersion next, boolean replace, Collection<byte[]> removes, Collection<IndexValueMac> puts) {
        fence.check();
        synchronized (versions) {
            Map<ByteKey, byte[]> target = valueMacs.computeIfAbsent(next.collection(), c -> new ConcurrentHashMap<>());
            if (replace) {
                target.clear();
            }
            for (byte[] indexMac : removes) {
                target.remove(new ByteKey(indexMac));
            }
            for (IndexValueMac mac : puts) {
                target.put(new ByteKey(mac.indexMac()), mac.valueMac());
            }
            versions.put(next.collection(), next);
        }
    }

    @Override
    public void save(AppStateVersion version) {
        fence.check();
        versions.put(version.collection(), version);
    }

    @Override
    public List<IndexValueMac> loadValueMacs(String collection, Collection<byte[]> indexMacs) {
        List<IndexValueMac> found = new ArrayList<>();
        synchronized (versions) {
            Map<ByteKey, byte[]> macs = valueMacs.get(collection);
            if (macs != null) {
                for (byte[] indexMac : indexMacs) {
                    byte[] valueMac = macs.get(new ByteKey(indexMac));
                    if (valueMac != null) {
                        found.add(new IndexValueMac(indexMac, valueMac));
                    }
                }
            }
        }
        return found;
    }

    @Override
    public void putValueMacs(String collection, Collection<IndexValueMac> macs) {
        fence.check();
        Objects.requireNonNull(collection, "collection");
        Map<ByteKey, byte[]> target = valueMacs.computeIfAbsent(collection, c -> new ConcurrentHashMap<>());
        for (IndexValueMac mac : macs) {
            target.put(new ByteKey(mac.indexMac()), mac.valueMac());
        }
    }

    @Override
    public void removeValueMacs(String collection, Collection<byte[]> indexMacs) {
        fence.check();
        Map<ByteKey, byte[]> macs = valueMacs.get(collection);
        if (macs != null) {
            for (byte[] indexMac : indexMacs) {
                macs.remove(new ByteKey(indexMac));
            }
        }
    }

    @Override
    public void reset(String collection) {
        fence.check();
        versions.remove(collection);
        valueMacs.remove(collection);
    }

    @Override
    public void clear() {
        versions.clear();
        valueMacs.clear();
    }
}

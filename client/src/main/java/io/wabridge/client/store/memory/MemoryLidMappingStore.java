package io.wabridge.client.store.memory;

import io.wabridge.client.store.LidMappingStore;
import io.wabridge.client.store.LidPnMapping;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Two maps, one per direction, kept one-to-one on every store. */
final class MemoryLidMappingStore implements LidMappingStore, Clearable {

    private final ConcurrentHashMap<String, String> lidByPn;
    private final ConcurrentHashMap<String, String> pnByLid;
    private final MemoryFence fence;

    MemoryLidMappingStore(MemoryFence fence) {
        this.lidByPn = new ConcurrentHashMap<>();
        this.pnByLid = new ConcurrentHashMap<>();
        this.fence = fence;
    }

    /** A view of the same entries for another opened view of the session. */
    MemoryLidMappingStore(MemoryLidMappingStore shared, MemoryFence fence) {
        this.lidByPn = shared.lidByPn;
        this.pnByLid = shared.pnByLid;
        this.fence = fence;
    }

    @Override
    public void store(LidPnMapping mapping) {
        fence.check();
        String lid = mapping.lid();
        String pn = mapping.pn();
        String oldPn = pnByLid.put(lid, pn);
        String oldLid = lidByPn.put(pn, lid);
        if (oldPn != null && !oldPn.equals(pn)) {
            lidByPn.remove(oldPn, lid);
        }
        if (oldLid != null && !oldLid.equals(lid)) {
            pnByLid.remove(oldLid, pn);
        }
    }

    @Override
    public void storeAll(Collection<LidPnMapping> mappings) {
        mappings.forEach(this::store);
    }

    @Override
    public Optional<String> lidForPn(String pn) {
        return Optional.ofNullable(lidByPn.get(pn));
    }

    @Override
    public Optional<String> pnForLid(String lid) {
        return Optional.ofNullable(pnByLid.get(lid));
    }

    @Override
    public Map<String, String> lidsForPns(Collection<String> pns) {
        return lookup(lidByPn, pns);
    }

    @Override
    public Map<String, String> pnsForLids(Collection<String> lids) {
        return lookup(pnByLid, lids);
    }

    private static Map<String, String> lookup(Map<String, String> map, Collection<String> keys) {
        Map<String, String> found = new HashMap<>();
        for (String key : keys) {
            String value = map.get(key);
            if (value != null) {
                found.put(key, value);
            }
        }
        return found;
    }

    @Override
    public void clear() {
        lidByPn.clear();
        pnByLid.clear();
    }
}

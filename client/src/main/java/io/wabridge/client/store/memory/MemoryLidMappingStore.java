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

    private final ConcurrentHashMap<String, String> lidByPn = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> pnByLid = new ConcurrentHashMap<>();

    @Override
    public void store(LidPnMapping mapping) {
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

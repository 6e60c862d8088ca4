package io.wabridge.client.store.memory;

import io.wabridge.client.store.PrivacyToken;
import io.wabridge.client.store.PrivacyTokenStore;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

final class MemoryPrivacyTokenStore implements PrivacyTokenStore, Clearable {

    private final ConcurrentHashMap<String, PrivacyToken> tokens;
    private final MemoryFence fence;

    MemoryPrivacyTokenStore(MemoryFence fence) {
        this.tokens = new ConcurrentHashMap<>();
        this.fence = fence;
    }

    /** A view of the same entries for another opened view of the session. */
    MemoryPrivacyTokenStore(MemoryPrivacyTokenStore shared, MemoryFence fence) {
        this.tokens = shared.tokens;
        this.fence = fence;
    }

    @Override
    public Optional<PrivacyToken> load(String jid) {
        return Optional.ofNullable(tokens.get(jid));
    }

    @Override
    public Map<String, PrivacyToken> loadAll(Collection<String> jids) {
        Map<String, PrivacyToken> found = new HashMap<>();
        for (String jid : jids) {
            PrivacyToken token = tokens.get(jid);
            if (token != null) {
                found.put(jid, token);
            }
        }
        return found;
    }

    @Override
    public void store(PrivacyToken token) {
        fence.check();
        tokens.put(token.jid(), token);
    }

    @Override
    public void storeAll(Collection<PrivacyToken> batch) {
        batch.forEach(this::store);
    }

    @Override
    public void delete(String jid) {
        fence.check();
        tokens.remove(jid);
    }

    @Override
    public void clear() {
        tokens.clear();
    }
}

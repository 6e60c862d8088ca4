package io.wabridge.client.store.memory;

import io.wabridge.client.store.AccountStore;
import io.wabridge.client.store.StoreProvider;
import io.wabridge.client.store.StoreSettings;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Keeps every session's data in this JVM's heap. Data lives as long as the provider. */
public final class MemoryStoreProvider implements StoreProvider {

    private final StoreSettings settings;
    private final ConcurrentMap<String, MemoryAccountStore> accounts = new ConcurrentHashMap<>();

    public MemoryStoreProvider(StoreSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public MemoryStoreProvider() {
        this(StoreSettings.defaults());
    }

    @Override
    public AccountStore open(String sessionId) {
        return open(sessionId, 0);
    }

    /** A new view (its own epoch and fence listener) over the session's shared entries. */
    @Override
    public AccountStore open(String sessionId, long epoch) {
        Objects.requireNonNull(sessionId, "sessionId");
        if (sessionId.isEmpty()) {
            throw new IllegalArgumentException("empty session id");
        }
        if (epoch < 0) {
            throw new IllegalArgumentException("negative epoch " + epoch);
        }
        MemoryAccountStore base = accounts.get(sessionId);
        if (base == null) {
            base = accounts.computeIfAbsent(sessionId, id -> new MemoryAccountStore(id, settings));
        }
        return base.view(epoch);
    }

    @Override
    public long purgeExpiredMessages() {
        long purged = 0;
        for (MemoryAccountStore account : accounts.values()) {
            purged += account.messages().purgeExpired();
        }
        return purged;
    }

    @Override
    public void close() {
        accounts.clear();
    }
}

package io.wabridge.client.store.encryption;

import io.wabridge.client.store.AccountStore;
import io.wabridge.client.store.StoreProvider;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Encrypts every secret the decorated provider's stores hold (see the package documentation for what and how).
 * Opening stays cheap: a session's data key is unwrapped once (on its first secret read or write, or when its
 * credentials are loaded) and kept in memory for the life of the provider, so a Signal session write costs one AES-GCM
 * operation; opening the session at a newer lease epoch drops the cached key, so a new owner re-reads it.
 */
public final class EncryptedStoreProvider implements StoreProvider {

    private final StoreProvider delegate;
    private final KeyProvider keys;
    private final PlaintextPolicy plaintext;
    private final EncryptionStats stats = new EncryptionStats();
    private final ConcurrentMap<String, CachedKey> dataKeys = new ConcurrentHashMap<>();

    /** {@code stored}: read from (or saved with) the credentials; false: made here, not stored yet. */
    record CachedKey(DataKey key, long epoch, boolean stored) {
    }

    public EncryptedStoreProvider(StoreProvider delegate, KeyProvider keys, PlaintextPolicy plaintext) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.plaintext = Objects.requireNonNull(plaintext, "plaintext");
    }

    @Override
    public AccountStore open(String sessionId) {
        return open(sessionId, 0);
    }

    @Override
    public AccountStore open(String sessionId, long epoch) {
        AccountStore base = delegate.open(sessionId, epoch);
        CachedKey cached = dataKeys.get(sessionId);
        if (cached != null && cached.stored() && epoch > cached.epoch()) {
            // a new lease: the key comes from what the store holds now (a key not stored yet exists only here)
            dataKeys.remove(sessionId, cached);
        }
        return new EncryptedAccountStore(base, this);
    }

    @Override
    public long purgeExpiredMessages() {
        return delegate.purgeExpiredMessages();
    }

    @Override
    public void close() {
        dataKeys.clear();
        delegate.close();
    }

    public EncryptionStats stats() {
        return stats;
    }

    /** The provider this one decorates. */
    public StoreProvider delegate() {
        return delegate;
    }

    KeyProvider keys() {
        return keys;
    }

    PlaintextPolicy plaintext() {
        return plaintext;
    }

    EncryptionStats counters() {
        return stats;
    }

    DataKey cached(String sessionId) {
        CachedKey c = dataKeys.get(sessionId);
        return c == null ? null : c.key();
    }

    /** Remembers {@code key}, stored with the session's credentials, as its data key (replacing any other). */
    DataKey remember(String sessionId, DataKey key, long epoch) {
        dataKeys.put(sessionId, new CachedKey(key, epoch, true));
        return key;
    }

    /** Remembers a new, not yet stored {@code key} unless the session already has one; returns the one remembered. */
    DataKey rememberNew(String sessionId, DataKey key, long epoch) {
        return dataKeys.computeIfAbsent(sessionId, id -> new CachedKey(key, epoch, false)).key();
    }

    void forget(String sessionId) {
        dataKeys.remove(sessionId);
    }
}

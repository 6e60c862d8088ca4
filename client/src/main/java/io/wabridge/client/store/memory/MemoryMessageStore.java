package io.wabridge.client.store.memory;

import io.wabridge.client.store.MessageKey;
import io.wabridge.client.store.MessageStore;
import io.wabridge.client.store.StoreSettings;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Sent messages in insertion order. With one TTL for all, insertion order is expiry order, so every put
 * drops the expired head entries: the cache stays bounded without any timer. The lock is this session's only.
 */
final class MemoryMessageStore implements MessageStore, Clearable {

    private record Entry(byte[] message, long expiresAtMillis) {
    }

    private final StoreSettings settings;
    private final long ttlMillis;
    private final LinkedHashMap<MessageKey, Entry> entries = new LinkedHashMap<>();

    MemoryMessageStore(StoreSettings settings) {
        this.settings = settings;
        this.ttlMillis = settings.messageTtl().toMillis();
    }

    @Override
    public synchronized void put(MessageKey key, byte[] message) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(message, "message");
        long now = settings.clock().millis();
        dropExpiredHead(now);
        entries.remove(key); // a refreshed entry moves to the tail, keeping the order = expiry order
        entries.put(key, new Entry(message, now + ttlMillis));
    }

    @Override
    public synchronized Optional<byte[]> load(MessageKey key) {
        Entry entry = entries.get(key);
        if (entry == null || entry.expiresAtMillis <= settings.clock().millis()) {
            return Optional.empty();
        }
        return Optional.of(entry.message);
    }

    @Override
    public synchronized void delete(MessageKey key) {
        entries.remove(key);
    }

    /** A full scan, so it stays exact even if the clock went backwards between puts. */
    @Override
    public synchronized long purgeExpired() {
        long now = settings.clock().millis();
        long purged = 0;
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            if (it.next().expiresAtMillis <= now) {
                it.remove();
                purged++;
            }
        }
        return purged;
    }

    private void dropExpiredHead(long now) {
        Iterator<Map.Entry<MessageKey, Entry>> it = entries.entrySet().iterator();
        while (it.hasNext() && it.next().getValue().expiresAtMillis <= now) {
            it.remove();
        }
    }

    @Override
    public synchronized void clear() {
        entries.clear();
    }
}

package io.wabridge.client.session;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded map whose entries expire: the least recently used entry goes when it is full, an entry older than its
 * time to live reads as absent. For per-account caches used on the account's serial executor only (no locks).
 */
public final class ExpiringLru<K, V> {

    private record Timed<V>(V value, long expiresAtMillis) {}

    private final long ttlMillis;
    private final Clock clock;
    private final LinkedHashMap<K, Timed<V>> entries;

    public ExpiringLru(int maxEntries, Duration ttl, Clock clock) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive");
        }
        this.ttlMillis = ttl.toMillis();
        this.clock = clock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Timed<V>> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /** The value if present and fresh, else null (an expired entry is dropped). */
    public V get(K key) {
        Timed<V> entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (clock.millis() >= entry.expiresAtMillis()) {
            entries.remove(key);
            return null;
        }
        return entry.value();
    }

    public void put(K key, V value) {
        entries.put(key, new Timed<>(value, clock.millis() + ttlMillis));
    }

    public void remove(K key) {
        entries.remove(key);
    }

    public void clear() {
        entries.clear();
    }

    public int size() {
        return entries.size();
    }
}

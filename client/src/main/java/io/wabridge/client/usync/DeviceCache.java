package io.wabridge.client.usync;

import io.wabridge.client.jid.Jid;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Device lists per user, bounded (least recently used out) and expiring: a {@code <notification type=devices>}
 * invalidates a user at once, the expiry bounds how long a missed notification can matter. One per account, used
 * on its serial executor only.
 */
public final class DeviceCache {

    private record Cached(List<Jid> devices, long expiresAtMillis) {}

    private final int maxUsers;
    private final long ttlMillis;
    private final Clock clock;
    private final LinkedHashMap<Jid, Cached> entries;

    public DeviceCache(int maxUsers, Duration ttl, Clock clock) {
        if (maxUsers < 1) {
            throw new IllegalArgumentException("maxUsers must be positive");
        }
        this.maxUsers = maxUsers;
        this.ttlMillis = ttl.toMillis();
        this.clock = clock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Jid, Cached> eldest) {
                return size() > DeviceCache.this.maxUsers;
            }
        };
    }

    /** The user's devices if cached and fresh, else null. */
    public List<Jid> get(Jid user) {
        Jid key = user.toNonAd();
        Cached entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (clock.millis() >= entry.expiresAtMillis) {
            entries.remove(key);
            return null;
        }
        return entry.devices;
    }

    public void put(Jid user, List<Jid> devices) {
        entries.put(user.toNonAd(), new Cached(List.copyOf(devices), clock.millis() + ttlMillis));
    }

    /** Forgets a user's devices (their device list changed). */
    public void invalidate(Jid user) {
        entries.remove(user.toNonAd());
    }

    public void clear() {
        entries.clear();
    }

    public int size() {
        return entries.size();
    }
}

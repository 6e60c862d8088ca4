package io.wabridge.client.usync;

import io.wabridge.client.jid.Jid;
import io.wabridge.client.session.ExpiringLru;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Device lists per user, bounded (least recently used out) and expiring: a {@code <notification type=devices>}
 * invalidates a user at once, the expiry bounds how long a missed notification can matter. One per account, used
 * on its serial executor only.
 */
public final class DeviceCache {

    private final ExpiringLru<Jid, List<Jid>> entries;

    public DeviceCache(int maxUsers, Duration ttl, Clock clock) {
        if (maxUsers < 1) {
            throw new IllegalArgumentException("maxUsers must be positive");
        }
        this.entries = new ExpiringLru<>(maxUsers, ttl, clock);
    }

    /** The user's devices if cached and fresh, else null. */
    public List<Jid> get(Jid user) {
        return entries.get(user.toNonAd());
    }

    public void put(Jid user, List<Jid> devices) {
        entries.put(user.toNonAd(), List.copyOf(devices));
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

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
    private java.util.function.Consumer<Jid> invalidated = user -> { };

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

    /** Forgets a user's devices (their device list changed), and tells the listener (group caches). */
    public void invalidate(Jid user) {
        entries.remove(user.toNonAd());
        invalidated.accept(user.toNonAd());
    }

    /** Sets the one listener told of every {@link #invalidate}. */
    public void onInvalidate(java.util.function.Consumer<Jid> listener) {
        this.invalidated = java.util.Objects.requireNonNull(listener, "listener");
    }

    public void clear() {
        entries.clear();
    }

    public int size() {
        return entries.size();
    }
}

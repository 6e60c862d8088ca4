package io.wabridge.bridge.lease;

import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * Keeps this worker's session leases alive and notices when it lost some. Every renew interval one update extends
 * all of those it holds (by id: a lease it gave up stays given up, see {@link LeaseStore#renew}); if fewer matched than are held, the missing ones were taken by a newer owner. If no renewal has
 * succeeded for long enough that the leases may have expired (MongoDB unreachable, the JVM paused), every session
 * is given up at once: its new owner may be connecting. Renewal also stops while the Kafka group membership is in
 * doubt (no heartbeat for longer than the group's session timeout): the group has then surely given our partitions
 * to another worker, which must be able to take the leases when they expire.
 *
 * <p>A lease counts as confirmed from the moment the request that acquired or renewed it was sent, and is given up
 * {@code safety} before {@code ttl} has passed since then, so clocks of different workers may disagree by that much.
 */
public final class LeaseKeeper implements Runnable {
    private static final Logger LOG = Logger.getLogger(LeaseKeeper.class);

    private final LeaseStore store;
    private final String owner;
    private final Duration ttl;
    private final Duration renewInterval;
    private final Duration safety;
    private final BooleanSupplier membershipFresh;
    private final Counter lost;
    private final LongSupplier nanoClock;
    /** Held leases: session id -> when the latest request confirming it was sent (System.nanoTime). */
    private final Map<String, Confirmed> held = new ConcurrentHashMap<>();
    private volatile Consumer<List<String>> onLost = ids -> { };
    private volatile Runnable onRecovered = () -> { };
    private volatile boolean running = true;
    private boolean gaveUpAll;

    public LeaseKeeper(LeaseStore store, String owner, Duration ttl, Duration renewInterval,
                       BooleanSupplier membershipFresh, Counter lost) {
        this(store, owner, ttl, renewInterval, membershipFresh, lost, System::nanoTime);
    }

    LeaseKeeper(LeaseStore store, String owner, Duration ttl, Duration renewInterval, BooleanSupplier membershipFresh,
                Counter lost, LongSupplier nanoClock) {
        if (renewInterval.multipliedBy(3).compareTo(ttl) > 0) {
            throw new IllegalArgumentException("lease renew interval " + renewInterval + " must be at most a third"
                    + " of the lease ttl " + ttl);
        }
        this.store = store;
        this.owner = owner;
        this.ttl = ttl;
        this.renewInterval = renewInterval;
        this.safety = renewInterval;
        this.membershipFresh = membershipFresh;
        this.lost = lost;
        this.nanoClock = nanoClock;
    }

    /**
     * @param onLost     called (from the keeper's thread) with the sessions whose lease is gone; they must stop
     * @param onRecovered called after renewals work again following a give-up of every lease
     */
    public void listeners(Consumer<List<String>> onLost, Runnable onRecovered) {
        this.onLost = onLost;
        this.onRecovered = onRecovered;
    }

    /** Takes the lease now if free; remembers it when taken. Blocking (one MongoDB round trip). */
    public LeaseAttempt acquire(String sessionId) {
        long sent = nanoClock.getAsLong();
        LeaseAttempt attempt = store.acquire(sessionId, owner, ttl);
        if (attempt instanceof LeaseAttempt.Acquired a) {
            held.put(sessionId, new Confirmed(a.lease(), sent));
        }
        return attempt;
    }

    /** Gives the lease back after the session stopped here; best effort (else it expires). Blocking. */
    public void release(Lease lease) {
        held.computeIfPresent(lease.sessionId(), (id, c) -> c.lease().equals(lease) ? null : c);
        try {
            store.release(lease, owner);
        } catch (RuntimeException e) {
            LOG.warnf("[%s] lease not released (it expires in %d s): %s", lease.sessionId(), ttl.toSeconds(), e.toString());
        }
    }

    /** Forgets a lease without touching MongoDB (it was lost). */
    public void forget(String sessionId) {
        held.remove(sessionId);
    }

    public boolean holds(String sessionId) {
        return held.containsKey(sessionId);
    }

    public int count() {
        return held.size();
    }

    public void stop() {
        running = false;
    }

    @Override
    public void run() {
        while (running) {
            try {
                Thread.sleep(renewInterval);
            } catch (InterruptedException e) {
                return;
            }
            tick();
        }
    }

    /** One renewal round; visible for tests. */
    void tick() {
        if (!membershipFresh.getAsBoolean()) {
            LOG.warnf("no Kafka group heartbeat for longer than the session timeout: not renewing %d lease(s)", held.size());
        } else {
            renew();
        }
        giveUpExpiring();
    }

    private void renew() {
        long sent = nanoClock.getAsLong();
        List<String> ids = new ArrayList<>(held.keySet());
        try {
            // Only the leases held here: one given up (unconfirmed too long) is never extended again, so its session's
            // next owner takes it when it runs out instead of waiting behind our renewals for good.
            long matched = store.renew(owner, ids, ttl);
            if (matched < ids.size()) {
                Set<String> still = store.heldBy(owner, ids);
                List<String> gone = ids.stream().filter(id -> !still.contains(id)).toList();
                if (!gone.isEmpty()) {
                    LOG.warnf("%d lease(s) taken by another worker: %s", gone.size(), preview(gone));
                    lose(gone);
                }
            }
            for (String id : ids) {
                held.computeIfPresent(id, (k, c) -> new Confirmed(c.lease(), Math.max(c.sentNanos(), sent)));
            }
            if (gaveUpAll) {
                gaveUpAll = false;
                LOG.info("lease renewals work again: resuming the owned sessions");
                onRecovered.run();
            }
        } catch (RuntimeException e) {
            LOG.warnf("lease renewal failed (%d held): %s", held.size(), e.toString());
        }
    }

    private void giveUpExpiring() {
        long limit = nanoClock.getAsLong() - ttl.minus(safety).toNanos();
        List<String> expiring = new ArrayList<>();
        held.forEach((id, c) -> {
            if (c.sentNanos() - limit <= 0) {
                expiring.add(id);
            }
        });
        if (!expiring.isEmpty()) {
            LOG.warnf("%d lease(s) not confirmed for %d s: stopping their sessions, another worker may take them",
                    expiring.size(), ttl.minus(safety).toSeconds());
            gaveUpAll = true;
            lose(expiring);
        }
    }

    private void lose(List<String> ids) {
        ids.forEach(held::remove);
        lost.increment(ids.size());
        onLost.accept(ids);
    }

    private static String preview(List<String> ids) {
        return ids.size() <= 5 ? ids.toString() : ids.subList(0, 5) + " and " + (ids.size() - 5) + " more";
    }

    private record Confirmed(Lease lease, long sentNanos) {
    }
}

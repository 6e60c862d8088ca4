package io.wabridge.bridge.lease;

import java.time.Duration;
import java.util.Collection;
import java.util.Set;

/**
 * Where session leases live: {@link MongoLeaseStore} or {@link PostgresLeaseStore}, chosen by
 * {@code wabridge.store.backend}. A lease is free when it has no owner, belongs to the caller, or expired; taking it
 * increments its epoch (the fence of every write the new owner makes). Blocking calls.
 */
public interface LeaseStore {

    /** Idempotent preparation (indexes) before first use. */
    void createIndexes();

    /** Takes the session's lease for {@code owner} for {@code ttl} if it is free; never waits for it. */
    LeaseAttempt acquire(String sessionId, String owner, Duration ttl);

    /**
     * Extends the leases of {@code sessionIds} that {@code owner} still holds by {@code ttl} from now; returns how many
     * it still holds. Only the listed ones: a lease the owner gave up without releasing it (its renewals stopped, the
     * store unreachable at the time) must run out, or the session's next owner would wait for it for good. One round
     * trip to the store even for an empty list (the keeper learns from it that the store answers again).
     */
    long renew(String owner, Collection<String> sessionIds, Duration ttl);

    /** Which of {@code sessionIds} {@code owner} still holds. */
    Set<String> heldBy(String owner, Collection<String> sessionIds);

    /** Gives the lease up so the next owner need not wait for it to expire; false if it was no longer ours. */
    boolean release(Lease lease, String owner);
}

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

    /** Extends every lease {@code owner} holds by {@code ttl} from now; returns how many it still holds. */
    long renewAll(String owner, Duration ttl);

    /** Which of {@code sessionIds} {@code owner} still holds. */
    Set<String> heldBy(String owner, Collection<String> sessionIds);

    /** Gives the lease up so the next owner need not wait for it to expire; false if it was no longer ours. */
    boolean release(Lease lease, String owner);
}

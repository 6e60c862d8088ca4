package io.wabridge.bridge.lease;

import io.wabridge.store.postgres.Database;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Session leases in the table {@code leases} (session_id, owner, epoch, expires, acquired; times in epoch millis).
 * Taking a lease is one statement: an upsert whose update applies only when the lease is free, returning the new
 * epoch and the previous owner (read under the row lock in the same statement).
 */
public final class PostgresLeaseStore implements LeaseStore {

    /** Session ids per renewal statement (a worker may hold thousands; the protocol allows 32,767 parameters). */
    private static final int RENEW_BATCH = 1_000;

    private final Database db;
    private final String table;
    private final InstantSource clock;

    public PostgresLeaseStore(Database db, InstantSource clock) {
        this.db = db;
        this.table = db.table("leases");
        this.clock = clock;
    }

    /** The table and its index come with the schema migration. */
    @Override
    public void createIndexes() {
    }

    @Override
    public LeaseAttempt acquire(String sessionId, String owner, Duration ttl) {
        long now = clock.millis();
        List<Object[]> taken = db.write(s -> Database.select(s, "WITH before AS (SELECT owner FROM " + table
                + " WHERE session_id = ?1 FOR UPDATE) INSERT INTO " + table + " AS l (session_id, owner, epoch, expires, acquired)"
                + " VALUES (?1, ?2, 1, ?3, ?4) ON CONFLICT (session_id) DO UPDATE SET epoch = l.epoch + 1, owner = EXCLUDED.owner,"
                + " expires = EXCLUDED.expires, acquired = EXCLUDED.acquired"
                + " WHERE l.owner IS NULL OR l.owner = EXCLUDED.owner OR l.expires <= EXCLUDED.acquired"
                + " RETURNING l.epoch, (SELECT owner FROM before)", sessionId, owner, now + ttl.toMillis(), now));
        if (!taken.isEmpty()) {
            long epoch = ((Number) taken.get(0)[0]).longValue();
            String previous = (String) taken.get(0)[1];
            return new LeaseAttempt.Acquired(new Lease(sessionId, epoch), previous != null && !previous.equals(owner));
        }
        List<Object[]> held = db.select("SELECT owner, expires FROM " + table + " WHERE session_id = ?1", sessionId);
        if (held.isEmpty()) { // released and deleted meanwhile: free now
            return acquire(sessionId, owner, ttl);
        }
        return new LeaseAttempt.HeldElsewhere((String) held.get(0)[0],
                Instant.ofEpochMilli(((Number) held.get(0)[1]).longValue()));
    }

    @Override
    public long renew(String owner, Collection<String> sessionIds, Duration ttl) {
        long until = clock.millis() + ttl.toMillis();
        if (sessionIds.isEmpty()) {
            db.select("SELECT 1");
            return 0;
        }
        List<String> ids = List.copyOf(sessionIds);
        long renewed = 0;
        for (int from = 0; from < ids.size(); from += RENEW_BATCH) {
            List<String> batch = ids.subList(from, Math.min(ids.size(), from + RENEW_BATCH));
            List<Object> params = new ArrayList<>(batch.size() + 2);
            params.add(owner);
            params.add(until);
            params.addAll(batch);
            renewed += db.update("UPDATE " + table + " SET expires = ?2 WHERE owner = ?1 AND session_id IN "
                    + Database.placeholders(3, batch.size()), params.toArray());
        }
        return renewed;
    }

    @Override
    public Set<String> heldBy(String owner, Collection<String> sessionIds) {
        Set<String> held = new HashSet<>();
        if (sessionIds.isEmpty()) {
            return held;
        }
        List<Object> params = new ArrayList<>(sessionIds.size() + 1);
        params.add(owner);
        params.addAll(sessionIds);
        for (Object[] r : db.select("SELECT session_id, owner FROM " + table + " WHERE owner = ?1 AND session_id IN "
                + Database.placeholders(2, sessionIds.size()), params.toArray())) {
            held.add((String) r[0]);
        }
        return held;
    }

    @Override
    public boolean release(Lease lease, String owner) {
        return db.update("UPDATE " + table + " SET owner = NULL, expires = ?4 WHERE session_id = ?1 AND owner = ?2 AND epoch = ?3",
                lease.sessionId(), owner, lease.epoch(), clock.millis()) > 0;
    }
}

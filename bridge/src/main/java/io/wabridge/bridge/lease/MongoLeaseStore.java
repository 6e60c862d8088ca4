package io.wabridge.bridge.lease;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Session leases in {@code <prefix>leases}: {@code {_id: sessionId, owner, epoch, expires, acquired}}. Every
 * operation is one single-document (or one multi-document) update, atomic on MongoDB without transactions.
 * A lease is free when it has no owner, belongs to the caller, or expired; taking it increments its epoch.
 */
public final class MongoLeaseStore implements LeaseStore {

    static final String OWNER = "owner";
    static final String EPOCH = "epoch";
    static final String EXPIRES = "expires";
    static final String ACQUIRED = "acquired";
    private static final int DUPLICATE_KEY = 11000;

    private final MongoCollection<Document> leases;
    private final InstantSource clock;

    public MongoLeaseStore(MongoDatabase database, String collectionPrefix, InstantSource clock) {
        this.leases = database.getCollection(collectionPrefix + "leases");
        this.clock = clock;
    }

    /** Idempotent; serves renewals and the lost-lease check. */
    @Override
    public void createIndexes() {
        leases.createIndex(Indexes.ascending(OWNER), new IndexOptions().name("owner"));
    }

    /** Takes the session's lease for {@code owner} for {@code ttl} if it is free; never waits. */
    @Override
    public LeaseAttempt acquire(String sessionId, String owner, Duration ttl) {
        Instant now = clock.instant();
        Bson free = Filters.and(Filters.eq("_id", sessionId), Filters.or(
                Filters.eq(OWNER, null), Filters.eq(OWNER, owner), Filters.lte(EXPIRES, Date.from(now))));
        try {
            Document before = leases.findOneAndUpdate(free, Updates.combine(
                            Updates.inc(EPOCH, 1L),
                            Updates.set(OWNER, owner),
                            Updates.set(EXPIRES, Date.from(now.plus(ttl))),
                            Updates.set(ACQUIRED, Date.from(now))),
                    new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.BEFORE));
            long epoch = before == null ? 1 : before.get(EPOCH, Number.class).longValue() + 1;
            String previous = before == null ? null : before.getString(OWNER);
            return new LeaseAttempt.Acquired(new Lease(sessionId, epoch), previous != null && !previous.equals(owner));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        } catch (MongoCommandException e) {
            if (e.getErrorCode() != DUPLICATE_KEY) {
                throw e;
            }
        }
        // The filter did not match an existing lease, so the upsert collided with it: someone else holds it.
        Document held = leases.find(Filters.eq("_id", sessionId)).first();
        if (held == null) { // released and deleted meanwhile: free now
            return acquire(sessionId, owner, ttl);
        }
        Date expires = held.getDate(EXPIRES);
        return new LeaseAttempt.HeldElsewhere(held.getString(OWNER), expires == null ? now : expires.toInstant());
    }

    /** Extends every lease {@code owner} holds by {@code ttl} from now; returns how many it still holds. */
    @Override
    public long renew(String owner, Collection<String> sessionIds, Duration ttl) {
        Date until = Date.from(clock.instant().plus(ttl));
        return leases.updateMany(Filters.and(Filters.eq(OWNER, owner), Filters.in("_id", sessionIds)),
                Updates.set(EXPIRES, until)).getMatchedCount();
    }

    /** Which of {@code sessionIds} {@code owner} still holds. */
    @Override
    public Set<String> heldBy(String owner, Collection<String> sessionIds) {
        Set<String> held = new HashSet<>();
        for (Document d : leases.find(Filters.and(Filters.eq(OWNER, owner), Filters.in("_id", sessionIds)))
                .projection(Projections.include("_id"))) {
            held.add(d.getString("_id"));
        }
        return held;
    }

    /** Gives the lease up so the next owner need not wait for it to expire; false if it was no longer ours. */
    @Override
    public boolean release(Lease lease, String owner) {
        return leases.updateOne(
                Filters.and(Filters.eq("_id", lease.sessionId()), Filters.eq(OWNER, owner), Filters.eq(EPOCH, lease.epoch())),
                Updates.combine(Updates.set(OWNER, null), Updates.set(EXPIRES, Date.from(clock.instant()))))
                .getMatchedCount() > 0;
    }
}

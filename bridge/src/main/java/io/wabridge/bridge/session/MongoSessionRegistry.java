package io.wabridge.bridge.session;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The sessions this deployment knows, one document per session in {@code <prefix>sessions}:
 * {@code {_id: sessionId, desired, state, partition, partitions, me: {pn, lid}, owner, created, updated}}.
 * A session is registered by its first connect (no pre-registration). Every write is a single-document update, so
 * no transactions are needed; blocking calls, made from the session's own executor. Writes a running session makes
 * (state, identity, an end WhatsApp decided) carry its lease epoch and are refused once a newer owner wrote: they
 * return false, and the writer has lost the session.
 */
public final class MongoSessionRegistry implements SessionRegistry {

    static final String DESIRED = "desired";
    static final String STATE = "state";
    static final String PARTITION = "partition";
    static final String PARTITIONS = "partitions";
    static final String ME = "me";
    static final String OWNER = "owner";
    /** Epoch of the lease under which the latest fenced write was made. */
    static final String EPOCH = "epoch";
    static final String CREATED = "created";
    static final String UPDATED = "updated";

    private final MongoCollection<Document> sessions;
    private final InstantSource clock;

    public MongoSessionRegistry(MongoDatabase database, String collectionPrefix, InstantSource clock) {
        this.sessions = database.getCollection(collectionPrefix + "sessions");
        this.clock = clock;
    }

    /** Idempotent; serves the query of a partition assignment. */
    @Override
    public void createIndexes() {
        sessions.createIndex(Indexes.ascending(DESIRED, PARTITION), new IndexOptions().name("desired_partition"));
    }

    @Override
    public Optional<SessionRecord> find(String id) {
        return Optional.ofNullable(sessions.find(Filters.eq("_id", id)).first()).map(MongoSessionRegistry::record);
    }

    /** Registers the session if new and records what was asked for; returns the record before (empty if new). */
    @Override
    public Optional<SessionRecord> desire(String id, DesiredState desired, int partition, int partitions) {
        Date now = now();
        Document before = sessions.findOneAndUpdate(Filters.eq("_id", id), Updates.combine(
                Updates.set(DESIRED, desired.wireName()),
                Updates.set(PARTITION, partition),
                Updates.set(PARTITIONS, partitions),
                Updates.set(UPDATED, now),
                Updates.setOnInsert(STATE, SessionState.CLOSED.wireName()),
                Updates.setOnInsert(CREATED, now)),
                new FindOneAndUpdateOptions().upsert(true));
        return Optional.ofNullable(before).map(MongoSessionRegistry::record);
    }

    /** Records the desired state of a registered session; false if there is none. */
    @Override
    public boolean desire(String id, DesiredState desired) {
        return sessions.updateOne(Filters.eq("_id", id), Updates.combine(
                Updates.set(DESIRED, desired.wireName()), Updates.set(UPDATED, now()))).getMatchedCount() > 0;
    }

    /** Records the desired state as the running session decided it (e.g. WhatsApp replaced it); fenced. */
    @Override
    public boolean desire(String id, DesiredState desired, long epoch) {
        return fenced(id, epoch, Updates.set(DESIRED, desired.wireName()));
    }

    /** Records the connection state and which worker runs the session; fenced. */
    @Override
    public boolean state(String id, SessionState state, String owner, long epoch) {
        return fenced(id, epoch, Updates.set(STATE, state.wireName()), Updates.set(OWNER, owner));
    }

    /** Records the account's identity (JIDs without device); a null lid keeps the one stored; fenced. */
    @Override
    public boolean me(String id, String pn, String lid, long epoch) {
        List<Bson> updates = new ArrayList<>();
        updates.add(Updates.set(ME + ".pn", pn));
        if (lid != null) {
            updates.add(Updates.set(ME + ".lid", lid));
        }
        return fenced(id, epoch, updates.toArray(Bson[]::new));
    }

    /** The device was unlinked: desired and current state logged_out, identity forgotten; fenced. */
    @Override
    public boolean loggedOut(String id, long epoch) {
        return fenced(id, epoch,
                Updates.set(DESIRED, DesiredState.LOGGED_OUT.wireName()),
                Updates.set(STATE, SessionState.LOGGED_OUT.wireName()),
                Updates.unset(ME));
    }

    /**
     * Applies {@code updates} unless a write under a newer lease epoch happened; false if refused (or the session is
     * not registered).
     */
    private boolean fenced(String id, long epoch, Bson... updates) {
        List<Bson> all = new ArrayList<>(List.of(updates));
        all.add(Updates.set(EPOCH, epoch));
        all.add(Updates.set(UPDATED, now()));
        Bson notNewer = Filters.or(Filters.lte(EPOCH, epoch), Filters.exists(EPOCH, false));
        return sessions.updateOne(Filters.and(Filters.eq("_id", id), notNewer), Updates.combine(all))
                .getMatchedCount() > 0;
    }

    /**
     * Sessions to connect when these command partitions are assigned: desired connected and homed on one of them.
     * Sessions written under another partition count (the topic grew) are re-homed here as they are read.
     */
    @Override
    public List<SessionRecord> toResume(Collection<Integer> partitions, int partitionCount) {
        Bson filter = Filters.and(Filters.eq(DESIRED, DesiredState.CONNECTED.wireName()), Filters.or(
                Filters.and(Filters.in(PARTITION, partitions), Filters.eq(PARTITIONS, partitionCount)),
                Filters.ne(PARTITIONS, partitionCount)));
        List<SessionRecord> candidates = new ArrayList<>();
        for (Document doc : sessions.find(filter)) {
            candidates.add(record(doc));
        }
        return SessionRegistry.homed(candidates, partitions, partitionCount, (id, home) -> sessions.updateOne(
                Filters.eq("_id", id), Updates.combine(Updates.set(PARTITION, home), Updates.set(PARTITIONS, partitionCount))));
    }

    private Date now() {
        return Date.from(clock.instant());
    }

    private static SessionRecord record(Document d) {
        Document me = d.get(ME, Document.class);
        Date created = d.getDate(CREATED);
        Date updated = d.getDate(UPDATED);
        return new SessionRecord(d.getString("_id"),
                DesiredState.ofWireName(d.getString(DESIRED)),
                SessionState.ofWireName(d.get(STATE, SessionState.CLOSED.wireName())),
                d.get(PARTITION, -1), d.get(PARTITIONS, -1),
                me == null ? null : me.getString("pn"), me == null ? null : me.getString("lid"),
                d.getString(OWNER),
                created == null ? null : created.toInstant(), updated == null ? null : updated.toInstant());
    }
}

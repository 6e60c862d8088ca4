package io.wabridge.store.mongo;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.WriteModel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit of the bulk writes to one collection, across the sessions of a provider: what the sessions' store I/O
 * threads submit while a bulk write is under way goes out together as the next one, a single unordered
 * {@code bulkWrite}, so N sessions committing at once cost one round trip (one command built, one connection
 * checked out, one reply decoded) instead of N. A lone write goes at once: no timer, no waiting for company.
 *
 * <p>No thread of its own: the batch is sent by one of its callers (the leader), which then hands the lead to the
 * oldest caller still queued, so every caller's write is sent by a thread that waits for it anyway and a lone
 * write costs no hand-off. A caller blocks until its own writes are done, so each caller's writes keep their order
 * across collections.
 *
 * <p>Outcomes are each caller's own: the server's write errors (a fenced write's duplicate key) are mapped back by
 * index and thrown to the caller they belong to, as a {@link MongoBulkWriteException} of its writes only (so
 * {@link Fence#write} retries and refuses exactly as for a bulk write of its own); the other callers' writes in
 * the same batch are stored. Any other failure (network, write concern, a bug) fails every caller of that batch
 * with the cause. A caller whose ordered writes name a key twice (or are not all replacements or updates of one document) is sent on its own,
 * ordered, as before: a combined batch is unordered, since one caller's error must not stop the others' writes.
 */
final class BulkCombiner {

    /** Writes per combined bulk write (a batch takes whole callers, so one big caller may exceed it alone). */
    static final int MAX_WRITES = 1_000;

    private static final class Request {
        final List<? extends WriteModel<BsonDocument>> writes;
        final BulkWriteOptions options;
        final Thread waiter;
        volatile boolean lead;
        volatile boolean done;
        RuntimeException failure;
        Error error;

        Request(List<? extends WriteModel<BsonDocument>> writes, BulkWriteOptions options) {
            this.writes = writes;
            this.options = options;
            this.waiter = Thread.currentThread();
        }

        void finish(RuntimeException failure) {
            this.failure = failure;
            this.done = true;
            LockSupport.unpark(waiter);
        }

        void promote() {
            lead = true;
            LockSupport.unpark(waiter);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(BulkCombiner.class);
    /** How often the leader logs (at debug) how many callers the bulk writes carried. */
    private static final long REPORT_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(1);

    private final MongoCollection<BsonDocument> collection;
    /** Callers and bulk writes since the last report, and when that was; touched only by the leader. */
    private long callers;
    private long bulkWrites;
    private long reportedAt = System.nanoTime();
    private final ConcurrentLinkedQueue<Request> queue = new ConcurrentLinkedQueue<>();
    /** Held by the one caller sending (or about to send) the next batch. */
    private final AtomicBoolean leading = new AtomicBoolean();
    /** Tests only: runs between a caller's enqueue and its attempt to take the lead, told whether it is done. */
    volatile java.util.function.Consumer<java.util.function.BooleanSupplier> beforeLeadAttempt;

    /** Tests only: the callers queued. */
    int queued() {
        return queue.size();
    }

    BulkCombiner(MongoCollection<BsonDocument> collection) {
        this.collection = collection;
    }

    /**
     * Writes {@code writes} in the next combined bulk write and returns when they are done; throws what the server
     * said about them. {@code options} says whether the caller needs them in order (a collection naming a key
     * twice, the last wins): such a caller is combined only if its writes are replacements of distinct keys.
     */
    void bulkWrite(List<? extends WriteModel<BsonDocument>> writes, BulkWriteOptions options) {
        if (writes.isEmpty()) {
            return;
        }
        if (Boolean.TRUE.equals(options.isOrdered()) && writes.size() > 1 && !distinctReplacements(writes)) {
            collection.bulkWrite(writes, options);
            return;
        }
        Request mine = new Request(writes, options);
        queue.add(mine);
        boolean interrupted = false;
        // Leading is tracked apart from being done: a leader may take and finish our request between our add and
        // our compare-and-set, release the lead and let us win it; we must then still hand it on (lead() does, even
        // with nothing left to send), or the lead would stay taken and every later caller park for good.
        java.util.function.Consumer<java.util.function.BooleanSupplier> hook = beforeLeadAttempt;
        if (hook != null) {
            hook.accept(() -> mine.done);
        }
        boolean leader = leading.compareAndSet(false, true);
        if (!leader) {
            while (!mine.done && !mine.lead) {
                LockSupport.park(this);
                interrupted |= Thread.interrupted(); // never abandon a queued write (the lead may come to us)
            }
            leader = mine.lead;
        }
        try {
            if (leader) {
                lead(mine);
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (mine.error != null) {
            throw mine.error;
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
    }

    /** Sends batches from the head of the queue until {@code mine} is done, then hands the lead on. */
    private void lead(Request mine) {
        List<Request> batch = new ArrayList<>();
        try {
            while (!mine.done) {
                batch.clear();
                int writes = 0;
                Request next;
                while ((batch.isEmpty() || writes + peekSize() <= MAX_WRITES) && (next = queue.poll()) != null) {
                    batch.add(next);
                    writes += next.writes.size();
                }
                try {
                    send(batch, writes);
                } catch (Throwable t) { // a bug or an OutOfMemoryError outside the write: no taken caller left parked
                    for (Request r : batch) {
                        if (!r.done) {
                            if (t instanceof Error error) {
                                r.error = error;
                                r.finish(null);
                            } else {
                                r.finish(t instanceof RuntimeException re ? re : new IllegalStateException(t));
                            }
                        }
                    }
                    throw t;
                }
            }
        } finally {
            handOff();
        }
    }

    private int peekSize() {
        Request head = queue.peek();
        return head == null ? 0 : head.writes.size();
    }

    /** Passes the lead to the oldest waiting caller, or releases it (and takes it back if one came meanwhile). */
    private void handOff() {
        while (true) {
            Request next = queue.peek();
            if (next != null) {
                next.promote();
                return;
            }
            leading.set(false);
            if (queue.isEmpty() || !leading.compareAndSet(false, true)) {
                return;
            }
        }
    }

    private void send(List<Request> batch, int size) {
        count(batch.size());
        if (batch.size() == 1) {
            Request only = batch.get(0);
            try {
                collection.bulkWrite(only.writes, only.options); // alone: as the caller asked (ordered or not)
                only.finish(null);
            } catch (RuntimeException e) {
                only.finish(e);
            } catch (Error e) {
                only.error = e;
                only.finish(null);
            }
            return;
        }
        List<WriteModel<BsonDocument>> all = new ArrayList<>(size);
        for (Request r : batch) {
            all.addAll(r.writes);
        }
        try {
            collection.bulkWrite(all, Docs.UNORDERED);
            batch.forEach(r -> r.finish(null));
        } catch (MongoBulkWriteException e) {
            if (e.getWriteConcernError() != null) {
                // Not the whole exception: its write errors name other callers' writes, and a duplicate key among
                // them would read as this caller's refusal (Fence). The cause keeps what the server said.
                MongoException failed = new MongoException("bulk write of " + batch.size()
                        + " sessions' writes failed its write concern: " + e.getWriteConcernError().getMessage(), e);
                batch.forEach(r -> r.finish(failed));
                return;
            }
            distribute(batch, e);
        } catch (RuntimeException e) {
            batch.forEach(r -> r.finish(e));
        } catch (Error e) {
            batch.forEach(r -> {
                r.error = e;
                r.finish(null);
            });
        }
    }

    private void count(int batchCallers) {
        callers += batchCallers;
        bulkWrites++;
        long now = System.nanoTime();
        if (now - reportedAt >= REPORT_NANOS) {
            if (LOG.isDebugEnabled()) {
                LOG.debug("{}: {} callers' writes in {} bulk writes", collection.getNamespace().getCollectionName(),
                        callers, bulkWrites);
            }
            callers = 0;
            bulkWrites = 0;
            reportedAt = now;
        }
    }

    /** Each caller gets its own write errors (re-indexed to its writes), or success. */
    private static void distribute(List<Request> batch, MongoBulkWriteException e) {
        List<BulkWriteError> errors = new ArrayList<>(e.getWriteErrors());
        errors.sort((a, b) -> Integer.compare(a.getIndex(), b.getIndex()));
        int at = 0;
        int offset = 0;
        for (Request r : batch) {
            int end = offset + r.writes.size();
            List<BulkWriteError> own = null;
            while (at < errors.size() && errors.get(at).getIndex() < end) {
                BulkWriteError error = errors.get(at++);
                if (own == null) {
                    own = new ArrayList<>(2);
                }
                own.add(new BulkWriteError(error.getCode(), error.getMessage(), error.getDetails(),
                        error.getIndex() - offset));
            }
            r.finish(own == null ? null : new MongoBulkWriteException(BulkWriteResult.unacknowledged(), own, null,
                    e.getServerAddress(), Set.copyOf(e.getErrorLabels())));
            offset = end;
        }
    }

    /**
     * Whether every write replaces or updates one document by a filter no other of them names (so order cannot
     * matter): the archive's upserts are updates (a kept star and labels set only on insert).
     */
    static boolean distinctReplacements(List<? extends WriteModel<BsonDocument>> writes) {
        Set<Object> filters = new HashSet<>(writes.size() * 2);
        int raw = 0;
        for (WriteModel<BsonDocument> w : writes) {
            Bson filter = w instanceof ReplaceOneModel<BsonDocument> replace ? replace.getFilter()
                    : w instanceof UpdateOneModel<BsonDocument> update ? update.getFilter() : null;
            if (filter instanceof RawBsonDocument r) { // by its bytes: its own equals and hashCode decode it first
                raw++;
                if (!filters.add(r.getByteBuffer().asNIO())) {
                    return false;
                }
            } else if (filter == null || !filters.add(filter)) {
                return false;
            }
        }
        // the same key built as raw bytes and as a tree would not meet in the set: a mixed list is not judged distinct
        return raw == 0 || raw == writes.size();
    }

    /**
     * The combiners of a provider: {@link #STRIPES} per collection, a session always on the same one (by its id), so
     * that many bulk writes to a collection can be out at once (the server works on several, the connection pool
     * has room) while each still carries what its sessions queued meanwhile. One stripe is a single pipeline:
     * measured (loaded machine) at 50 and 500 sessions it cut the commands/s (every batch waited for the one
     * before it); four kept them, with 10-15 callers a bulk write at 500 sessions.
     */
    static final class PerCollection {
        /** Bulk writes out at once per collection, at most. */
        static final int STRIPES = 4;

        private final Map<String, BulkCombiner[]> combiners = new java.util.concurrent.ConcurrentHashMap<>();
        private final int stripes;

        PerCollection() {
            this(STRIPES);
        }

        PerCollection(int stripes) {
            if (stripes < 1) {
                throw new IllegalArgumentException("stripes must be positive, got " + stripes);
            }
            this.stripes = stripes;
        }

        BulkCombiner of(MongoCollection<BsonDocument> collection, String sessionId) {
            BulkCombiner[] c = combiners.get(collection.getNamespace().getFullName());
            if (c == null) {
                c = combiners.computeIfAbsent(collection.getNamespace().getFullName(), n -> {
                    BulkCombiner[] all = new BulkCombiner[stripes];
                    for (int i = 0; i < stripes; i++) {
                        all[i] = new BulkCombiner(collection);
                    }
                    return all;
                });
            }
            return c[Math.floorMod(sessionId.hashCode(), stripes)];
        }

        /** Callers waiting for their writes to {@code namespace} to be sent (tests). */
        int queued(String namespace) {
            BulkCombiner[] c = combiners.get(namespace);
            int queued = 0;
            for (int i = 0; c != null && i < c.length; i++) {
                queued += c[i].queued();
            }
            return queued;
        }
    }
}

package io.wabridge.store.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.MongoServerException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.WriteModel;
import io.wabridge.client.store.StoreFencedException;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonValue;

/**
 * The epoch fence of one opened session view, shared by all its stores. Every document the view writes carries
 * its epoch in {@code e}, and every replace, upsert and delete it sends matches only documents whose {@code e} is
 * at most its own, or absent (written unfenced): {@code e: {$not: {$gt: epoch}}}, one condition where an {@code $or} of
 * two was (a filter is encoded once per write, and the array of two made it a visible share of the driver's CPU).
 * When a newer owner's document holds the key, an upsert matches
 * nothing and its insert collides with that document on the unique key: the duplicate-key error IS the refusal,
 * so fencing costs no round trip. A fenced delete simply matches nothing.
 */
final class Fence {

    /** The writer's epoch; absent on documents written unfenced (epoch 0) or before fencing existed. */
    static final String EPOCH = "e";

    private final String sessionId;
    private final long epoch;
    private final BsonInt64 epochValue;
    /** {@code {$not: {$gt: epoch}}}: matches an absent {@code e} too; built once, only ever read by the encoder. */
    private final BsonDocument notNewer;
    private volatile Consumer<? super StoreFencedException> listener;
    /** The provider's group commit per collection (each bulk write goes through the one of its collection). */
    private final BulkCombiner.PerCollection combiners;

    Fence(String sessionId, long epoch) {
        this(sessionId, epoch, new BulkCombiner.PerCollection());
    }

    Fence(String sessionId, long epoch, BulkCombiner.PerCollection combiners) {
        this.sessionId = sessionId;
        this.combiners = combiners;
        this.epoch = epoch;
        this.epochValue = new BsonInt64(epoch);
        this.notNewer = new BsonDocument("$not", new BsonDocument("$gt", epochValue));
    }

    long epoch() {
        return epoch;
    }

    void onFenced(Consumer<? super StoreFencedException> listener) {
        this.listener = listener;
    }

    /** Restricts {@code filter} (a fresh document) to documents no newer epoch wrote. */
    BsonDocument filter(BsonDocument filter) {
        return filter.append(EPOCH, notNewer);
    }

    /** {@link #filter(BsonDocument)} of a key written as raw BSON: closes {@code key} and returns it. */
    org.bson.RawBsonDocument filter(RawDoc key) {
        return key.start(EPOCH).start("$not").int64("$gt", epoch).end().end().build();
    }

    /** {@link #stamp(BsonDocument)} of a document being written as raw BSON. */
    RawDoc stamp(RawDoc doc) {
        return epoch == 0 ? doc : doc.int64(EPOCH, epoch);
    }

    /** Marks {@code doc} (a fresh document) as written at this epoch. Epoch 0 writes as before fencing. */
    BsonDocument stamp(BsonDocument doc) {
        return epoch == 0 ? doc : doc.append(EPOCH, epochValue);
    }

    /** The epoch a stored document was written with (0 if unfenced). */
    static long epochOf(BsonDocument doc) {
        BsonValue e = doc.get(EPOCH);
        return e == null || !e.isNumber() ? 0 : e.asNumber().longValue();
    }

    /**
     * Runs a fenced upsert (single or bulk), turning its duplicate-key refusal into {@link StoreFencedException}
     * (after telling the listener). A duplicate key is tried once more before it counts as a refusal:
     * two owners inserting the same new key at once make the later one collide although it is the newer; on the
     * second try its filter matches the older owner's document and replaces it, while a fenced writer collides
     * again. Every fenced write is idempotent, so repeating it (a whole batch too) is safe.
     */
    <T> T write(Supplier<T> write) {
        try {
            return write.get();
        } catch (MongoException e) {
            if (!isDuplicateKey(e)) {
                throw e;
            }
        }
        try {
            return write.get();
        } catch (MongoException e) {
            if (!isDuplicateKey(e)) {
                throw e;
            }
            StoreFencedException fenced = refused();
            fenced.initCause(e);
            throw fenced;
        }
    }

    /**
     * A fenced bulk write, combined with the other sessions' bulk writes to {@code collection} that are pending
     * meanwhile (one round trip for them all, see {@link BulkCombiner}); its own duplicate key is retried and
     * refused as by {@link #write}, and only this caller sees it.
     */
    void bulkWrite(MongoCollection<BsonDocument> collection, List<? extends WriteModel<BsonDocument>> writes,
                   BulkWriteOptions options) {
        BulkCombiner combiner = combiners.of(collection, sessionId);
        write(() -> {
            combiner.bulkWrite(writes, options);
            return null;
        });
    }

    /** The refusal to throw, after telling the listener. */
    StoreFencedException refused() {
        StoreFencedException fenced = new StoreFencedException(sessionId, epoch);
        Consumer<? super StoreFencedException> l = listener;
        if (l != null) {
            l.accept(fenced);
        }
        return fenced;
    }

    /** Single writes report it as the error's code, findAndModify as the command's, bulk writes per write. */
    private static boolean isDuplicateKey(MongoException e) {
        if (e instanceof MongoBulkWriteException bulk) {
            for (BulkWriteError error : bulk.getWriteErrors()) {
                if (ErrorCategory.fromErrorCode(error.getCode()) == ErrorCategory.DUPLICATE_KEY) {
                    return true;
                }
            }
            return false;
        }
        if (e instanceof MongoWriteException single) {
            return single.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
        }
        return e instanceof MongoServerException server
                && ErrorCategory.fromErrorCode(server.getCode()) == ErrorCategory.DUPLICATE_KEY;
    }
}

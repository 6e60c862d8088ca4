package io.wabridge.store.mongo;

import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.ReplaceOptions;
import io.wabridge.client.store.SignalAddress;
import org.bson.BsonBinary;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.BsonValue;

/** Field names and small builders shared by the Mongo stores. Short names: they repeat in every document. */
final class Docs {

    /** The session id, first field of every compound key. */
    static final String SESSION = "s";
    /** A Signal address: user name and device id. */
    static final String NAME = "n";
    static final String DEVICE = "d";
    /** The stored payload of byte-record collections. */
    static final String RECORD = "r";

    /** Every write replaces a whole document by its unique key, creating it if absent. */
    static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);
    /** For batches given as a map: distinct keys, so the server may apply them in any order. */
    static final BulkWriteOptions UNORDERED = new BulkWriteOptions().ordered(false);
    /**
     * For batches given as a collection, which may name a key twice: in order, the last one wins (as in memory)
     * and a second upsert of a new key cannot collide with the first on the unique index.
     */
    static final BulkWriteOptions ORDERED = new BulkWriteOptions().ordered(true);

    private Docs() {
    }

    static BsonDocument session(String sessionId) {
        return new BsonDocument(SESSION, new BsonString(sessionId));
    }

    static BsonDocument address(String sessionId, SignalAddress address) {
        return session(sessionId).append(NAME, new BsonString(address.name())).append(DEVICE, new BsonInt32(address.deviceId()));
    }

    /** {@link #address(String, SignalAddress)} as raw BSON, open for more fields (the per-message writes). */
    static RawDoc rawAddress(String sessionId, SignalAddress address) {
        return RawDoc.session(sessionId).string(NAME, address.name()).int32(DEVICE, address.deviceId());
    }

    static SignalAddress address(BsonDocument doc) {
        return new SignalAddress(doc.getString(NAME).getValue(), doc.getInt32(DEVICE).getValue());
    }

    static BsonBinary binary(byte[] bytes) {
        return new BsonBinary(bytes);
    }

    /** The bytes of a binary field; the driver's decoded array, not copied (it belongs to the caller now). */
    static byte[] bytes(BsonDocument doc, String field) {
        return doc.getBinary(field).getData();
    }

    static BsonValue stringOrNull(String value) {
        return value == null ? null : new BsonString(value);
    }

    /** Appends {@code value} unless it is null: absent fields keep documents small and nulls unambiguous. */
    static BsonDocument appendIfPresent(BsonDocument doc, String field, BsonValue value) {
        if (value != null) {
            doc.append(field, value);
        }
        return doc;
    }

    static String stringOrNull(BsonDocument doc, String field) {
        BsonValue value = doc.get(field);
        return value == null || value.isNull() ? null : value.asString().getValue();
    }

    static BsonDocument projection(String... fields) {
        BsonDocument projection = new BsonDocument("_id", new BsonInt32(0));
        for (String field : fields) {
            projection.append(field, new BsonInt32(1));
        }
        return projection;
    }

    static void checkLimit(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("page limit must be positive, got " + limit);
        }
    }
}

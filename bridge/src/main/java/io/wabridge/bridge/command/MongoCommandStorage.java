package io.wabridge.bridge.command;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import io.wabridge.store.mongo.RawDoc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;

/**
 * Command results in {@code <prefix>commands}: {@code {_id: {s: sessionId, c: commandId}, type, result, at}};
 * records expire after the retention (TTL index).
 */
public final class MongoCommandStorage implements CommandStorage {

    static final String TYPE = "type";
    static final String RESULT = "result";
    static final String AT = "at";

    /** Filters and documents written as raw BSON ({@link RawDoc}: no codec per value), results read lazily. */
    private final MongoCollection<RawBsonDocument> commands;
    private final Duration retention;

    public MongoCommandStorage(MongoDatabase database, String collectionPrefix, Duration retention) {
        this.commands = database.getCollection(collectionPrefix + "commands", RawBsonDocument.class);
        this.retention = retention;
    }

    @Override
    public void prepare() {
        commands.createIndex(Indexes.ascending(AT),
                new IndexOptions().name("retention_ttl").expireAfter(retention.toSeconds(), TimeUnit.SECONDS));
    }

    @Override
    public Map<Key, byte[]> find(List<Key> keys) {
        RawDoc filter = RawDoc.empty();
        if (keys.size() == 1) {
            id(filter.start("_id"), keys.get(0).sessionId(), keys.get(0).commandId()).end();
        } else {
            filter.start("_id").startArray("$in");
            for (Key k : keys) {
                id(filter.item(), k.sessionId(), k.commandId()).end();
            }
            filter.end().end();
        }
        Map<Key, byte[]> found = new HashMap<>();
        for (RawBsonDocument doc : commands.find(filter.build())) {
            BsonDocument id = doc.getDocument("_id");
            BsonValue result = doc.get(RESULT);
            found.put(new Key(id.getString("s").getValue(), id.getString("c").getValue()),
                    result != null && result.isBinary() ? result.asBinary().getData() : UNREADABLE);
        }
        return found;
    }

    @Override
    public List<RuntimeException> insert(List<Entry> entries) {
        List<RawBsonDocument> docs = new ArrayList<>(entries.size());
        List<RuntimeException> failures = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            docs.add(id(RawDoc.empty().start("_id"), e.sessionId(), e.commandId()).end()
                    .string(TYPE, e.type())
                    .binary(RESULT, e.result())
                    .dateTime(AT, e.atMillis())
                    .build());
            failures.add(null);
        }
        try {
            commands.insertMany(docs, new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            for (BulkWriteError error : e.getWriteErrors()) {
                if (error.getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    failures.set(error.getIndex(), new IllegalStateException("storing the result failed: "
                            + error.getMessage()));
                }
            }
            if (e.getWriteConcernError() != null) {
                throw e;
            }
        }
        return failures;
    }

    /** A command's {@code _id} fields, {@code {s: sessionId, c: commandId}}, into the document open in {@code doc}. */
    private static RawDoc id(RawDoc doc, String sessionId, String commandId) {
        return doc.string("s", sessionId).string("c", commandId);
    }
}

package io.wabridge.bridge.command;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.types.Binary;

/**
 * Command results in {@code <prefix>commands}: {@code {_id: {s: sessionId, c: commandId}, type, result, at}};
 * records expire after the retention (TTL index).
 */
public final class MongoCommandStorage implements CommandStorage {

    static final String TYPE = "type";
    static final String RESULT = "result";
    static final String AT = "at";

    private final MongoCollection<Document> commands;
    private final Duration retention;

    public MongoCommandStorage(MongoDatabase database, String collectionPrefix, Duration retention) {
        this.commands = database.getCollection(collectionPrefix + "commands");
        this.retention = retention;
    }

    @Override
    public void prepare() {
        commands.createIndex(Indexes.ascending(AT),
                new IndexOptions().name("retention_ttl").expireAfter(retention.toSeconds(), TimeUnit.SECONDS));
    }

    @Override
    public Map<Key, byte[]> find(List<Key> keys) {
        List<Document> ids = new ArrayList<>(keys.size());
        for (Key k : keys) {
            ids.add(id(k.sessionId(), k.commandId()));
        }
        Map<Key, byte[]> found = new HashMap<>();
        for (Document doc : commands.find(keys.size() == 1 ? Filters.eq("_id", ids.get(0)) : Filters.in("_id", ids))) {
            Document id = doc.get("_id", Document.class);
            found.put(new Key(id.getString("s"), id.getString("c")),
                    doc.get(RESULT) instanceof Binary result ? result.getData() : UNREADABLE);
        }
        return found;
    }

    @Override
    public List<RuntimeException> insert(List<Entry> entries) {
        List<Document> docs = new ArrayList<>(entries.size());
        List<RuntimeException> failures = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            docs.add(new Document("_id", id(e.sessionId(), e.commandId()))
                    .append(TYPE, e.type())
                    .append(RESULT, new Binary(e.result()))
                    .append(AT, new Date(e.atMillis())));
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

    private static Document id(String sessionId, String commandId) {
        return new Document("s", sessionId).append("c", commandId);
    }
}

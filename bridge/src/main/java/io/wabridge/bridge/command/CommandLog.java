package io.wabridge.bridge.command;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.google.protobuf.InvalidProtocolBufferException;
import io.wabridge.proto.v1.CommandResult;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.types.Binary;

/**
 * The outcome of every command a session executed, in {@code <prefix>commands}:
 * {@code {_id: {s: sessionId, c: commandId}, type, result: <CommandResult protobuf>, at}}. A command delivered again
 * (a rebalance or restart before its offset was committed, or a producer retry) finds its result here and reports
 * it instead of acting twice. Records expire after the retention (TTL index): redeliveries happen within minutes,
 * and correctness past the retention never depends on the expiry running.
 *
 * <p>The sessions' lanes use {@link #lookup} and {@link #store}: each is a group commit ({@link GroupCommit}), so
 * the look-ups of all sessions that start a command while one is under way go as one {@code $in} query, and their
 * results as one unordered {@code insertMany}. A session still looks its command up only after its previous
 * command's result was stored, so a command delivered twice in a row is answered from the log as before.
 */
public final class CommandLog implements AutoCloseable {
    /** Most commands in one query or insert. */
    static final int MAX_BATCH = 500;

    static final String TYPE = "type";
    static final String RESULT = "result";
    static final String AT = "at";

    private final MongoCollection<Document> commands;
    private final InstantSource clock;
    private final Duration retention;

    private final GroupCommit<Key, Optional<CommandResult>> lookups =
            new GroupCommit<>("wabridge-command-log-find", MAX_BATCH, this::findBatch);
    private final GroupCommit<Document, Void> stores =
            new GroupCommit<>("wabridge-command-log-insert", MAX_BATCH, this::insertBatch);

    public CommandLog(MongoDatabase database, String collectionPrefix, InstantSource clock, Duration retention) {
        this.commands = database.getCollection(collectionPrefix + "commands");
        this.clock = clock;
        this.retention = retention;
    }

    private record Key(String sessionId, String commandId) {}

    /** Idempotent. */
    public void createIndexes() {
        commands.createIndex(Indexes.ascending(AT),
                new IndexOptions().name("retention_ttl").expireAfter(retention.toSeconds(), TimeUnit.SECONDS));
    }

    /** The stored result of this command, if it was executed before. */
    public Optional<CommandResult> find(String sessionId, String commandId) {
        return parse(sessionId, commandId, commands.find(Filters.eq("_id", key(sessionId, commandId))).first());
    }

    private static Optional<CommandResult> parse(String sessionId, String commandId, Document doc) {
        if (doc == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(CommandResult.parseFrom(doc.get(RESULT, Binary.class).getData()));
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw new IllegalStateException("stored result of command " + commandId + " of session " + sessionId
                    + " is unreadable", e);
        }
    }

    /** {@link #find}, grouped with other sessions' look-ups; completes off the caller's thread. */
    public CompletableFuture<Optional<CommandResult>> lookup(String sessionId, String commandId) {
        return lookups.submit(new Key(sessionId, commandId));
    }

    /** {@link #record}, grouped with other sessions' results; completes once stored (or already there). */
    public CompletableFuture<Void> store(String sessionId, String commandId, String type, CommandResult result) {
        return stores.submit(document(sessionId, commandId, type, result));
    }

    private void findBatch(List<Key> keys, List<CompletableFuture<Optional<CommandResult>>> results) {
        List<Document> ids = new ArrayList<>(keys.size());
        for (Key k : keys) {
            ids.add(key(k.sessionId(), k.commandId()));
        }
        Map<Key, Document> found = new HashMap<>();
        for (Document doc : commands.find(Filters.in("_id", ids))) {
            Document id = doc.get("_id", Document.class);
            found.put(new Key(id.getString("s"), id.getString("c")), doc);
        }
        for (int i = 0; i < keys.size(); i++) {
            Key k = keys.get(i);
            try {
                results.get(i).complete(parse(k.sessionId(), k.commandId(), found.get(k)));
            } catch (RuntimeException e) {
                results.get(i).completeExceptionally(e);
            }
        }
    }

    private void insertBatch(List<Document> docs, List<CompletableFuture<Void>> results) {
        List<RuntimeException> failures = new ArrayList<>(docs.size());
        for (int i = 0; i < docs.size(); i++) {
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
        for (int i = 0; i < docs.size(); i++) {
            if (failures.get(i) == null) {
                results.get(i).complete(null);
            } else {
                results.get(i).completeExceptionally(failures.get(i));
            }
        }
    }

    /** Stores a command's result; a result already stored for it (a concurrent delivery) is kept. */
    public void record(String sessionId, String commandId, String type, CommandResult result) {
        Document doc = document(sessionId, commandId, type, result);
        try {
            commands.insertOne(doc);
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
    }

    private Document document(String sessionId, String commandId, String type, CommandResult result) {
        return new Document("_id", key(sessionId, commandId))
                .append(TYPE, type)
                .append(RESULT, new Binary(result.toByteArray()))
                .append(AT, Date.from(clock.instant()));
    }

    private static Document key(String sessionId, String commandId) {
        return new Document("s", sessionId).append("c", commandId);
    }

    /** Stops the grouping threads; look-ups and stores still waiting fail. */
    @Override
    public void close() {
        lookups.close();
        stores.close();
    }
}

package io.wabridge.bridge.command;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.google.protobuf.InvalidProtocolBufferException;
import io.wabridge.proto.v1.CommandResult;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Date;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.types.Binary;

/**
 * The outcome of every command a session executed, in {@code <prefix>commands}:
 * {@code {_id: {s: sessionId, c: commandId}, type, result: <CommandResult protobuf>, at}}. A command delivered again
 * (a rebalance or restart before its offset was committed, or a producer retry) finds its result here and reports
 * it instead of acting twice. Records expire after the retention (TTL index): redeliveries happen within minutes,
 * and correctness past the retention never depends on the expiry running.
 */
public final class CommandLog {

    static final String TYPE = "type";
    static final String RESULT = "result";
    static final String AT = "at";

    private final MongoCollection<Document> commands;
    private final InstantSource clock;
    private final Duration retention;

    public CommandLog(MongoDatabase database, String collectionPrefix, InstantSource clock, Duration retention) {
        this.commands = database.getCollection(collectionPrefix + "commands");
        this.clock = clock;
        this.retention = retention;
    }

    /** Idempotent. */
    public void createIndexes() {
        commands.createIndex(Indexes.ascending(AT),
                new IndexOptions().name("retention_ttl").expireAfter(retention.toSeconds(), TimeUnit.SECONDS));
    }

    /** The stored result of this command, if it was executed before. */
    public Optional<CommandResult> find(String sessionId, String commandId) {
        Document doc = commands.find(Filters.eq("_id", key(sessionId, commandId))).first();
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

    /** Stores a command's result; a result already stored for it (a concurrent delivery) is kept. */
    public void record(String sessionId, String commandId, String type, CommandResult result) {
        Document doc = new Document("_id", key(sessionId, commandId))
                .append(TYPE, type)
                .append(RESULT, new Binary(result.toByteArray()))
                .append(AT, Date.from(clock.instant()));
        try {
            commands.insertOne(doc);
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
    }

    private static Document key(String sessionId, String commandId) {
        return new Document("s", sessionId).append("c", commandId);
    }
}

package io.wabridge.bridge.command;

import com.google.protobuf.InvalidProtocolBufferException;
import com.mongodb.client.MongoDatabase;
import io.wabridge.bridge.command.CommandStorage.Entry;
import io.wabridge.bridge.command.CommandStorage.Key;
import io.wabridge.proto.v1.CommandResult;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The outcome of every command a session executed, in a {@link CommandStorage} (MongoDB's {@code <prefix>commands}
 * or PostgreSQL's {@code command_results}). A command delivered again
 * (a rebalance or restart before its offset was committed, or a producer retry) finds its result here and reports
 * it instead of acting twice. Records expire after the retention (TTL index): redeliveries happen within minutes,
 * and correctness past the retention never depends on the expiry running.
 *
 * <p>The sessions' lanes use {@link #lookup} and {@link #store}: each is a group commit ({@link GroupCommit}), so
 * the look-ups of all sessions that start a command while one is under way go as one {@code $in} query, and their
 * results as one unordered insert. A session still looks its command up only after its previous
 * command's result was stored, so a command delivered twice in a row is answered from the log as before.
 */
public final class CommandLog implements AutoCloseable {
    /** Most commands in one query or insert. */
    static final int MAX_BATCH = 500;

    private final CommandStorage storage;
    private final InstantSource clock;

    private final GroupCommit<Key, Optional<CommandResult>> lookups =
            new GroupCommit<>("wabridge-command-log-find", MAX_BATCH, this::findBatch);
    private final GroupCommit<Entry, Void> stores =
            new GroupCommit<>("wabridge-command-log-insert", MAX_BATCH, this::insertBatch);

    /** On MongoDB: {@code <prefix>commands}, records expiring after {@code retention}. */
    public CommandLog(MongoDatabase database, String collectionPrefix, InstantSource clock, Duration retention) {
        this(new MongoCommandStorage(database, collectionPrefix, retention), clock);
    }

    public CommandLog(CommandStorage storage, InstantSource clock) {
        this.storage = storage;
        this.clock = clock;
    }

    /** Idempotent. */
    public void createIndexes() {
        storage.prepare();
    }

    /** The stored result of this command, if it was executed before. */
    public Optional<CommandResult> find(String sessionId, String commandId) {
        Key key = new Key(sessionId, commandId);
        return parse(key, storage.find(List.of(key)).get(key));
    }

    private static Optional<CommandResult> parse(Key key, byte[] stored) {
        if (stored == null) {
            return Optional.empty();
        }
        try {
            if (stored == CommandStorage.UNREADABLE) {
                throw new IllegalArgumentException("not bytes");
            }
            return Optional.of(CommandResult.parseFrom(stored));
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw new IllegalStateException("stored result of command " + key.commandId() + " of session "
                    + key.sessionId() + " is unreadable", e);
        }
    }

    /** {@link #find}, grouped with other sessions' look-ups; completes off the caller's thread. */
    public CompletableFuture<Optional<CommandResult>> lookup(String sessionId, String commandId) {
        return lookups.submit(new Key(sessionId, commandId));
    }

    /** {@link #record}, grouped with other sessions' results; completes once stored (or already there). */
    public CompletableFuture<Void> store(String sessionId, String commandId, String type, CommandResult result) {
        return stores.submit(entry(sessionId, commandId, type, result));
    }

    private void findBatch(List<Key> keys, List<CompletableFuture<Optional<CommandResult>>> results) {
        Map<Key, byte[]> found = storage.find(keys);
        for (int i = 0; i < keys.size(); i++) {
            Key k = keys.get(i);
            try {
                results.get(i).complete(parse(k, found.get(k)));
            } catch (RuntimeException e) {
                results.get(i).completeExceptionally(e);
            }
        }
    }

    private void insertBatch(List<Entry> entries, List<CompletableFuture<Void>> results) {
        List<RuntimeException> failures = storage.insert(entries);
        for (int i = 0; i < entries.size(); i++) {
            if (failures.get(i) == null) {
                results.get(i).complete(null);
            } else {
                results.get(i).completeExceptionally(failures.get(i));
            }
        }
    }

    /** Stores a command's result; a result already stored for it (a concurrent delivery) is kept. */
    public void record(String sessionId, String commandId, String type, CommandResult result) {
        RuntimeException failure = storage.insert(List.of(entry(sessionId, commandId, type, result))).get(0);
        if (failure != null) {
            throw failure;
        }
    }

    private Entry entry(String sessionId, String commandId, String type, CommandResult result) {
        return new Entry(sessionId, commandId, type, result.toByteArray(), clock.millis());
    }

    /** Stops the grouping threads; look-ups and stores still waiting fail. */
    @Override
    public void close() {
        lookups.close();
        stores.close();
    }
}

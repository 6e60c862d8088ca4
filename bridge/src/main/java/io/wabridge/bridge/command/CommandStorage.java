package io.wabridge.bridge.command;

import java.util.List;
import java.util.Map;

/**
 * Where {@link CommandLog} keeps command results: {@link MongoCommandStorage} or {@link PostgresCommandStorage},
 * chosen by {@code wabridge.store.backend}. Batches come from the log's group commits. Blocking calls.
 */
public interface CommandStorage {

    /** One command's result as stored. */
    record Entry(String sessionId, String commandId, String type, byte[] result, long atMillis) {}

    record Key(String sessionId, String commandId) {}

    /** What {@link #find} maps a stored entry to when it is not even bytes: its look-up alone fails. */
    byte[] UNREADABLE = new byte[0];

    /** Idempotent preparation (indexes, retention) before first use. */
    void prepare();

    /** The stored results (serialized CommandResult, or {@link #UNREADABLE}) of those of {@code keys} that have one. */
    Map<Key, byte[]> find(List<Key> keys);

    /**
     * Stores {@code entries}; an entry already stored (a concurrent delivery) keeps the stored one and is no failure.
     *
     * @return per entry, null if stored (or already there), else why it failed
     */
    List<RuntimeException> insert(List<Entry> entries);
}

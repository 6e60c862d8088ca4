package io.wabridge.bridge.session;

import io.wabridge.proto.v1.CommandResult;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The commands a session executed whose results a command-log look-up may not see yet, so a command delivered again
 * while its first delivery is still in the session's pipeline is answered with that delivery's result instead of
 * running twice.
 *
 * <p>A pipelined command's look-up is sent when it is dispatched, before the commands ahead of it in the session
 * finished; it may therefore miss the result of one of them with the same command id. Each pipelined command
 * {@link #issue issues} its look-up (counted before it is sent) and {@link #check checks} here when it starts on the
 * lane, in dispatch order. An executed command is remembered from its start until its result is stored <em>and</em>
 * every look-up issued before that has been checked: a look-up issued later finds the result in the log.
 * Empty (no map) while the session is idle.
 */
public final class RecentCommands {

    private static final class Entry {
        final String commandId;
        final CompletableFuture<CommandResult> result;
        /** Look-ups issued when the result was stored: the entry goes once that many were checked. */
        long keepUntilChecked = Long.MAX_VALUE;

        Entry(String commandId, CompletableFuture<CommandResult> result) {
            this.commandId = commandId;
            this.result = result;
        }
    }

    /** Look-ups issued (dispatcher thread). */
    private final AtomicLong issued = new AtomicLong();
    /** Look-ups checked (lane). */
    private long checked;
    /** Lane only; null while empty. */
    private Map<String, Entry> entries;
    /**
     * The settled entries in the order they settled, so by {@code keepUntilChecked} (look-ups issued only grow):
     * pruning looks at the oldest only, not at every entry on every check. Lane only; null while empty.
     */
    private ArrayDeque<Entry> settled;

    /** Dispatcher thread, before the command's look-up is sent. */
    public void issue() {
        issued.incrementAndGet();
    }

    /**
     * Lane, first thing a pipelined command does when it starts: the result of an earlier delivery of the same
     * command still in the pipeline, or null.
     */
    public CompletableFuture<CommandResult> check(String commandId) {
        checked++;
        Entry e = entries == null ? null : entries.get(commandId);
        prune();
        return e == null ? null : e.result;
    }

    /** Lane: a command starts executing here; its result completes {@code result}. */
    public void running(String commandId, CompletableFuture<CommandResult> result) {
        if (entries == null) {
            entries = new HashMap<>(4);
        }
        entries.putIfAbsent(commandId, new Entry(commandId, result));
    }

    /** Lane: the command's result is stored (or will never be: it failed); look-ups issued from now on see it. */
    public void settled(String commandId) {
        Entry e = entries == null ? null : entries.get(commandId);
        if (e != null && e.keepUntilChecked == Long.MAX_VALUE) {
            e.keepUntilChecked = issued.get();
            if (settled == null) {
                settled = new ArrayDeque<>(4);
            }
            settled.addLast(e);
            prune();
        }
    }

    /** How many commands are remembered (for tests). */
    int size() {
        return entries == null ? 0 : entries.size();
    }

    private void prune() {
        if (entries == null) {
            return;
        }
        while (settled != null && !settled.isEmpty() && settled.peekFirst().keepUntilChecked <= checked) {
            Entry e = settled.pollFirst();
            entries.remove(e.commandId, e);
        }
        if (settled != null && settled.isEmpty()) {
            settled = null;
        }
        if (entries.isEmpty()) {
            entries = null;
        }
    }
}

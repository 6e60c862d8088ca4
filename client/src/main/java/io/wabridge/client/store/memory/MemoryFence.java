package io.wabridge.client.store.memory;

import io.wabridge.client.store.StoreFencedException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The epoch fence of one opened view of a session. Memory keeps one high-water mark per session (the highest
 * epoch that wrote) instead of an epoch per entry: stricter than the Mongo store (a fenced writer cannot even add
 * new entries), which the contract allows, and one compare per write.
 */
final class MemoryFence {

    private final String sessionId;
    private final AtomicLong highestWriter;
    private final long epoch;
    private volatile Consumer<? super StoreFencedException> listener;

    MemoryFence(String sessionId, AtomicLong highestWriter, long epoch) {
        this.sessionId = sessionId;
        this.highestWriter = highestWriter;
        this.epoch = epoch;
    }

    /** A fence of the same session for a view opened at {@code otherEpoch} (its own listener). */
    MemoryFence withEpoch(long otherEpoch) {
        return new MemoryFence(sessionId, highestWriter, otherEpoch);
    }

    long epoch() {
        return epoch;
    }

    void onFenced(Consumer<? super StoreFencedException> listener) {
        this.listener = listener;
    }

    /** Call before every write: refuses it if a newer epoch wrote, else records this epoch as a writer. */
    void check() {
        long highest = highestWriter.get();
        while (epoch > highest) {
            if (highestWriter.compareAndSet(highest, epoch)) {
                return;
            }
            highest = highestWriter.get();
        }
        if (epoch < highest) {
            StoreFencedException fenced = new StoreFencedException(sessionId, epoch);
            Consumer<? super StoreFencedException> l = listener;
            if (l != null) {
                l.accept(fenced);
            }
            throw fenced;
        }
    }
}

package io.wabridge.bridge.kafka;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The command records of one partition that were handed out and not yet finished, in offset order. The commit
 * position is the offset of the oldest unfinished record (everything before it is done), or one past the newest
 * record when all are done: a commit never passes a command whose effect is not acknowledged, however many later
 * commands finished first. Records are tracked by the consumer thread, finished from any thread.
 */
final class PartitionProgress {

    /** One tracked record. */
    static final class Ticket {
        final long offset;
        final PartitionProgress owner;
        boolean done;

        Ticket(long offset, PartitionProgress owner) {
            this.offset = offset;
            this.owner = owner;
        }

        /** Marks the record finished; idempotent. */
        void finish() {
            owner.finish(this);
        }
    }

    private final ArrayDeque<Ticket> unfinished = new ArrayDeque<>();
    /** Unfinished records of every partition together; this partition stops counting in it once released. */
    private final AtomicInteger allInFlight;
    private int open;
    private boolean released;
    /** Commit position when nothing is unfinished: one past the newest tracked record; -1 before any. */
    private long next = -1;
    private long committed = -1;

    PartitionProgress(AtomicInteger allInFlight) {
        this.allInFlight = allInFlight;
    }

    synchronized Ticket track(long offset) {
        if (offset < next) {
            throw new IllegalArgumentException("offset " + offset + " tracked after " + (next - 1)
                    + ": records of a partition must be tracked in offset order");
        }
        Ticket ticket = new Ticket(offset, this);
        unfinished.addLast(ticket);
        next = offset + 1;
        open++;
        if (!released) {
            allInFlight.incrementAndGet();
        }
        return ticket;
    }

    private synchronized void finish(Ticket ticket) {
        if (ticket.done) {
            return;
        }
        ticket.done = true;
        open--;
        if (!released) {
            allInFlight.decrementAndGet();
        }
        while (!unfinished.isEmpty() && unfinished.peekFirst().done) {
            unfinished.removeFirst();
        }
        if (unfinished.isEmpty()) {
            notifyAll();
        }
    }

    /** Where a commit may go now: the oldest unfinished offset, or one past the newest; -1 if nothing tracked yet. */
    synchronized long position() {
        return unfinished.isEmpty() ? next : unfinished.peekFirst().offset;
    }

    /** The position if it moved past the last one committed, else -1. */
    synchronized long uncommittedPosition() {
        long p = position();
        return p > committed ? p : -1;
    }

    synchronized void committed(long position) {
        committed = Math.max(committed, position);
    }

    /** Records handed out and not finished. */
    synchronized int inFlight() {
        return open;
    }

    /** The partition was let go: its records stop counting as in flight. */
    synchronized void release() {
        if (!released) {
            released = true;
            allInFlight.addAndGet(-open);
        }
        notifyAll();
    }

    /** Waits until every tracked record is finished; false if the deadline passed first. */
    synchronized boolean awaitDrained(long deadlineNanos) throws InterruptedException {
        while (!unfinished.isEmpty() && !released) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return unfinished.isEmpty();
    }
}

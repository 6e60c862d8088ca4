package io.wabridge.simulator.contact;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The messages a simulated phone received, numbered 1, 2, ... and kept (bounded, oldest dropped) so both a test
 * that consumes them one by one ({@link #next}) and a script paging by number ({@link #after}) see them.
 * Thread-safe.
 */
final class ContactInbox {
    private final int capacity;
    private final ArrayDeque<ContactMessage> messages = new ArrayDeque<>();
    private long nextSeq = 1;
    private long cursor = 1;

    ContactInbox(int capacity) {
        this.capacity = capacity;
    }

    synchronized long nextSeq() {
        return nextSeq;
    }

    /** Adds a message numbered {@link #nextSeq()} (the caller built it with that number). */
    synchronized void add(ContactMessage message) {
        if (message.seq() != nextSeq) {
            throw new IllegalArgumentException("message numbered " + message.seq() + ", expected " + nextSeq);
        }
        nextSeq++;
        messages.addLast(message);
        if (messages.size() > capacity) {
            messages.pollFirst();
        }
        notifyAll();
    }

    /** The next message not yet returned by this method, waiting up to {@code wait}; null if none came. */
    synchronized ContactMessage next(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long first = firstSeq();
            if (cursor < first) {
                cursor = first;
            }
            if (cursor < nextSeq) {
                ContactMessage message = get(cursor);
                cursor++;
                return message;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** The messages numbered above {@code seq}, waiting up to {@code wait} for at least one. */
    synchronized List<ContactMessage> after(long seq, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (nextSeq - 1 <= seq) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return List.of();
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        List<ContactMessage> list = new ArrayList<>();
        for (ContactMessage message : messages) {
            if (message.seq() > seq) {
                list.add(message);
            }
        }
        return list;
    }

    private long firstSeq() {
        return messages.isEmpty() ? nextSeq : messages.peekFirst().seq();
    }

    private ContactMessage get(long seq) {
        long index = seq - firstSeq();
        int i = 0;
        for (ContactMessage message : messages) {
            if (i++ == index) {
                return message;
            }
        }
        throw new IllegalStateException("message " + seq + " not kept");
    }
}

package io.wabridge.client.testing;

import io.wabridge.client.stanza.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.PriorityQueue;

/**
 * Time that moves only when a test says so: a {@link Scheduler} whose tasks run inside {@link #advance}, and the
 * matching wall clock and nano clock. Single-threaded use.
 */
public final class VirtualTime implements Scheduler {
    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    private final PriorityQueue<Task> queue = new PriorityQueue<>((a, b) ->
            a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.order, b.order));
    private long now;
    private long order;

    private static final class Task implements Cancellable {
        final long due;
        final long order;
        final Runnable body;
        boolean cancelled;

        Task(long due, long order, Runnable body) {
            this.due = due;
            this.order = order;
            this.body = body;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    @Override
    public Cancellable schedule(Runnable task, Duration delay) {
        Task scheduled = new Task(now + delay.toNanos(), order++, task);
        queue.add(scheduled);
        return scheduled;
    }

    /** Runs every task due within {@code by}, in due order, moving the clock to each. */
    public void advance(Duration by) {
        long until = now + by.toNanos();
        while (!queue.isEmpty() && queue.peek().due <= until) {
            Task next = queue.poll();
            now = next.due;
            if (!next.cancelled) {
                next.body.run();
            }
        }
        now = until;
    }

    public long nanoTime() {
        return now;
    }

    /** Scheduled tasks not cancelled and not run yet (a leaked timer shows up here). */
    public long liveTasks() {
        return queue.stream().filter(t -> !t.cancelled).count();
    }

    public Instant instant() {
        return EPOCH.plusNanos(now);
    }

    public Clock clock() {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return VirtualTime.this.instant();
            }
        };
    }
}

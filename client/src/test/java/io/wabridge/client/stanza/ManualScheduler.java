package io.wabridge.client.stanza;

import java.time.Duration;
import java.util.PriorityQueue;

/** Virtual time for tests: tasks run only when {@link #advance} moves the clock past them. */
final class ManualScheduler implements Scheduler {
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

    void advance(Duration by) {
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

    long nanoTime() {
        return now;
    }

    long liveTasks() {
        return queue.stream().filter(t -> !t.cancelled).count();
    }
}

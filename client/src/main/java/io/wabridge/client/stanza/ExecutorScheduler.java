package io.wabridge.client.stanza;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** A {@link Scheduler} on one shared scheduled thread pool; cancelled tasks leave the queue at once. */
public final class ExecutorScheduler implements Scheduler, AutoCloseable {
    private final ScheduledExecutorService executor;

    public ExecutorScheduler(int threads) {
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(threads,
                Thread.ofPlatform().name("wa-scheduler-", 0).daemon().factory());
        // Thousands of sessions each arm an iq timeout per request: cancelled timeouts must not pile up.
        pool.setRemoveOnCancelPolicy(true);
        this.executor = Executors.unconfigurableScheduledExecutorService(pool);
    }

    @Override
    public Cancellable schedule(Runnable task, Duration delay) {
        var future = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}

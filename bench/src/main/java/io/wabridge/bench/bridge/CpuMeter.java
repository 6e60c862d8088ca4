package io.wabridge.bench.bridge;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * CPU time the worker process and this harness JVM spent over one phase: on a machine shared with other work the
 * wall-clock rates are upper bounds that move with the load, while CPU time per message moves much less.
 */
public final class CpuMeter {
    private final ProcessHandle worker;
    private final long workerStart;
    private final long harnessStart;
    private long workerEnd = -1;
    private long harnessEnd = -1;

    private CpuMeter(ProcessHandle worker) {
        this.worker = worker;
        this.workerStart = workerNanos(worker);
        this.harnessStart = harnessNanos();
    }

    /** Starts measuring the worker with this pid and this JVM. */
    public static CpuMeter start(long workerPid) {
        return new CpuMeter(ProcessHandle.of(workerPid).orElseThrow(() ->
                new IllegalStateException("no process " + workerPid)));
    }

    /**
     * Ends the phase when the worker has finished the work it caused: its CPU over {@link #IDLE_WINDOWS} windows of
     * {@link #WINDOW} in a row stays under {@link #IDLE_SHARE} of a core (what an idle worker spends on keepalives,
     * lease renewals and metrics), polled for at most {@code max}. Without it a phase's trailing work (the views
     * catching up on its events, the last receipts, write-behind flushes) is counted in the next phase, whichever it
     * is. The figures are then frozen at the start of the idle windows; returns how long the tail took (or
     * {@code max} when the worker never went idle: the figures then include everything up to that moment).
     */
    public Duration settle(Duration max) throws InterruptedException {
        long began = System.nanoTime();
        long deadline = began + max.toNanos();
        long idleSince = System.nanoTime();
        long idleWorker = workerNanos(worker);
        long idleHarness = harnessNanos();
        long last = idleWorker;
        int idle = 0;
        while (System.nanoTime() < deadline) {
            Thread.sleep(WINDOW.toMillis());
            long now = workerNanos(worker);
            if (now - last < WINDOW.toNanos() * IDLE_SHARE) {
                if (++idle >= IDLE_WINDOWS) {
                    workerEnd = idleWorker;
                    harnessEnd = idleHarness;
                    return Duration.ofNanos(idleSince - began);
                }
            } else {
                idle = 0;
                idleSince = System.nanoTime();
                idleWorker = now;
                idleHarness = harnessNanos();
            }
            last = now;
        }
        workerEnd = workerNanos(worker);
        harnessEnd = harnessNanos();
        return max;
    }

    /** Polling window of {@link #settle}. */
    static final Duration WINDOW = Duration.ofMillis(200);
    /** Windows in a row under {@link #IDLE_SHARE} that make a worker idle. */
    static final int IDLE_WINDOWS = 2;
    /** The share of one core under which a window counts as idle (CPU time comes in 10 ms ticks: one tick passes). */
    static final double IDLE_SHARE = 0.1;

    private long workerNow() {
        return workerEnd >= 0 ? workerEnd : workerNanos(worker);
    }

    private long harnessNow() {
        return harnessEnd >= 0 ? harnessEnd : harnessNanos();
    }

    /** The worker's CPU microseconds per item since the start (up to the settled end, if {@link #settle}d). */
    public double workerMicrosPerItem(int items) {
        return (workerNow() - workerStart) / 1e3 / items;
    }

    /** "worker X us, harness Y us of CPU per item" since the start. */
    public String perItem(int items) {
        return perItem(items, "worker");
    }

    /** "{@code measured} X us, harness Y us of CPU per item" since the start ({@code measured} names the process). */
    public String perItem(int items, String measured) {
        double worker = (workerNow() - workerStart) / 1e3 / items;
        double harness = (harnessNow() - harnessStart) / 1e3 / items;
        return String.format("CPU per message: %s %.0f us, harness (Kafka, Mongo-wire, simulator, contacts) %.0f us",
                measured, worker, harness);
    }

    private static long workerNanos(ProcessHandle worker) {
        return worker.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    private static long harnessNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}

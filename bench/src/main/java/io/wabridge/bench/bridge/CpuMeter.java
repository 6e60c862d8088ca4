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
    private final long compilerStart;
    private long workerEnd = -1;
    private long harnessEnd = -1;
    private long compilerEnd = -1;

    private CpuMeter(ProcessHandle worker) {
        this.worker = worker;
        this.workerStart = workerNanos(worker);
        this.harnessStart = harnessNanos();
        this.compilerStart = compilerNanos(worker.pid());
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
        long idleCompiler = compilerNanos(worker.pid());
        long last = idleWorker;
        int idle = 0;
        while (System.nanoTime() < deadline) {
            Thread.sleep(WINDOW.toMillis());
            long now = workerNanos(worker);
            if (now - last < WINDOW.toNanos() * IDLE_SHARE) {
                if (++idle >= IDLE_WINDOWS) {
                    workerEnd = idleWorker;
                    harnessEnd = idleHarness;
                    compilerEnd = idleCompiler;
                    return Duration.ofNanos(idleSince - began);
                }
            } else {
                idle = 0;
                idleSince = System.nanoTime();
                idleWorker = now;
                idleHarness = harnessNanos();
                idleCompiler = compilerNanos(worker.pid());
            }
            last = now;
        }
        workerEnd = workerNanos(worker);
        harnessEnd = harnessNanos();
        compilerEnd = compilerNanos(worker.pid());
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

    /**
     * The worker's CPU microseconds per item without its JIT compiler threads' ({@code C1/C2 CompilerThread*}, read
     * from {@code /proc/<pid>/task}; 0 where there is no procfs): a worker running for days has compiled its paths,
     * while in a harness's first minutes the compiler takes up to half of its CPU, and more of the worker's (Kafka
     * clients, Kafka Streams, the MongoDB driver, Quarkus) than of a client's.
     */
    public double workerMicrosPerItemWithoutJit(int items) {
        long compiler = (compilerEnd >= 0 ? compilerEnd : compilerNanos(worker.pid())) - compilerStart;
        return (workerNow() - workerStart - compiler) / 1e3 / items;
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
        return String.format("CPU per message: %s %.0f us (%.0f us without its JIT compiler threads), harness (Kafka, "
                + "Mongo-wire, simulator, contacts) %.0f us", measured, worker, workerMicrosPerItemWithoutJit(items),
                harness);
    }

    /** Clock ticks per second of {@code /proc}'s per-thread CPU times (USER_HZ: 100 on Linux). */
    private static final long TICKS_PER_SECOND = 100;

    /** CPU nanoseconds of the JIT compiler threads of process {@code pid} (from procfs; 0 without it). */
    static long compilerNanos(long pid) {
        java.nio.file.Path tasks = java.nio.file.Path.of("/proc", Long.toString(pid), "task");
        long ticks = 0;
        try (java.nio.file.DirectoryStream<java.nio.file.Path> threads = java.nio.file.Files.newDirectoryStream(tasks)) {
            for (java.nio.file.Path thread : threads) {
                String name;
                try {
                    name = java.nio.file.Files.readString(thread.resolve("comm")).strip();
                } catch (java.io.IOException gone) {
                    continue; // the thread ended meanwhile
                }
                if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                    ticks += Math.max(0, statTicks(thread.resolve("stat"))); // -1: the thread ended meanwhile
                }
            }
        } catch (java.io.IOException | RuntimeException noProcfs) {
            return 0;
        }
        return ticks * (1_000_000_000L / TICKS_PER_SECOND);
    }

    /**
     * User + system CPU ticks (USER_HZ) of a procfs {@code stat} file, a process's or a thread's, or -1 when it cannot
     * be read (gone, no procfs).
     */
    public static long statTicks(java.nio.file.Path stat) {
        try {
            String line = java.nio.file.Files.readString(stat);
            String[] f = line.substring(line.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long workerNanos(ProcessHandle worker) {
        return worker.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    private static long harnessNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}

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

    /** The worker's CPU microseconds per item since the start. */
    public double workerMicrosPerItem(int items) {
        return (workerNanos(this.worker) - workerStart) / 1e3 / items;
    }

    /** "worker X us, harness Y us of CPU per item" since the start. */
    public String perItem(int items) {
        return perItem(items, "worker");
    }

    /** "{@code measured} X us, harness Y us of CPU per item" since the start ({@code measured} names the process). */
    public String perItem(int items, String measured) {
        double worker = (workerNanos(this.worker) - workerStart) / 1e3 / items;
        double harness = (harnessNanos() - harnessStart) / 1e3 / items;
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

package io.wabridge.bench.bridge;

import java.util.Arrays;

/** Nearest-rank percentiles of durations in nanoseconds, reported in milliseconds. */
public final class Percentiles {
    private Percentiles() {
    }

    public static double millis(long[] nanos, double p) {
        if (nanos.length == 0) {
            return Double.NaN;
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }

    /** "p50 X ms, p99 Y ms" */
    public static String p50p99(long[] nanos) {
        return String.format("p50 %.1f ms, p99 %.1f ms", millis(nanos, 50), millis(nanos, 99));
    }
}

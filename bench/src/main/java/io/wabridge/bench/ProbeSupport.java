package io.wabridge.bench;

import io.wabridge.client.WaClientConfig;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.noise.NoiseCertificateVerifier;
import io.wabridge.client.transport.TransportConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What the probes and the side-by-side agent share: client configuration, waiting for events, heap, percentiles,
 * throughput figures, test files.
 */
public final class ProbeSupport {
    private ProbeSupport() {}

    /** Our client's configuration for a simulator at {@code url} whose Noise root is {@code rootHex}. */
    public static WaClientConfig config(URI url, String rootHex) {
        return WaClientConfig.defaults()
                .withTransport(TransportConfig.defaults().withUrl(url))
                .withVerifier(NoiseCertificateVerifier.trusting(rootHex));
    }

    /** The next event of {@code type} (others are dropped), or an exception after {@code timeout}. */
    public static <T extends ClientEvent> T await(BlockingQueue<ClientEvent> events, Class<T> type, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            ClientEvent e = events.poll(100, TimeUnit.MILLISECONDS);
            if (type.isInstance(e)) {
                return type.cast(e);
            }
        }
        throw new IllegalStateException("no " + type.getSimpleName() + " within " + timeout.toSeconds() + " s");
    }

    /** Used heap after four full GCs, 200 ms apart (so finalizers and reference processing settle). */
    public static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The p-th percentile (nearest rank) of nanosecond values, in milliseconds. */
    public static double percentileMillis(List<Long> nanos, int p) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int index = Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1);
        return sorted.get(Math.max(0, index)) / 1e6;
    }

    /** A file of {@code size} pseudo-random bytes (incompressible, reproducible from {@code seed}). */
    public static void randomFile(Path file, long size, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] chunk = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; ) {
                random.nextBytes(chunk);
                int n = (int) Math.min(chunk.length, left);
                out.write(chunk, 0, n);
                left -= n;
            }
        }
    }

    /** Throughput in MB (10^6 bytes) per second. */
    public static double mbps(long bytes, long nanos) {
        return bytes / 1e6 / (nanos / 1e9);
    }

    public static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    public static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** {@code median [min-max]}, no decimals. */
    public static String medianAndRange(List<Double> values) {
        return String.format("%.0f [%.0f-%.0f]", median(values), values.stream().mapToDouble(d -> d).min()
                .orElse(0), values.stream().mapToDouble(d -> d).max().orElse(0));
    }

    /** The one-minute system load average, two decimals. */
    public static String loadAverage() {
        return String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** Runs a command to completion, its output discarded; fails unless it exits with 0. */
    public static void exec(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        int rc = p.waitFor();
        if (rc != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + rc);
        }
    }
}

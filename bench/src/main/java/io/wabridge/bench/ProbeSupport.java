package io.wabridge.bench;

import io.wabridge.client.WaClientConfig;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.noise.NoiseCertificateVerifier;
import io.wabridge.client.transport.TransportConfig;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/** What the probes and the side-by-side agent share: client configuration, waiting for events, heap, percentiles. */
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
}

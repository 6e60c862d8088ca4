package io.wabridge.bridge.security;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Failed sign-ins per client address in a sliding window: once {@code maxFailures} failed within {@code window}, the
 * address is refused (429) until the oldest failure leaves the window. Bounded: the least recently failing
 * addresses are forgotten first.
 */
final class FailureLimiter {
    private static final int MAX_ADDRESSES = 10_000;

    private final int maxFailures;
    private final long windowMillis;
    private final Clock clock;
    private final Map<String, long[]> failures = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };

    FailureLimiter(int maxFailures, Duration window, Clock clock) {
        this.maxFailures = maxFailures;
        this.windowMillis = window.toMillis();
        this.clock = clock;
    }

    /** Seconds until the address may try again, or 0 when it may now. */
    synchronized long blockedForSeconds(String address) {
        if (maxFailures <= 0) {
            return 0;
        }
        long[] times = failures.get(address);
        if (times == null) {
            return 0;
        }
        long now = clock.millis();
        int recent = 0;
        long oldest = Long.MAX_VALUE;
        for (long t : times) {
            if (t > now - windowMillis) {
                recent++;
                oldest = Math.min(oldest, t);
            }
        }
        return recent < maxFailures ? 0 : Math.max(1, (oldest + windowMillis - now + 999) / 1000);
    }

    /** Records a failure of the address. */
    synchronized void failed(String address) {
        if (maxFailures <= 0) {
            return;
        }
        long[] times = failures.computeIfAbsent(address, a -> new long[maxFailures]);
        // a ring of the latest maxFailures failure times: replace the oldest
        int oldest = 0;
        for (int i = 1; i < times.length; i++) {
            if (times[i] < times[oldest]) {
                oldest = i;
            }
        }
        times[oldest] = clock.millis();
    }
}

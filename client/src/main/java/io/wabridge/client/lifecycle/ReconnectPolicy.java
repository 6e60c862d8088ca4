package io.wabridge.client.lifecycle;

import java.time.Duration;

/**
 * When a client reconnects by itself after losing a connection it did not mean to lose (network, 503, keepalive):
 * exponential backoff from {@code initialDelay} by {@code multiplier} up to {@code maxDelay}, each delay moved by
 * up to {@code ±jitter} (a fraction) so thousands of sessions do not return at the same instant; the count starts
 * over once a connection stayed logged in for {@code stableAfter}. {@code maxAttempts} 0 means no limit.
 */
public record ReconnectPolicy(boolean enabled, Duration initialDelay, Duration maxDelay, double multiplier,
                              double jitter, Duration stableAfter, int maxAttempts) {

    public static final ReconnectPolicy DEFAULTS = new ReconnectPolicy(true, Duration.ofSeconds(1),
            Duration.ofMinutes(2), 2.0, 0.2, Duration.ofMinutes(1), 0);

    public static final ReconnectPolicy DISABLED = DEFAULTS.withEnabled(false);

    public ReconnectPolicy {
        if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("need 0 <= initialDelay <= maxDelay");
        }
        if (multiplier < 1.0) {
            throw new IllegalArgumentException("multiplier must be >= 1, got " + multiplier);
        }
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("jitter must be in [0, 1), got " + jitter);
        }
        if (stableAfter.isNegative() || maxAttempts < 0) {
            throw new IllegalArgumentException("stableAfter and maxAttempts must not be negative");
        }
    }

    public ReconnectPolicy withEnabled(boolean on) {
        return new ReconnectPolicy(on, initialDelay, maxDelay, multiplier, jitter, stableAfter, maxAttempts);
    }
}

package io.wabridge.client.lifecycle;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/** The delays of one session's reconnect attempts under a {@link ReconnectPolicy}. Not thread-safe. */
public final class Backoff {
    private final ReconnectPolicy policy;
    private final RandomGenerator random;
    private int failures;

    public Backoff(ReconnectPolicy policy, RandomGenerator random) {
        this.policy = policy;
        this.random = random;
    }

    /** Failed attempts since the last reset. */
    public int failures() {
        return failures;
    }

    /** Counts one more failure and gives the delay before the next attempt; empty once maxAttempts is spent. */
    public Optional<Duration> next() {
        if (policy.maxAttempts() > 0 && failures >= policy.maxAttempts()) {
            return Optional.empty();
        }
        double base = policy.initialDelay().toMillis() * Math.pow(policy.multiplier(), failures);
        double capped = Math.min(base, policy.maxDelay().toMillis());
        double factor = 1 + policy.jitter() * (2 * random.nextDouble() - 1);
        long millis = Math.round(Math.min(capped * factor, policy.maxDelay().toMillis()));
        failures++;
        return Optional.of(Duration.ofMillis(Math.max(0, millis)));
    }

    /** A connection held: the next failure waits the initial delay again. */
    public void reset() {
        failures = 0;
    }
}

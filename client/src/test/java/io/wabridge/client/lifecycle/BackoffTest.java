package io.wabridge.client.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static RandomGenerator fixed(double value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public double nextDouble() {
                return value;
            }
        };
    }

    @Test
    void delaysDoubleUpToTheCap() {
        ReconnectPolicy policy = new ReconnectPolicy(true, Duration.ofSeconds(1), Duration.ofSeconds(30), 2.0, 0.2,
                Duration.ofMinutes(1), 0);
        Backoff backoff = new Backoff(policy, fixed(0.5)); // jitter factor exactly 1
        long[] expected = {1, 2, 4, 8, 16, 30, 30};
        for (long seconds : expected) {
            assertEquals(Optional.of(Duration.ofSeconds(seconds)), backoff.next());
        }
        assertEquals(7, backoff.failures());
        backoff.reset();
        assertEquals(Optional.of(Duration.ofSeconds(1)), backoff.next(), "a reset starts over");
    }

    @Test
    void jitterStaysWithinItsBandAndUnderTheCap() {
        ReconnectPolicy policy = new ReconnectPolicy(true, Duration.ofSeconds(10), Duration.ofSeconds(60), 2.0, 0.25,
                Duration.ZERO, 0);
        assertEquals(Duration.ofMillis(7500), new Backoff(policy, fixed(0.0)).next().orElseThrow());
        assertEquals(Duration.ofMillis(12500), new Backoff(policy, fixed(1.0)).next().orElseThrow());
        Backoff seeded = new Backoff(policy, new SplittableRandom(7));
        boolean varied = false;
        long previous = -1;
        for (int i = 0; i < 50; i++) {
            long millis = seeded.next().orElseThrow().toMillis();
            long base = Math.min(10_000L << Math.min(i, 20), 60_000);
            assertTrue(millis >= base * 0.75 - 1 && millis <= Math.min(base * 1.25, 60_000) + 1, "attempt " + i + ": " + millis);
            varied |= previous >= 0 && millis != previous && base == 60_000;
            previous = millis;
        }
        assertTrue(varied, "jitter spreads capped delays");
    }

    @Test
    void maxAttemptsEndsTheRetries() {
        ReconnectPolicy policy = new ReconnectPolicy(true, Duration.ofSeconds(1), Duration.ofSeconds(5), 2.0, 0, Duration.ZERO, 2);
        Backoff backoff = new Backoff(policy, fixed(0.5));
        assertTrue(backoff.next().isPresent());
        assertTrue(backoff.next().isPresent());
        assertTrue(backoff.next().isEmpty());
    }

    @Test
    void nonsensePoliciesAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new ReconnectPolicy(true, Duration.ofSeconds(5), Duration.ofSeconds(1), 2, 0, Duration.ZERO, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new ReconnectPolicy(true, Duration.ofSeconds(1), Duration.ofSeconds(5), 0.5, 0, Duration.ZERO, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new ReconnectPolicy(true, Duration.ofSeconds(1), Duration.ofSeconds(5), 2, 1.5, Duration.ZERO, 0));
    }
}

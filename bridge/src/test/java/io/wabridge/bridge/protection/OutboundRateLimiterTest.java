package io.wabridge.bridge.protection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.bridge.protection.OutboundRateLimiter.Decision;
import io.wabridge.bridge.protection.OutboundRateLimiter.Limit;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class OutboundRateLimiterTest {

    private final AtomicLong now = new AtomicLong(Duration.ofDays(1000).toNanos() + 123);

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void aBurstPassesThenMessagesGoAtTheRateAndARefusalTakesNoBudget() {
        OutboundRateLimiter limiter = new OutboundRateLimiter(2, 5, 0, now::get);
        for (int i = 0; i < 5; i++) {
            assertTrue(limiter.tryAcquire("a").allowed(), "burst message " + i);
        }
        Decision refused = limiter.tryAcquire("a");
        assertFalse(refused.allowed());
        assertEquals(Limit.PER_SECOND, refused.limit());
        assertEquals(Duration.ofMillis(500), refused.retryAfter(), "one token at 2/s");
        for (int i = 0; i < 10; i++) {
            assertFalse(limiter.tryAcquire("a").allowed(), "refusals do not eat the budget");
        }
        advance(Duration.ofMillis(499));
        assertFalse(limiter.tryAcquire("a").allowed());
        advance(Duration.ofMillis(1));
        assertTrue(limiter.tryAcquire("a").allowed(), "a token after 500 ms");
        assertFalse(limiter.tryAcquire("a").allowed());
        // another session has its own budget
        assertTrue(limiter.tryAcquire("b").allowed());
        // a quiet spell refills up to the burst, not beyond
        advance(Duration.ofMinutes(1));
        for (int i = 0; i < 5; i++) {
            assertTrue(limiter.tryAcquire("a").allowed());
        }
        assertFalse(limiter.tryAcquire("a").allowed());
    }

    @Test
    void theDailyLimitRollsOverTwentyFourHoursHourByHour() {
        OutboundRateLimiter limiter = new OutboundRateLimiter(0, 0, 10, now::get);
        for (int i = 0; i < 4; i++) {
            assertTrue(limiter.tryAcquire("a").allowed());
        }
        advance(Duration.ofHours(5));
        for (int i = 0; i < 6; i++) {
            assertTrue(limiter.tryAcquire("a").allowed());
        }
        assertEquals(10, limiter.sentToday("a"));
        Decision refused = limiter.tryAcquire("a");
        assertFalse(refused.allowed());
        assertEquals(Limit.PER_DAY, refused.limit());
        // the first 4 leave the window 24 h after their hour began: at most 19 h from now, at least 18 h
        assertTrue(refused.retryAfter().compareTo(Duration.ofHours(18)) > 0
                && refused.retryAfter().compareTo(Duration.ofHours(19)) <= 0, refused.toString());
        advance(refused.retryAfter());
        assertEquals(6, limiter.sentToday("a"), "the first hour's 4 left the window");
        for (int i = 0; i < 4; i++) {
            assertTrue(limiter.tryAcquire("a").allowed());
        }
        assertFalse(limiter.tryAcquire("a").allowed());
        advance(Duration.ofDays(2));
        assertEquals(0, limiter.sentToday("a"));
        assertTrue(limiter.tryAcquire("a").allowed());
    }

    @Test
    void bothLimitsTogetherAndTheDayWinsWhenBothRefuse() {
        OutboundRateLimiter limiter = new OutboundRateLimiter(1, 1, 3, now::get);
        assertTrue(limiter.tryAcquire("a").allowed());
        assertEquals(Limit.PER_SECOND, limiter.tryAcquire("a").limit());
        advance(Duration.ofSeconds(1));
        assertTrue(limiter.tryAcquire("a").allowed());
        advance(Duration.ofSeconds(1));
        assertTrue(limiter.tryAcquire("a").allowed());
        assertEquals(Limit.PER_DAY, limiter.tryAcquire("a").limit());
        advance(Duration.ofSeconds(1));
        assertEquals(Limit.PER_DAY, limiter.tryAcquire("a").limit());
    }

    @Test
    void zeroIsOffAndIdleWindowsAreSwept() {
        OutboundRateLimiter off = new OutboundRateLimiter(0, 0, 0, now::get);
        assertFalse(off.enabled());
        for (int i = 0; i < 10_000; i++) {
            assertTrue(off.tryAcquire("a").allowed());
        }
        OutboundRateLimiter limiter = new OutboundRateLimiter(5, 5, 100, now::get);
        limiter.tryAcquire("a");
        advance(Duration.ofHours(12));
        limiter.tryAcquire("b");
        assertEquals(2, limiter.sweep());
        advance(Duration.ofHours(13));
        assertEquals(1, limiter.sweep(), "a sent nothing for 25 h");
        assertThrows(IllegalArgumentException.class, () -> new OutboundRateLimiter(-1, 0, 0, now::get));
    }
}

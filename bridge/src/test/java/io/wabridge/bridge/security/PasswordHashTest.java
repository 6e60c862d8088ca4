package io.wabridge.bridge.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PasswordHashTest {

    @Test
    void aHashMatchesItsPasswordOnlyAndIsSalted() {
        String a = PasswordHash.hash("s3cret-password".toCharArray());
        String b = PasswordHash.hash("s3cret-password".toCharArray());
        assertNotEquals(a, b, "a fresh salt each time");
        assertTrue(a.startsWith("pbkdf2-sha256$210000$"), a);
        assertTrue(PasswordHash.parse(a).matches("s3cret-password".toCharArray()));
        assertFalse(PasswordHash.parse(a).matches("s3cret-passwore".toCharArray()));
        assertFalse(PasswordHash.parse(a).matches(new char[0]));
    }

    @Test
    void malformedHashesAreRefusedWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PasswordHash.parse("plain-text-password"))
                .getMessage().contains("pbkdf2-sha256$"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PasswordHash.parse("pbkdf2-sha256$10$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA"))
                .getMessage().contains("iterations"));
    }

    @Test
    void failuresLockAnAddressOutForTheRestOfTheWindowOnly() {
        AtomicLong now = new AtomicLong(1_000_000);
        Clock clock = new Clock() {
            public ZoneOffset getZone() { return ZoneOffset.UTC; }
            public Clock withZone(java.time.ZoneId z) { return this; }
            public Instant instant() { return Instant.ofEpochMilli(now.get()); }
        };
        FailureLimiter limiter = new FailureLimiter(3, Duration.ofSeconds(60), clock);
        limiter.failed("10.0.0.1");
        now.addAndGet(10_000);
        limiter.failed("10.0.0.1");
        assertEquals(0, limiter.blockedForSeconds("10.0.0.1"));
        limiter.failed("10.0.0.1");
        assertEquals(50, limiter.blockedForSeconds("10.0.0.1"), "until the first failure is a minute old");
        assertEquals(0, limiter.blockedForSeconds("10.0.0.2"), "other addresses are not affected");
        now.addAndGet(50_000);
        assertEquals(0, limiter.blockedForSeconds("10.0.0.1"));
    }

    @Test
    void aConsoleSessionCookieIsBoundToItsKeyAndExpires() {
        byte[] key = new byte[32];
        ConsoleSession s = ConsoleSession.open("alice", Instant.ofEpochSecond(Instant.now().getEpochSecond() + 60));
        String cookie = s.encode(key);
        assertEquals(s, ConsoleSession.decode(cookie, key, Instant.now()).orElseThrow());
        assertTrue(ConsoleSession.decode(cookie, new byte[] {1}, Instant.now()).isEmpty(), "another key");
        assertTrue(ConsoleSession.decode(cookie.replace('.', 'x'), key, Instant.now()).isEmpty());
        assertTrue(ConsoleSession.decode("Ym9i." + cookie.substring(cookie.indexOf('.') + 1), key, Instant.now()).isEmpty(),
                "another user with alice's signature");
        assertTrue(ConsoleSession.decode(cookie, key, Instant.now().plusSeconds(61)).isEmpty(), "expired");
        assertTrue(s.csrfMatches(s.csrf()));
        assertFalse(s.csrfMatches(null));
        assertFalse(s.csrfMatches(s.csrf() + "x"));
    }
}

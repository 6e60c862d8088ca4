package io.wabridge.bridge.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class UlidGeneratorTest {

    /** 26 Crockford base32 characters, the first at most 7 (48-bit time). */
    private static final Pattern ULID = Pattern.compile("[0-7][0-9A-HJKMNP-TV-Z]{25}");
    private static final long T = 1_764_000_000_123L;

    private static RandomGenerator fixed(long value) {
        return () -> value;
    }

    @Test
    void encodesTimeThenRandomnessInCrockfordBase32() {
        assertEquals("00000000000000000000000000", UlidGenerator.encode(0, 0, 0));
        assertEquals("7ZZZZZZZZZZZZZZZZZZZZZZZZZ", UlidGenerator.encode((1L << 48) - 1, 0xFFFF, -1L));
        assertEquals("0000000001" + "0000000000000001", UlidGenerator.encode(1, 0, 1));
        // 2^64 = 16 * 32^12: the bit that straddles the two longs lands in the 4th random character.
        assertEquals("0000000000" + "000G000000000000", UlidGenerator.encode(0, 1, 0));
        // The top random bit is the top bit of the first random character: 10000 = 16 = 'G'.
        assertEquals("0000000000" + "G000000000000000", UlidGenerator.encode(0, 0x8000, 0));
    }

    @Test
    void idsHaveTheFormatAndTheClocksTimestamp() {
        UlidGenerator ids = new UlidGenerator(() -> T, new java.security.SecureRandom());
        String id = ids.next();
        assertTrue(ULID.matcher(id).matches(), id);
        assertEquals(T, UlidGenerator.timestampOf(id));
        assertThrows(IllegalArgumentException.class, () -> UlidGenerator.timestampOf("01ARZ3NDEKTSV4RRFFQ69G5FAU!"));
        assertThrows(IllegalArgumentException.class, () -> UlidGenerator.timestampOf("01ARZ3NDEKTSV4RRFFQ69G5FAI"));
    }

    @Test
    void manyIdsInOneMillisecondStrictlyIncrease() {
        UlidGenerator ids = new UlidGenerator(() -> T, new java.security.SecureRandom());
        String previous = ids.next();
        Set<String> seen = new HashSet<>();
        seen.add(previous);
        for (int i = 0; i < 100_000; i++) {
            String id = ids.next();
            assertTrue(id.compareTo(previous) > 0, previous + " then " + id);
            assertEquals(T, UlidGenerator.timestampOf(id));
            seen.add(id);
            previous = id;
        }
        assertEquals(100_001, seen.size());
    }

    @Test
    void aLaterMillisecondSortsAfterAnyIdOfAnEarlierOne() {
        AtomicLong clock = new AtomicLong(T);
        // The earlier millisecond draws the largest randomness, the later one the smallest.
        long[] draws = {-1L, -1L, 0L, 0L};
        int[] next = {0};
        UlidGenerator ids = new UlidGenerator(clock::get, () -> draws[next[0]++]);
        String early = ids.next();
        clock.incrementAndGet();
        String late = ids.next();
        assertTrue(late.compareTo(early) > 0, early + " then " + late);
        assertEquals(T + 1, UlidGenerator.timestampOf(late));
    }

    @Test
    void aClockSteppingBackKeepsIdsIncreasing() {
        AtomicLong clock = new AtomicLong(T);
        UlidGenerator ids = new UlidGenerator(clock::get, new java.security.SecureRandom());
        String first = ids.next();
        clock.set(T - 5_000);
        String second = ids.next();
        assertTrue(second.compareTo(first) > 0);
        assertEquals(T, UlidGenerator.timestampOf(second), "stays on the last time rather than going back");
    }

    @Test
    void exhaustingTheRandomBitsMovesToTheNextMillisecond() {
        UlidGenerator ids = new UlidGenerator(() -> T, fixed(-1L)); // randomness all ones: the next +1 overflows
        String last = ids.next();
        assertTrue(last.endsWith("ZZZZZZZZZZZZZZZZ"), last);
        String after = ids.next();
        assertTrue(after.compareTo(last) > 0, last + " then " + after);
        assertEquals(T + 1, UlidGenerator.timestampOf(after));
    }

    @Test
    void idsFromManyThreadsAreUnique() throws Exception {
        UlidGenerator ids = new UlidGenerator();
        Set<String> all = ConcurrentHashMap.newKeySet();
        List<Future<?>> results = new ArrayList<>();
        int perThread = 25_000;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            results.add(pool.submit(() -> {
                String previous = "";
                for (int i = 0; i < perThread; i++) {
                    String id = ids.next();
                    if (id.compareTo(previous) <= 0) {
                        throw new AssertionError(previous + " then " + id);
                    }
                    all.add(id);
                    previous = id;
                }
            }));
        }
        for (Future<?> r : results) {
            r.get(); // rethrows a thread's assertion failure
        }
        pool.shutdown();
        assertEquals(4 * perThread, all.size());
    }
}

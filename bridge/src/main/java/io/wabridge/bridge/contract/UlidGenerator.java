package io.wabridge.bridge.contract;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * ULIDs (https://github.com/ulid/spec): 48 bits of Unix milliseconds then 80 random bits, written as 26 Crockford
 * base32 characters, so text order is time order. Monotonic: within one millisecond (or while the clock stands still
 * or steps back) each id is the previous one plus one, so ids from one generator strictly increase. When the 80 bits
 * would overflow, the generator moves on to the next millisecond rather than failing as the spec suggests: an event
 * id a millisecond early in time is harmless, a failed event is not. Thread-safe; one instance per JVM is enough
 * (a lock held for a few nanoseconds per id).
 */
public final class UlidGenerator {

    public static final int LENGTH = 26;
    /** Crockford's base32: digits and upper-case letters without I, L, O and U. */
    private static final byte[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".getBytes(StandardCharsets.US_ASCII);
    private static final long MAX_TIME = (1L << 48) - 1;
    private static final long HI_MASK = 0xFFFF;

    private final LongSupplier clock;
    private final RandomGenerator random;
    private long lastMillis = -1;
    /** The random part: 16 high bits and 64 low bits. */
    private long hi;
    private long lo;

    /** Wall-clock time and SecureRandom. */
    public UlidGenerator() {
        this(System::currentTimeMillis, new SecureRandom());
    }

    public UlidGenerator(LongSupplier clockMillis, RandomGenerator random) {
        this.clock = clockMillis;
        this.random = random;
    }

    /** A new ULID, greater than every one this generator returned before. */
    public String next() {
        long time;
        long h;
        long l;
        synchronized (this) {
            long now = clock.getAsLong();
            if (now > lastMillis) {
                lastMillis = now;
                randomize();
            } else if (++lo == 0 && (hi = (hi + 1) & HI_MASK) == 0) {
                lastMillis++; // 2^80 ids in one millisecond: borrow the next one
                randomize();
            }
            time = lastMillis;
            h = hi;
            l = lo;
        }
        return encode(time, h, l);
    }

    private void randomize() {
        hi = random.nextLong() & HI_MASK;
        lo = random.nextLong();
    }

    static String encode(long time, long hi, long lo) {
        if (time < 0 || time > MAX_TIME) {
            throw new IllegalStateException("time " + time + " does not fit a ULID");
        }
        byte[] out = new byte[LENGTH];
        for (int i = 9; i >= 0; i--) { // 10 characters hold the 48-bit time (the first one its top 3 bits)
            out[i] = ALPHABET[(int) (time & 31)];
            time >>>= 5;
        }
        for (int i = 0; i < 16; i++) { // 16 characters hold the 80 random bits, most significant first
            int shift = 75 - 5 * i;
            long bits;
            if (shift >= 64) {
                bits = hi >>> (shift - 64);
            } else if (shift > 59) {
                bits = (hi << (64 - shift)) | (lo >>> shift); // straddles the two longs
            } else {
                bits = lo >>> shift;
            }
            out[10 + i] = ALPHABET[(int) (bits & 31)];
        }
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    /** The Unix milliseconds a ULID was made at; checks that the text is a ULID. */
    public static long timestampOf(String ulid) {
        if (ulid.length() != LENGTH) {
            throw new IllegalArgumentException("a ULID has " + LENGTH + " characters: " + ulid);
        }
        long time = 0;
        for (int i = 0; i < LENGTH; i++) {
            int v = value(ulid.charAt(i));
            if (v < 0) {
                throw new IllegalArgumentException("not a ULID (character " + i + " is not Crockford base32): "
                        + ulid);
            }
            if (i < 10) {
                time = (time << 5) | v;
            }
        }
        if (time > MAX_TIME) {
            throw new IllegalArgumentException("not a ULID (time overflows 48 bits): " + ulid);
        }
        return time;
    }

    private static int value(char c) {
        for (int i = 0; i < ALPHABET.length; i++) {
            if (ALPHABET[i] == c) {
                return i;
            }
        }
        return -1;
    }
}

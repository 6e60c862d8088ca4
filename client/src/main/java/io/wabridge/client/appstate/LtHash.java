package io.wabridge.client.appstate;

import io.wabridge.client.crypto.Hkdf;
import java.nio.charset.StandardCharsets;

/**
 * WhatsApp's LTHash over a collection's value MACs ("WhatsApp Patch Integrity"): 128 bytes read as 64
 * little-endian 16-bit lanes; adding a value MAC adds its 128-byte HKDF expansion lane by lane modulo 2^16,
 * removing subtracts it. Order does not matter, so the hash of a collection is the same whatever sequence of
 * patches built it.
 */
public final class LtHash {

    public static final int SIZE = 128;
    private static final byte[] INFO = "WhatsApp Patch Integrity".getBytes(StandardCharsets.US_ASCII);

    private LtHash() {
    }

    /** A fresh all-zero hash (an empty collection). */
    public static byte[] empty() {
        return new byte[SIZE];
    }

    /** Adds {@code valueMac} to {@code hash} in place. */
    public static void add(byte[] hash, byte[] valueMac) {
        mix(hash, valueMac, 1);
    }

    /** Subtracts {@code valueMac} from {@code hash} in place. */
    public static void subtract(byte[] hash, byte[] valueMac) {
        mix(hash, valueMac, -1);
    }

    private static void mix(byte[] hash, byte[] valueMac, int sign) {
        if (hash.length != SIZE) {
            throw new IllegalArgumentException("an LTHash has " + SIZE + " bytes, not " + hash.length);
        }
        byte[] expanded = Hkdf.derive(null, valueMac, INFO, SIZE);
        for (int i = 0; i < SIZE; i += 2) {
            int x = (hash[i] & 0xff) | (hash[i + 1] & 0xff) << 8;
            int y = (expanded[i] & 0xff) | (expanded[i + 1] & 0xff) << 8;
            int r = (x + sign * y) & 0xffff;
            hash[i] = (byte) r;
            hash[i + 1] = (byte) (r >>> 8);
        }
    }
}

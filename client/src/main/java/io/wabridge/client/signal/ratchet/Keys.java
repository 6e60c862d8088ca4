package io.wabridge.client.signal.ratchet;

import java.util.Arrays;

/** Curve25519 public keys in libsignal's serialized form: a 0x05 type byte, then 32 bytes (trailing bytes ignored). */
final class Keys {

    static final byte DJB_TYPE = 0x05;
    static final int KEY_LENGTH = 32;
    static final int SERIALIZED_LENGTH = 33;

    private Keys() {
    }

    /** Whether libsignal would read {@code key} as a public key. */
    static boolean isPublicKey(byte[] key) {
        return key.length >= SERIALIZED_LENGTH && key[0] == DJB_TYPE;
    }

    /** The 33-byte form libsignal writes back; throws for what libsignal would not read. */
    static byte[] normalize(byte[] key) {
        if (!isPublicKey(key)) {
            throw new IllegalArgumentException(key.length == 0 ? "no key type" : key[0] != DJB_TYPE
                    ? "bad key type " + key[0] : "bad key length " + key.length);
        }
        return key.length == SERIALIZED_LENGTH ? key : Arrays.copyOf(key, SERIALIZED_LENGTH);
    }

    /** The raw 32 bytes of a serialized public key. */
    static byte[] raw(byte[] key) {
        return Arrays.copyOfRange(key, 1, SERIALIZED_LENGTH);
    }

    /** Equality of two serialized public keys as libsignal compares them (keys it cannot read equal nothing). */
    static boolean samePublicKey(byte[] a, byte[] b) {
        return isPublicKey(a) && isPublicKey(b)
                && Arrays.equals(a, 1, SERIALIZED_LENGTH, b, 1, SERIALIZED_LENGTH);
    }
}

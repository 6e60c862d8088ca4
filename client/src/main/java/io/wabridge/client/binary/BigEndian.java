package io.wabridge.client.binary;

/**
 * Unsigned big-endian integers as WhatsApp stanzas carry them in binary content: registration ids (4 bytes),
 * prekey ids (3 bytes), key indexes.
 */
public final class BigEndian {
    private BigEndian() {}

    /** The low {@code length} bytes of {@code value}, most significant first. */
    public static byte[] bytes(int value, int length) {
        byte[] out = new byte[length];
        for (int i = length - 1; i >= 0; i--) {
            out[i] = (byte) value;
            value >>>= 8;
        }
        return out;
    }

    /** The unsigned value of up to 8 big-endian bytes. */
    public static long unsigned(byte[] bigEndian) {
        if (bigEndian.length > 8) {
            throw new IllegalArgumentException("more than 8 bytes: " + bigEndian.length);
        }
        long value = 0;
        for (byte b : bigEndian) {
            value = (value << 8) | (b & 0xFF);
        }
        return value;
    }
}

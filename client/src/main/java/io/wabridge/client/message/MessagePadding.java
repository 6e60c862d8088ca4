package io.wabridge.client.message;

import java.util.random.RandomGenerator;

/**
 * WhatsApp's plaintext padding (WhatsApp Web {@code writeRandomPadMax16}): n bytes of value n appended, n uniform
 * in 1..16. whatsmeow and Baileys 6 send 1..15; every client accepts both, and {@link #unpaddedLength} accepts
 * 1..16. The receiver checks every padding byte, as whatsmeow does, so a corrupted tail is an error, not data.
 */
public final class MessagePadding {

    public static final int MAX_PAD = 16;

    private MessagePadding() {
    }

    /** A random pad length in 1..16. */
    public static int padLength(RandomGenerator random) {
        return (random.nextInt() & 0x0F) + 1;
    }

    /** {@code plaintext} followed by {@code padLength} bytes of value padLength, in a new array. */
    public static byte[] pad(byte[] plaintext, int padLength) {
        checkPadLength(padLength);
        byte[] out = new byte[plaintext.length + padLength];
        System.arraycopy(plaintext, 0, out, 0, plaintext.length);
        fill(out, plaintext.length, padLength);
        return out;
    }

    /** Writes the padding into {@code buffer[from, from + padLength)}. */
    static void fill(byte[] buffer, int from, int padLength) {
        checkPadLength(padLength);
        for (int i = from; i < from + padLength; i++) {
            buffer[i] = (byte) padLength;
        }
    }

    /**
     * The length of the message inside a padded plaintext (the caller reads {@code [0, length)}, no copy).
     *
     * @throws InvalidPaddingException if empty, or the pad length is 0, above 16, longer than the input, or any
     *                                 padding byte differs from it
     */
    public static int unpaddedLength(byte[] padded) throws InvalidPaddingException {
        if (padded.length == 0) {
            throw new InvalidPaddingException("empty plaintext");
        }
        int pad = padded[padded.length - 1] & 0xFF;
        if (pad == 0 || pad > MAX_PAD) {
            throw new InvalidPaddingException("pad length out of range: " + pad);
        }
        if (pad > padded.length) {
            throw new InvalidPaddingException("pad length " + pad + " exceeds plaintext of " + padded.length + " bytes");
        }
        for (int i = padded.length - pad; i < padded.length - 1; i++) {
            if ((padded[i] & 0xFF) != pad) {
                throw new InvalidPaddingException("padding byte " + (padded[i] & 0xFF) + " where " + pad + " expected");
            }
        }
        return padded.length - pad;
    }

    /** The message inside a padded plaintext, copied. */
    public static byte[] unpad(byte[] padded) throws InvalidPaddingException {
        int length = unpaddedLength(padded);
        byte[] out = new byte[length];
        System.arraycopy(padded, 0, out, 0, length);
        return out;
    }

    private static void checkPadLength(int padLength) {
        if (padLength < 1 || padLength > MAX_PAD) {
            throw new IllegalArgumentException("pad length must be 1..16, got " + padLength);
        }
    }
}

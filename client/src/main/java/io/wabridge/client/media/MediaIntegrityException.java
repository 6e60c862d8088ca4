package io.wabridge.client.media;

import java.io.IOException;

/**
 * A downloaded media blob failed verification: whatever plaintext was already handed to a sink is not the file
 * the message describes and must be discarded. An {@link IOException} so it travels through
 * {@link java.io.InputStream#read} into whatever consumes the decrypted stream (a blob store upload aborts on it).
 * One subclass per failure; {@link #reason()} gives the same as a value for metrics and error events
 * (the bridge maps all of them to {@code MEDIA_INVALID} / {@code media_failed}).
 */
public abstract sealed class MediaIntegrityException extends IOException {

    /** The failures, in the order they are checked at the end of a blob. */
    public enum Reason {
        TRUNCATED, ENC_HASH_MISMATCH, MAC_MISMATCH, BAD_PADDING, PLAIN_HASH_MISMATCH, LENGTH_MISMATCH
    }

    private final Reason reason;

    private MediaIntegrityException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** Too short for a MAC and one block, or the ciphertext is not a whole number of AES blocks. */
    public static final class Truncated extends MediaIntegrityException {
        Truncated(String message) {
            super(Reason.TRUNCATED, message, null);
        }
    }

    /** The SHA-256 of the encrypted blob is not the message's {@code fileEncSha256}. */
    public static final class EncHashMismatch extends MediaIntegrityException {
        EncHashMismatch(String message) {
            super(Reason.ENC_HASH_MISMATCH, message, null);
        }
    }

    /** The truncated HMAC-SHA256 over iv and ciphertext does not match: wrong key or tampered blob. */
    public static final class MacMismatch extends MediaIntegrityException {
        MacMismatch(String message) {
            super(Reason.MAC_MISMATCH, message, null);
        }
    }

    /** The MAC matched but the PKCS#7 padding is invalid (a sender bug; never seen from a real client). */
    public static final class BadPadding extends MediaIntegrityException {
        BadPadding(String message, Throwable cause) {
            super(Reason.BAD_PADDING, message, cause);
        }
    }

    /** The SHA-256 of the plaintext is not the message's {@code fileSha256}. */
    public static final class PlainHashMismatch extends MediaIntegrityException {
        PlainHashMismatch(String message) {
            super(Reason.PLAIN_HASH_MISMATCH, message, null);
        }
    }

    /** The plaintext length is not the message's {@code fileLength}. */
    public static final class LengthMismatch extends MediaIntegrityException {
        LengthMismatch(String message) {
            super(Reason.LENGTH_MISMATCH, message, null);
        }
    }
}

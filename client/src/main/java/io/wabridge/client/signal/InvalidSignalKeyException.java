package io.wabridge.client.signal;

/** A key in a message or prekey bundle is not a valid Curve25519 key, or a bundle's signed prekey signature does not verify. */
public final class InvalidSignalKeyException extends SignalCipherException {

    private static final long serialVersionUID = 1L;

    public InvalidSignalKeyException(String message) {
        this(message, null);
    }

    public InvalidSignalKeyException(String message, Throwable cause) {
        super(message, RetryReason.INVALID_KEY, cause);
    }
}

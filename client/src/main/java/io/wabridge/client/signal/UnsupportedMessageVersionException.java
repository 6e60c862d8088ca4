package io.wabridge.client.signal;

/** A Signal message version other than 3 (legacy 2, or a newer one). */
public final class UnsupportedMessageVersionException extends SignalCipherException {

    private static final long serialVersionUID = 1L;

    public UnsupportedMessageVersionException(String message) {
        this(message, null);
    }

    public UnsupportedMessageVersionException(String message, Throwable cause) {
        super(message, RetryReason.INVALID_MESSAGE, cause);
    }
}

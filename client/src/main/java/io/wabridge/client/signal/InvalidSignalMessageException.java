package io.wabridge.client.signal;

/** The ciphertext is not a well-formed Signal message. */
public final class InvalidSignalMessageException extends SignalCipherException {

    private static final long serialVersionUID = 1L;

    public InvalidSignalMessageException(String message) {
        this(message, null);
    }

    public InvalidSignalMessageException(String message, Throwable cause) {
        super(message, RetryReason.INVALID_MESSAGE, cause);
    }
}

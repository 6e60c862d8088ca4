package io.wabridge.client.signal;

/** A "pkmsg" names a one-time or signed prekey we do not have (already used, or never ours). */
public final class MissingPreKeyException extends SignalCipherException {

    private static final long serialVersionUID = 1L;

    public MissingPreKeyException(String message) {
        this(message, null);
    }

    public MissingPreKeyException(String message, Throwable cause) {
        super(message, RetryReason.INVALID_KEY_ID, cause);
    }
}

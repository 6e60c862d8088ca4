package io.wabridge.client.signal;

/** The message was already decrypted (its counter is behind the chain): acknowledge it, do not process it again. */
public final class DuplicateSignalMessageException extends SignalCipherException {

    private static final long serialVersionUID = 1L;

    public DuplicateSignalMessageException(String message, Throwable cause) {
        super(message, RetryReason.UNKNOWN_ERROR, cause);
    }

    @Override
    public boolean shouldRetry() {
        return false;
    }
}

package io.wabridge.client.signal;

/**
 * A Signal encrypt or decrypt failed because of the message, the session or the peer's keys (never because of a
 * bug or the store, which surface as unchecked exceptions). Each kind maps to the retry receipt reason WhatsApp
 * expects.
 */
public abstract sealed class SignalCipherException extends Exception
        permits MissingSessionException, MissingPreKeyException, InvalidSignalKeyException,
        InvalidSignalMessageException, BadMacException, UnsupportedMessageVersionException,
        DuplicateSignalMessageException, IdentityRejectedException, SenderKeyException {

    private static final long serialVersionUID = 1L;

    private final transient RetryReason retryReason;

    SignalCipherException(String message, RetryReason retryReason, Throwable cause) {
        super(message, cause);
        this.retryReason = retryReason;
    }

    /** The code a retry receipt for this failure carries. */
    public RetryReason retryReason() {
        return retryReason;
    }

    /** Whether the receiver should ask the sender to send again (a duplicate needs no retry). */
    public boolean shouldRetry() {
        return true;
    }
}

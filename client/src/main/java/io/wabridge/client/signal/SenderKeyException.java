package io.wabridge.client.signal;

/**
 * A group (sender-key) message or distribution message could not be used. {@link #failure()} says why, precisely
 * enough for a {@code decrypt_failed} event and a metric; {@link #retryReason()} is the code the retry receipt
 * carries (WhatsApp Web's, as for 1:1 failures). Only a duplicate asks for no retry.
 */
public final class SenderKeyException extends SignalCipherException {

    private static final long serialVersionUID = 1L;

    /** Why a sender-key operation failed. */
    public enum Failure {
        /** No sender key at all for this group and sender: their distribution message never reached us. */
        NO_SENDER_KEY(RetryReason.NO_SESSION),
        /** We hold sender keys from this sender, but none with the message's key id (rotated, or lost). */
        UNKNOWN_KEY_ID(RetryReason.INVALID_KEY_ID),
        /** The XEdDSA signature does not verify under the sender's signing key. */
        BAD_SIGNATURE(RetryReason.INVALID_SIGNATURE),
        /** The message's iteration is more than the bound ahead of the chain. */
        TOO_FAR_IN_FUTURE(RetryReason.FUTURE_MESSAGE),
        /** The iteration is behind the chain and its key is no longer cached: a duplicate (or a very old message). */
        DUPLICATE(RetryReason.UNKNOWN_ERROR),
        /** Not a well-formed sender-key message or distribution message (truncated, bad protobuf, bad key). */
        MALFORMED(RetryReason.INVALID_MESSAGE),
        /** A version byte other than 3. */
        UNSUPPORTED_VERSION(RetryReason.INVALID_MESSAGE),
        /** Signed correctly but the body does not decrypt (bad padding): corrupt, or a state out of sync. */
        BAD_CIPHERTEXT(RetryReason.INVALID_MESSAGE);

        private final RetryReason retryReason;

        Failure(RetryReason retryReason) {
            this.retryReason = retryReason;
        }

        public RetryReason retryReason() {
            return retryReason;
        }
    }

    private final transient Failure failure;

    public SenderKeyException(Failure failure, String message) {
        this(failure, message, null);
    }

    public SenderKeyException(Failure failure, String message, Throwable cause) {
        super(message, failure.retryReason(), cause);
        this.failure = failure;
    }

    public Failure failure() {
        return failure;
    }

    @Override
    public boolean shouldRetry() {
        return failure != Failure.DUPLICATE;
    }
}

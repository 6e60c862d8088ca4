package io.wabridge.client.signal;

/** The peer's identity key differs from the stored one and the identity policy rejects changes. */
public final class IdentityRejectedException extends SignalCipherException {

    private static final long serialVersionUID = 1L;

    public IdentityRejectedException(String message) {
        this(message, null);
    }

    public IdentityRejectedException(String message, Throwable cause) {
        super(message, RetryReason.UNKNOWN_ERROR, cause);
    }
}

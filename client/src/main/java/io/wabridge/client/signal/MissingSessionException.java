package io.wabridge.client.signal;

/** There is no session with the device: a "msg" from a device we never talked to, or encrypt before a bundle was processed. */
public final class MissingSessionException extends SignalCipherException {

    private static final long serialVersionUID = 1L;

    public MissingSessionException(String message) {
        this(message, null);
    }

    public MissingSessionException(String message, Throwable cause) {
        super(message, RetryReason.NO_SESSION, cause);
    }
}

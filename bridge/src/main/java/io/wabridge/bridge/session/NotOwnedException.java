package io.wabridge.bridge.session;

/** The session's partition was let go by this worker while a step waited for the session's lease. */
public final class NotOwnedException extends RuntimeException {
    public NotOwnedException(String message) {
        super(message, null, false, false);
    }
}

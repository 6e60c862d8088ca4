package io.wabridge.bridge.session;

/** A command needed a connection (or a connection stage) the session does not have. */
public final class NotConnectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NotConnectedException(String message) {
        super(message, null, false, false);
    }
}

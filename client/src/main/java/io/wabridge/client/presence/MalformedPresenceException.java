package io.wabridge.client.presence;

/** A received {@code <presence>} or {@code <chatstate>} lacks what reading it needs (a sender, a known state). */
public final class MalformedPresenceException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedPresenceException(String message) {
        super(message);
    }

    public MalformedPresenceException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.wabridge.client.disappearing;

/** A timer change this client refused or the server refused. */
public final class DisappearingException extends RuntimeException {

    /** Why. */
    public enum Reason {
        /** Not one of the durations WhatsApp offers ({@link Disappearing#DURATIONS}). */
        INVALID_DURATION,
        /** Not a chat that has a timer (broadcast, newsletter, status, ourselves). */
        INVALID_CHAT,
        /** The server refused the default timer. */
        REJECTED
    }

    private final Reason reason;
    private final int code;

    public DisappearingException(Reason reason, int code, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.code = code;
    }

    public Reason reason() {
        return reason;
    }

    /** The server's error code, 0 when this client refused it. */
    public int code() {
        return code;
    }
}

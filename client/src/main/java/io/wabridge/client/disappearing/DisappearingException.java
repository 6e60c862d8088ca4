package io.wabridge.client.disappearing;

import io.wabridge.client.stanza.RefusalException;

/** A timer change this client refused or the server refused. */
public final class DisappearingException extends RefusalException {
    private static final long serialVersionUID = 1L;

    /** Why. */
    public enum Reason {
        /** Not one of the durations WhatsApp offers ({@link Disappearing#DURATIONS}). */
        INVALID_DURATION,
        /** Not a chat that has a timer (broadcast, newsletter, status, ourselves). */
        INVALID_CHAT,
        /** The server refused the default timer. */
        REJECTED
    }

    public DisappearingException(Reason reason, int code, String message, Throwable cause) {
        super(reason, code, message, cause);
    }

    @Override
    public Reason reason() {
        return (Reason) super.reason();
    }
}

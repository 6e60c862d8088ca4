package io.wabridge.client.blocking;

import io.wabridge.client.stanza.RefusalException;

/** A block-list or privacy change that cannot be made: {@link #reason()} says why. */
public final class BlockingException extends RefusalException {
    private static final long serialVersionUID = 1L;

    /** Why. */
    public enum Reason {
        /** block: the user is on the block list already. */
        ALREADY_BLOCKED,
        /** unblock: the user is not on the block list. */
        NOT_BLOCKED,
        /** block / unblock: the server refused (this account itself, a user not on WhatsApp, ...). */
        BLOCK_REJECTED,
        /** The server refused the privacy value for that category. */
        PRIVACY_REJECTED
    }

    public BlockingException(Reason reason, int code, String message, Throwable cause) {
        super(reason, code, message, cause);
    }

    @Override
    public Reason reason() {
        return (Reason) super.reason();
    }
}

package io.wabridge.client.blocking;

/** A block-list or privacy change that cannot be made: {@link #reason()} says why. */
public final class BlockingException extends RuntimeException {
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

    private final transient Reason reason;
    private final int code;

    public BlockingException(Reason reason, int code, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.code = code;
    }

    public Reason reason() {
        return reason;
    }

    /** The server's error code, 0 when the client decided. */
    public int code() {
        return code;
    }
}

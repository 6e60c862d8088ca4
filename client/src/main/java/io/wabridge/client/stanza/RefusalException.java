package io.wabridge.client.stanza;

/**
 * A request a feature refused, or the server refused in that feature's terms: a reason of the feature's own enum (each
 * subclass narrows {@link #reason()} to it), the server's code ({@link IqErrorException#code()}, 0 when this client
 * refused) and a message. One shape for the features' refusal exceptions, so that a caller reads any of them alike.
 */
public abstract class RefusalException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Enum<?> reason;
    private final int code;

    protected RefusalException(Enum<?> reason, int code, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.code = code;
    }

    /** Why: a constant of the subclass's {@code Reason} enum (the subclass returns that type). */
    public Enum<?> reason() {
        return reason;
    }

    /** The server's error code, 0 when this client refused (or the server gave none). */
    public int code() {
        return code;
    }
}

package io.wabridge.client.newsletter;

/**
 * A newsletter request the server refused (or answered in a shape we cannot read): {@link #reason()} says why,
 * {@link #code()} is the server's code (a GraphQL {@code extensions.error_code}, an iq error code or a message
 * ack's {@code error}; 0 when none).
 */
public final class NewsletterException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why, from the server's code read in the request's context. */
    public enum Reason {
        /** 404: no such newsletter (or invite code). */
        NEWSLETTER_NOT_FOUND,
        /** The request needs us to follow the newsletter (unfollow, mute, react, view) and we do not. */
        NOT_FOLLOWING,
        /** 401/403 on an admin request (post, edit): we are neither its owner nor an admin. */
        NOT_NEWSLETTER_ADMIN,
        /** The answer lacked what the request must return. */
        MALFORMED_RESPONSE,
        /** Any other code. */
        REJECTED
    }

    private final transient Reason reason;
    private final int code;

    public NewsletterException(Reason reason, int code, String message) {
        this(reason, code, message, null);
    }

    public NewsletterException(Reason reason, int code, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.code = code;
    }

    public Reason reason() {
        return reason;
    }

    public int code() {
        return code;
    }
}

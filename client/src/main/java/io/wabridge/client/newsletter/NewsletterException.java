package io.wabridge.client.newsletter;

import io.wabridge.client.stanza.RefusalException;

/**
 * A newsletter request the server refused (or answered in a shape we cannot read): {@link #reason()} says why,
 * {@link #code()} is the server's code (a GraphQL {@code extensions.error_code}, an iq error code or a message
 * ack's {@code error}; 0 when none).
 */
public final class NewsletterException extends RefusalException {
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

    public NewsletterException(Reason reason, int code, String message) {
        this(reason, code, message, null);
    }

    public NewsletterException(Reason reason, int code, String message, Throwable cause) {
        super(reason, code, message, cause);
    }

    @Override
    public Reason reason() {
        return (Reason) super.reason();
    }
}

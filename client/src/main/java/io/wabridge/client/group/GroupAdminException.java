package io.wabridge.client.group;

import io.wabridge.client.stanza.RefusalException;

/**
 * A {@code w:g2} request the server refused (or answered in a shape we cannot read): {@link #reason()} says why,
 * {@link #code()} is the server's error code (0 when none).
 */
public final class GroupAdminException extends RefusalException {
    private static final long serialVersionUID = 1L;

    /** Why, from the server's code in the request's context (as whatsmeow and Baileys read them). */
    public enum Reason {
        /** 404: the server knows no such group. */
        GROUP_NOT_FOUND,
        /** 403: we are not (or no longer) a member. */
        NOT_A_PARTICIPANT,
        /** 401: the change needs admin rights we lack (or the group is locked). */
        NOT_ADMIN,
        /** 406 on an invite code: no such code. */
        INVALID_INVITE,
        /** 410 on an invite code: it was revoked or expired. */
        INVITE_REVOKED,
        /** 409 on an invite code: we are in that group already. */
        ALREADY_PARTICIPANT,
        /** 409 elsewhere: the change conflicts with the group's state (a description changed meanwhile). */
        CONFLICT,
        /** 406 elsewhere: the server refused the value (subject too long, bad timer, ...). */
        NOT_ACCEPTABLE,
        /** 419 / 500 with a full group: the group reached its member cap. */
        GROUP_FULL,
        /** The answer lacked what the request must return. */
        MALFORMED_RESPONSE,
        /** Any other code. */
        REJECTED
    }

    public GroupAdminException(Reason reason, int code, String message, Throwable cause) {
        super(reason, code, message, cause);
    }

    @Override
    public Reason reason() {
        return (Reason) super.reason();
    }
}

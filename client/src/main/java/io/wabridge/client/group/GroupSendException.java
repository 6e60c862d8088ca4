package io.wabridge.client.group;

import io.wabridge.client.send.MessageSendException;

/** A send to a group failed for a reason of the group itself: {@link #reason()} says which. */
public final class GroupSendException extends MessageSendException {
    private static final long serialVersionUID = 1L;

    /** Why. */
    public enum Reason {
        /** The server knows no such group (metadata answered 404). */
        GROUP_NOT_FOUND,
        /** We are not (or no longer) a member (metadata answered 403, or it does not list us). */
        NOT_A_PARTICIPANT,
        /** The group is in announcement mode and we are not one of its admins (only admins may send). */
        NOT_ADMIN
    }

    private final transient Reason reason;

    public GroupSendException(String messageId, Reason reason, String message, Throwable cause) {
        super(messageId, message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}

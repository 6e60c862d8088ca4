package io.wabridge.client.community;

import io.wabridge.client.stanza.RefusalException;

/**
 * A community request the server refused for a community reason: {@link #reason()} says which, {@link #code()} is
 * the server's code. Other refusals (no such group, not a member) stay {@link io.wabridge.client.group.GroupAdminException}.
 */
public final class CommunityException extends RefusalException {
    private static final long serialVersionUID = 1L;

    /** Why, from the server's code in the request's context. */
    public enum Reason {
        /** 401 on a link, unlink or community change: we are not an admin of the community. */
        NOT_COMMUNITY_ADMIN,
        /** 409 on a link: the group is linked to a community already. */
        ALREADY_LINKED,
        /** 409 on an unlink: the group is not linked to this community. */
        NOT_LINKED,
        /** 406 on a community request: the group named as the community is not one (no {@code <parent>}). */
        NOT_A_COMMUNITY
    }

    public CommunityException(Reason reason, int code, String message, Throwable cause) {
        super(reason, code, message, cause);
    }

    @Override
    public Reason reason() {
        return (Reason) super.reason();
    }
}

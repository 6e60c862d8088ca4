package io.wabridge.client.profile;

import io.wabridge.client.stanza.RefusalException;

/**
 * A profile request WhatsApp refused (or answered in a shape we cannot read), or an image we cannot make a profile
 * picture of: {@link #reason()} says why, {@link #code()} is the server's code (0 when none).
 */
public final class ProfileException extends RefusalException {
    private static final long serialVersionUID = 1L;

    /** Why, from the server's code in the request's context (as whatsmeow and Baileys read them). */
    public enum Reason {
        /** The user is not on WhatsApp (404 on a user, or no entry in the usync answer). */
        PROFILE_NOT_FOUND,
        /** The user (or group) has no profile picture (404, or {@code status=204}). */
        PICTURE_NOT_SET,
        /** The user's privacy settings hide it from us (401). */
        NOT_AUTHORIZED,
        /** The account is not a business account (no business profile in the answer, or 404 on {@code w:biz}). */
        NOT_A_BUSINESS,
        /** The image could not be read or converted (client side), or WhatsApp refused it (406). */
        INVALID_IMAGE,
        /** The answer lacked what the request must return. */
        MALFORMED_RESPONSE,
        /** Any other code. */
        REJECTED
    }

    public ProfileException(Reason reason, int code, String message, Throwable cause) {
        super(reason, code, message, cause);
    }

    @Override
    public Reason reason() {
        return (Reason) super.reason();
    }
}

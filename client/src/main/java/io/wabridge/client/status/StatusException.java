package io.wabridge.client.status;

/** A status request refused before anything was sent: the reason says which rule it broke. */
public final class StatusException extends RuntimeException {

    /** Why a status request was refused. */
    public enum Reason {
        /** The audience names nobody. */
        EMPTY_AUDIENCE,
        /** An audience entry is not a user JID (a group, a device, a broadcast list, a newsletter, a server). */
        INVALID_AUDIENCE,
        /** More users than {@link Statuses#MAX_AUDIENCE}. */
        AUDIENCE_TOO_LARGE,
        /** Content a status cannot carry (only text, image, video, gif, audio and voice notes). */
        UNSUPPORTED_CONTENT,
        /** Mark-seen without an author or message ids. */
        INVALID_SEEN
    }

    private final Reason reason;

    public StatusException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}

package io.wabridge.client.interop;

/** Each place where the client accepts something a strict reading of the protocol would refuse. */
public enum Leniency {
    /** {@code <success>} without a {@code lid} and none stored: the session opens without our LID. */
    LOGIN_WITHOUT_LID,
    /** {@code <success lid>} that is not an {@code @lid} JID: ignored, the stored LID (if any) is kept. */
    SUCCESS_LID_INVALID,
    /** An {@code <ack>} whose {@code class} is not the one our stanza called for, matched by its id anyway. */
    ACK_CLASS_MISMATCH,
    /** An {@code <ack>} nothing waits for (sent before a restart, timed out already, or not ours): dropped. */
    ACK_UNMATCHED,
    /** A usync answer that leaves a user out: no devices for that user, nothing cached. */
    USYNC_USER_MISSING,
    /** A send that skipped devices whose prekey fetch failed a moment ago, instead of asking the server again. */
    KEY_FETCH_FAILURE_REMEMBERED,
    /** A prekey fetch the server answered with an iq error or not at all: its devices skipped, the send goes on. */
    KEY_FETCH_FAILED,
    /** A stanza no handler takes (unknown tag or {@code type}): logged at debug and dropped. */
    STANZA_UNHANDLED,
    /** An {@code <ib>} child the client does not know: ignored. */
    TYPE_UNKNOWN,
    /**
     * A server that completed the Noise handshake, answers pings, but neither logs us in ({@code <success>} or
     * {@code <failure>}) nor starts pairing within the handshake timeout: the attempt ends and the client reconnects.
     */
    LOGIN_UNANSWERED;

    /** The metric tag value, e.g. {@code login_without_lid}. */
    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

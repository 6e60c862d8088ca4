package io.wabridge.client.lifecycle;

/** What a disconnect means for the session, and so what the client does about it. */
public enum DisconnectKind {
    /** 515: the server wants a fresh stream (after pairing, or at will). Reconnect at once; keep everything. */
    RESTART(true),
    /** Network loss, 503, 500, keepalive death, unknown stream errors: reconnect with backoff. */
    TRANSIENT(true),
    /** 401 / device_removed / logged out (also 403, 406 connect failures): wipe the session, do not reconnect. */
    LOGGED_OUT(false),
    /** conflict type=replaced: another connection of this device took over; stop, do not fight it. */
    REPLACED(false),
    /** 405: the server refuses the configured client version; stop until it is changed. */
    CLIENT_OUTDATED(false),
    /** The QR refs ran out with nobody scanning (408-like); stop until connect() is called again. */
    QR_EXHAUSTED(false),
    /** Pairing or login could not complete (bad pair-success, unusable success); stop, keep what is stored. */
    FAILED(false),
    /** Refused for another reason (temporary ban, unknown connect failure); stop, keep what is stored. */
    REFUSED(false),
    /** disconnect() or logout() was called. */
    REQUESTED(false);

    private final boolean reconnects;

    DisconnectKind(boolean reconnects) {
        this.reconnects = reconnects;
    }

    /** Whether the client reconnects by itself (when its reconnect policy is enabled). */
    public boolean reconnects() {
        return reconnects;
    }
}

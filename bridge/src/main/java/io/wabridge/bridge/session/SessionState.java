package io.wabridge.bridge.session;

import java.util.Locale;

/** Where a session's WhatsApp connection is, as this bridge reports it (registry, /sessions, metrics). */
public enum SessionState {
    /** Not connected and not trying. */
    CLOSED,
    /** Opening the socket, handshaking or logging in. */
    CONNECTING,
    /** Connected and not linked yet: QR codes (or a pairing code) are being shown. */
    PAIRING,
    /** Logged in. */
    OPEN,
    /** The connection was lost; the client reconnects after a backoff delay. */
    RECONNECTING,
    /** Unlinked; the stored state is wiped. */
    LOGGED_OUT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SessionState ofWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}

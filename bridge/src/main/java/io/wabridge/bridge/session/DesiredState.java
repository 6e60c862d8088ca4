package io.wabridge.bridge.session;

import java.util.Locale;

/** What the session's owner asked for last; a worker that takes over a session restores it. */
public enum DesiredState {
    /** connect was the last command: keep the session connected (and resume it after a move or restart). */
    CONNECTED,
    /** disconnect was the last command, or the connection ended in a way that must not be retried. */
    DISCONNECTED,
    /** logout (or the phone unlinked the device): the state is wiped, only a connect brings the session back. */
    LOGGED_OUT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DesiredState ofWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}

package io.wabridge.client.stanza;

/** The connection closed while an iq waited for its response. */
public final class ConnectionClosedException extends IqException {
    public ConnectionClosedException(String requestId, String reason) {
        super("connection closed before iq " + requestId + " was answered: " + reason);
    }
}

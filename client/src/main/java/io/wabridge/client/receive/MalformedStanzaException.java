package io.wabridge.client.receive;

/** A received stanza lacks what handling it needs (an id, a readable sender). */
public final class MalformedStanzaException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedStanzaException(String message) {
        super(message);
    }
}

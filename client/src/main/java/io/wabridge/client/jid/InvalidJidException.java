package io.wabridge.client.jid;

/** A string or a set of parts that does not form a valid JID. */
public final class InvalidJidException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidJidException(String message) {
        super(message);
    }
}

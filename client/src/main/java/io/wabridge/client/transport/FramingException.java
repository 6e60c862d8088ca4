package io.wabridge.client.transport;

/** Base of framing failures; each one ends the connection it happened on. */
public class FramingException extends RuntimeException {

    public FramingException(String message) {
        super(message);
    }
}

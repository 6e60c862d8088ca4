package io.wabridge.client.group;

/** A {@code w:g2} answer without the element it must have. */
public final class MalformedGroupResponseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MalformedGroupResponseException(String message) {
        super(message);
    }
}

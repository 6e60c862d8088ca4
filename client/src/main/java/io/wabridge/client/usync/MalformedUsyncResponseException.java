package io.wabridge.client.usync;

/** A usync response lacks what a device list query needs (no {@code <usync><list>}). */
public final class MalformedUsyncResponseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MalformedUsyncResponseException(String message) {
        super(message);
    }
}

package io.wabridge.client.signal;

/** Bytes that are not a Curve25519 key in the form expected (32 raw bytes, or 33 with the 0x05 prefix). */
public final class MalformedKeyException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public MalformedKeyException(String message) {
        super(message);
    }

    public MalformedKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}

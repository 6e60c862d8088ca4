package io.wabridge.client.noise;

/** A handshake message that does not parse or lacks a required field, or a key of the wrong size. */
public final class MalformedHandshakeException extends NoiseException {

    public MalformedHandshakeException(String message) {
        super(message);
    }

    public MalformedHandshakeException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.wabridge.client.noise;

/** Base of every Noise-layer failure; each one ends the connection it happened on, nothing else. */
public class NoiseException extends RuntimeException {

    public NoiseException(String message) {
        super(message);
    }

    public NoiseException(String message, Throwable cause) {
        super(message, cause);
    }
}

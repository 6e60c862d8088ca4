package io.wabridge.client.noise;

/** A handshake step arrived (or was called) in the wrong state, e.g. a ClientFinish before a ClientHello. */
public final class HandshakeOutOfOrderException extends NoiseException {

    public HandshakeOutOfOrderException(String message) {
        super(message);
    }
}

package io.wabridge.client.transport;

/** Receives a connection's decrypted frames, on the connection's event loop thread (do not block it). */
public interface FrameListener {

    /** One decrypted frame payload (its first byte is WhatsApp's flag byte). The array is the caller's to keep. */
    void onFrame(NoiseConnection connection, byte[] payload);

    /** The connection ended; {@code cause} is null for an orderly close. Called once. */
    default void onClosed(NoiseConnection connection, Throwable cause) {
    }
}

package io.wabridge.simulator.transport;

import java.net.SocketAddress;

/**
 * What the simulator does with a client once its Noise handshake is done. Called on the connection's
 * event loop thread; a handler exception closes that connection only.
 */
public interface SimulatorConnectionHandler {

    /** The handshake completed; the client's ClientPayload is in {@link SimulatorConnection#clientPayload()}. */
    default void onOpen(SimulatorConnection connection) {
    }

    /** One decrypted client frame. */
    void onFrame(SimulatorConnection connection, byte[] payload);

    /**
     * A connection closed before its Noise handshake completed: bad framing, bad crypto, a rejected
     * message, a peer reset or the handshake timeout.
     */
    default void onHandshakeFailed(SocketAddress remote, Throwable cause) {
    }

    /** The connection ended; {@code cause} is null for an orderly close. */
    default void onClosed(SimulatorConnection connection, Throwable cause) {
    }
}

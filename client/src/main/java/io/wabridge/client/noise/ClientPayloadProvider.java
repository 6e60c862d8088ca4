package io.wabridge.client.noise;

/**
 * Supplies the serialized ClientPayload (login or registration) for the ClientFinish message. Called
 * once per handshake, after the server's certificate chain has been verified, so the caller can build
 * it lazily from the session's current state.
 */
@FunctionalInterface
public interface ClientPayloadProvider {

    byte[] clientPayload(ServerIdentity server);
}

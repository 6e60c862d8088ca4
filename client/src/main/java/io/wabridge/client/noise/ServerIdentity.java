package io.wabridge.client.noise;

import io.wabridge.proto.wa.CertChain;

/** The server's static Noise key, proven in the handshake, and the leaf certificate that vouches for it. */
public record ServerIdentity(byte[] staticPublicKey, CertChain.NoiseCertificate.Details leaf) {
}

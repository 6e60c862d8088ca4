package io.wabridge.client.lifecycle;

import io.wabridge.client.crypto.X25519KeyPair;
import io.wabridge.client.noise.ClientPayloadProvider;
import io.wabridge.client.noise.NoiseCertificateVerifier;
import io.wabridge.client.transport.TransportConfig;

/** Everything one connection attempt needs: where, with which Noise key, trusting which root, saying what. */
public record LinkRequest(TransportConfig transport, X25519KeyPair noiseKey, NoiseCertificateVerifier verifier,
                          ClientPayloadProvider payload) {}

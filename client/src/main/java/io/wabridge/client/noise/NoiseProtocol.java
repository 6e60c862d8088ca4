package io.wabridge.client.noise;

import java.nio.charset.StandardCharsets;

/** Constants of WhatsApp's Noise profile. */
public final class NoiseProtocol {

    /**
     * "Noise_XX_25519_AESGCM_SHA256" padded with four NULs to exactly 32 bytes, so by the Noise rules it
     * is used as the initial h and ck directly instead of being hashed.
     */
    static final byte[] XX_PROTOCOL_NAME = "Noise_XX_25519_AESGCM_SHA256\0\0\0\0".getBytes(StandardCharsets.US_ASCII);

    private NoiseProtocol() {
    }

    static byte[] protocolNameXX() {
        return XX_PROTOCOL_NAME.clone();
    }
}

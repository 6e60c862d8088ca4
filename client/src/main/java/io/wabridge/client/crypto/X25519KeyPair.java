package io.wabridge.client.crypto;

import java.util.HexFormat;

/** A Curve25519 key pair as raw 32-byte strings (little-endian, RFC 7748 encoding, no 0x05 prefix). */
public record X25519KeyPair(byte[] privateKey, byte[] publicKey) {

    public X25519KeyPair {
        if (privateKey.length != X25519.KEY_LENGTH || publicKey.length != X25519.KEY_LENGTH) {
            throw new IllegalArgumentException("X25519 keys are 32 bytes");
        }
    }

    /** Rebuilds a pair from its private key (the public key is derived). */
    public static X25519KeyPair fromPrivateKey(byte[] privateKey) {
        return new X25519KeyPair(privateKey.clone(), X25519.publicKey(privateKey));
    }

    @Override
    public String toString() {
        return "X25519KeyPair[public=" + HexFormat.of().formatHex(publicKey) + "]";
    }
}

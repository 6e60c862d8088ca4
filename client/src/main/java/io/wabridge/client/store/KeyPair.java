package io.wabridge.client.store;

import java.util.Arrays;
import java.util.Objects;

/** A Curve25519 key pair as raw 32-byte keys. Immutable: arrays are copied in and out. */
public record KeyPair(byte[] publicKey, byte[] privateKey) {

    public static final int KEY_LENGTH = 32;

    public KeyPair {
        publicKey = checkedCopy(publicKey, "publicKey");
        privateKey = checkedCopy(privateKey, "privateKey");
    }

    private static byte[] checkedCopy(byte[] key, String name) {
        Objects.requireNonNull(key, name);
        if (key.length != KEY_LENGTH) {
            throw new IllegalArgumentException(name + " must be " + KEY_LENGTH + " bytes, got " + key.length);
        }
        return key.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public byte[] privateKey() {
        return privateKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyPair other
                && Arrays.equals(publicKey, other.publicKey)
                && Arrays.equals(privateKey, other.privateKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(publicKey);
    }

    /** Never prints the private key. */
    @Override
    public String toString() {
        return "KeyPair[public=" + Hex.prefix(publicKey) + "…]";
    }
}

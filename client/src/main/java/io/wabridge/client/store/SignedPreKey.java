package io.wabridge.client.store;

import java.util.Arrays;
import java.util.Objects;

/** The current signed prekey as carried in the credentials: id, key pair and XEdDSA signature (64 bytes). */
public record SignedPreKey(int id, KeyPair keyPair, byte[] signature) {

    public static final int SIGNATURE_LENGTH = 64;

    public SignedPreKey {
        if (id < 0 || id > 0xFFFFFF) {
            throw new IllegalArgumentException("signed prekey id must fit 3 bytes, got " + id);
        }
        Objects.requireNonNull(keyPair, "keyPair");
        Objects.requireNonNull(signature, "signature");
        if (signature.length != SIGNATURE_LENGTH) {
            throw new IllegalArgumentException("signature must be " + SIGNATURE_LENGTH + " bytes, got " + signature.length);
        }
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignedPreKey other && id == other.id && keyPair.equals(other.keyPair)
                && Arrays.equals(signature, other.signature);
    }

    @Override
    public int hashCode() {
        return 31 * id + keyPair.hashCode();
    }

    @Override
    public String toString() {
        return "SignedPreKey[id=" + id + ", " + keyPair + "]";
    }
}

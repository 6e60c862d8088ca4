package io.wabridge.simulator.account;

/** A device's current signed prekey: id, raw 32-byte public key and the 64-byte XEdDSA signature by its identity. */
public record PublishedSignedPreKey(int id, byte[] publicKey, byte[] signature) {
    public PublishedSignedPreKey {
        publicKey = publicKey.clone();
        signature = signature.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }
}

package io.wabridge.simulator.account;

/** A one-time prekey a device uploaded: its 3-byte id as a number and its raw 32-byte public key. */
public record PublishedPreKey(int id, byte[] publicKey) {
    public PublishedPreKey {
        publicKey = publicKey.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }
}

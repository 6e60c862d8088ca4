package io.wabridge.simulator.account;

/**
 * What another client fetches to start a Signal session with one device: registration id, identity, signed prekey
 * and at most one one-time prekey (null once the device ran out; sessions then start without one).
 */
public record PreKeyBundle(int deviceId, int registrationId, byte[] identityKey, PublishedSignedPreKey signedPreKey,
                           PublishedPreKey oneTimePreKey) {
    public PreKeyBundle {
        identityKey = identityKey.clone();
    }

    @Override
    public byte[] identityKey() {
        return identityKey.clone();
    }
}

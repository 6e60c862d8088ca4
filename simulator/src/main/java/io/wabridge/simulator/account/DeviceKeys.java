package io.wabridge.simulator.account;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Signal keys the server holds for one device: registration id and identity (fixed at pairing), the signed
 * prekey (replaced on upload or rotation) and the one-time prekeys, each handed out once. Not thread-safe: its
 * {@link PhoneAccount} guards it.
 */
final class DeviceKeys {
    private final int registrationId;
    private final byte[] identityKey;
    private PublishedSignedPreKey signedPreKey;
    /** Ascending ids: the oldest uploaded keys are dispensed first. */
    private final TreeMap<Integer, byte[]> preKeys = new TreeMap<>();

    DeviceKeys(int registrationId, byte[] identityKey, PublishedSignedPreKey signedPreKey) {
        this.registrationId = registrationId;
        this.identityKey = identityKey.clone();
        this.signedPreKey = signedPreKey;
    }

    int registrationId() {
        return registrationId;
    }

    byte[] identityKey() {
        return identityKey;
    }

    PublishedSignedPreKey signedPreKey() {
        return signedPreKey;
    }

    void signedPreKey(PublishedSignedPreKey key) {
        this.signedPreKey = key;
    }

    /** Adds or replaces one-time prekeys (an upload may repeat ids after a client lost its count). */
    void addPreKeys(List<PublishedPreKey> keys) {
        for (PublishedPreKey key : keys) {
            preKeys.put(key.id(), key.publicKey());
        }
    }

    int preKeyCount() {
        return preKeys.size();
    }

    /** Removes and returns the lowest-id one-time prekey, or null when none is left. */
    PublishedPreKey takePreKey() {
        Map.Entry<Integer, byte[]> first = preKeys.pollFirstEntry();
        return first == null ? null : new PublishedPreKey(first.getKey(), first.getValue());
    }

    List<PublishedPreKey> preKeys() {
        List<PublishedPreKey> list = new ArrayList<>(preKeys.size());
        preKeys.forEach((id, key) -> list.add(new PublishedPreKey(id, key)));
        return list;
    }
}

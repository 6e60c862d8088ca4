package io.wabridge.client.store;

import java.util.Arrays;
import java.util.Objects;

/**
 * An app-state sync key shared by the primary device.
 *
 * @param keyId       the key id (opaque bytes)
 * @param keyData     the key material
 * @param fingerprint the serialized AppStateSyncKeyFingerprint, may be empty
 * @param timestamp   the key's timestamp as sent by the primary (milliseconds since the epoch)
 */
public record AppStateSyncKey(byte[] keyId, byte[] keyData, byte[] fingerprint, long timestamp) {

    public AppStateSyncKey {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(keyData, "keyData");
        Objects.requireNonNull(fingerprint, "fingerprint");
        if (keyId.length == 0) {
            throw new IllegalArgumentException("empty app-state key id");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AppStateSyncKey k && Arrays.equals(keyId, k.keyId) && Arrays.equals(keyData, k.keyData)
                && Arrays.equals(fingerprint, k.fingerprint) && timestamp == k.timestamp;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(keyId);
    }

    @Override
    public String toString() {
        return "AppStateSyncKey[id=" + Hex.prefix(keyId) + "…, timestamp=" + timestamp + "]";
    }
}

package io.wabridge.client.store;

import java.util.Collection;
import java.util.Optional;

/** App-state sync keys by key id. */
public interface AppStateKeyStore {

    Optional<AppStateSyncKey> load(byte[] keyId);

    /** Stores keys (replacing any with the same id) in one round trip. */
    void storeAll(Collection<AppStateSyncKey> keys);

    /** The key with the highest timestamp, empty if none: the one to encrypt new mutations with. */
    Optional<AppStateSyncKey> latest();
}

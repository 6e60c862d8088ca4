package io.wabridge.client.store.encryption;

import java.util.Optional;

/**
 * Where the master keys come from. The store asks for the {@link #current()} key to wrap a data key, and for a key by
 * id to unwrap one. Implementations: {@link Keyring} (a file or a configuration value); a KMS would implement
 * the same two calls (wrapping with the KMS itself is a later step: this interface hands out key material).
 */
public interface KeyProvider {

    /** The key new data keys are wrapped under. */
    MasterKey current();

    /** The key named {@code id}: the current one or one still accepted for unwrapping (during a rotation). */
    Optional<MasterKey> find(String id);
}

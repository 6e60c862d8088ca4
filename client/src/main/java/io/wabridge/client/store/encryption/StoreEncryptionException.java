package io.wabridge.client.store.encryption;

import io.wabridge.client.store.StoreException;

/**
 * A sealed record cannot be opened (wrong or missing master key, a record copied from another session or slot,
 * tampering) or a plaintext record was refused. The message names the session and the record, never key material.
 */
public class StoreEncryptionException extends StoreException {

    public StoreEncryptionException(String message) {
        super(message);
    }

    public StoreEncryptionException(String message, Throwable cause) {
        super(message, cause);
    }
}

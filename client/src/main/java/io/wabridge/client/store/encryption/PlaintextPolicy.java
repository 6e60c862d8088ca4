package io.wabridge.client.store.encryption;

/** What happens to a secret record found in plaintext (written before encryption at rest was turned on). */
public enum PlaintextPolicy {
    /**
     * Read it and seal it on its next write; credentials are sealed (re-saved) as soon as they are loaded, so the
     * private keys of a session do not stay in plaintext past its first start. Counted as plaintext reads.
     */
    MIGRATE,
    /** Fail the read with a {@link StoreEncryptionException}: for deployments that never stored plaintext. */
    REFUSE
}

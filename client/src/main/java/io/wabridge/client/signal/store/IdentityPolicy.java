package io.wabridge.client.signal.store;

/** What to do when a contact device presents an identity key different from the one stored for it. */
public enum IdentityPolicy {
    /**
     * WhatsApp's behaviour (Baileys trusts every key, whatsmeow clears the old identity and retries): report the
     * change to the {@link IdentityChangeListener}, then trust the new key. The default.
     */
    ACCEPT_CHANGES,
    /** Refuse the new key: the cipher operation fails with an identity error until the stored key is deleted. */
    REJECT_CHANGES
}

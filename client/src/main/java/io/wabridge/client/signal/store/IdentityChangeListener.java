package io.wabridge.client.signal.store;

import io.wabridge.client.store.SignalAddress;

/**
 * Told when a contact device's identity key changed (it reinstalled WhatsApp or re-linked): the "security code
 * changed" notice. Called on the account's serial executor, in the middle of a cipher operation: it must be quick
 * and must not call back into the cipher. Whatever it throws is logged and ignored.
 */
@FunctionalInterface
public interface IdentityChangeListener {

    IdentityChangeListener NONE = (address, previousKey, newKey) -> { };

    /**
     * @param address     the device whose identity changed
     * @param previousKey the key we had, raw 32 bytes
     * @param newKey      the key now trusted, raw 32 bytes
     */
    void identityChanged(SignalAddress address, byte[] previousKey, byte[] newKey);
}

package io.wabridge.client.signal;

import io.wabridge.client.signal.ratchet.RatchetStore;
import io.wabridge.client.store.SignalAddress;
import org.signal.libsignal.protocol.state.IdentityKeyStore;
import org.signal.libsignal.protocol.state.PreKeyStore;
import org.signal.libsignal.protocol.state.SessionStore;
import org.signal.libsignal.protocol.state.SignedPreKeyStore;

/**
 * The stores one account's ciphers run on: the Java ratchet's live records ({@link #ratchetStore()}) and, for
 * session setup, libsignal's stores over the same data ({@link io.wabridge.client.signal.store.SignalStores} is the
 * write-behind implementation over our store SPI). Not thread-safe: used from the account's serial executor only.
 */
public interface CipherStores {

    SessionStore sessionStore();

    IdentityKeyStore identityKeyStore();

    PreKeyStore preKeyStore();

    SignedPreKeyStore signedPreKeyStore();

    /** Live session records and the identity policy for {@link io.wabridge.client.signal.ratchet.RatchetCipher}. */
    RatchetStore ratchetStore();

    /**
     * Whether a session with the device exists. The default asks libsignal's session store, which takes a
     * libsignal address (a native object); implementations answer from our own address without one.
     */
    default boolean containsSession(SignalAddress address) {
        return sessionStore().containsSession(SignalAddresses.toProtocolAddress(address));
    }
}

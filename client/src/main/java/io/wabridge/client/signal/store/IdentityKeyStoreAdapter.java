package io.wabridge.client.signal.store;

import io.wabridge.client.signal.MalformedKeyException;
import io.wabridge.client.signal.SignalAddresses;
import io.wabridge.client.signal.SignalKeys;
import io.wabridge.client.store.IdentityStore;
import io.wabridge.client.store.SignalAddress;
import java.util.Arrays;
import java.util.Optional;
import org.signal.libsignal.protocol.IdentityKey;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.SignalProtocolAddress;
import org.signal.libsignal.protocol.state.IdentityKeyStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libsignal's identity store over {@link IdentityStore}: our own identity from the credentials, remote identities
 * trusted on first use. libsignal saves the peer's identity on EVERY encrypt and decrypt, so the unchanged case is
 * answered from pending writes or the session just loaded, and only a new or different key reaches the store.
 * Remote keys are stored in libsignal's 33-byte form.
 */
final class IdentityKeyStoreAdapter implements IdentityKeyStore {

    private static final Logger LOG = LoggerFactory.getLogger(IdentityKeyStoreAdapter.class);

    private final IdentityKeyPair ours;
    private final int registrationId;
    private final IdentityStore store;
    private final PendingWrites pending;
    private final SessionStoreAdapter sessions;
    private final IdentityPolicy policy;
    private final IdentityChangeListener listener;

    IdentityKeyStoreAdapter(IdentityKeyPair ours, int registrationId, IdentityStore store, PendingWrites pending,
            SessionStoreAdapter sessions, IdentityPolicy policy, IdentityChangeListener listener) {
        this.ours = ours;
        this.registrationId = registrationId;
        this.store = store;
        this.pending = pending;
        this.sessions = sessions;
        this.policy = policy;
        this.listener = listener;
    }

    @Override
    public IdentityKeyPair getIdentityKeyPair() {
        return ours;
    }

    @Override
    public int getLocalRegistrationId() {
        return registrationId;
    }

    /** Returns true when the key replaced a different one (libsignal's contract). */
    @Override
    public boolean saveIdentity(SignalProtocolAddress address, IdentityKey identityKey) {
        return save(SignalAddresses.fromProtocolAddress(address), identityKey.serialize());
    }

    /**
     * {@link #saveIdentity} with our address and the key's 33-byte form, without libsignal objects: the ratchet
     * calls this after every encrypt and decrypt.
     */
    boolean save(SignalAddress key, byte[] identityKey) {
        byte[] pendingKey = pending.identities.get(key);
        if (pendingKey != null) {
            if (Arrays.equals(pendingKey, identityKey)) {
                return false;
            }
            return replace(key, SignalKeys.raw(pendingKey), identityKey);
        }
        if (sessions.loadedSessionTrusts(key, identityKey)) {
            return false;
        }
        byte[] stored = storedRaw(key);
        if (stored == null) {
            pending.saveIdentity(key, identityKey);
            return false;
        }
        if (Arrays.equals(stored, SignalKeys.raw(identityKey))) {
            return false;
        }
        return replace(key, stored, identityKey);
    }

    private boolean replace(SignalAddress address, byte[] previous, byte[] identityKey) {
        pending.saveIdentity(address, identityKey);
        try {
            listener.identityChanged(address, previous, SignalKeys.raw(identityKey));
        } catch (RuntimeException e) {
            LOG.warn("identity change listener failed for {}", address, e);
        }
        return true;
    }

    @Override
    public boolean isTrustedIdentity(SignalProtocolAddress address, IdentityKey identityKey, Direction direction) {
        return isTrusted(SignalAddresses.fromProtocolAddress(address), identityKey.serialize());
    }

    /** {@link #isTrustedIdentity} with our address and the key's 33-byte form (the direction never matters here). */
    boolean isTrusted(SignalAddress address, byte[] identityKey) {
        if (policy == IdentityPolicy.ACCEPT_CHANGES) {
            return true;
        }
        byte[] known = pending.identities.get(address);
        if (known != null) {
            return Arrays.equals(known, identityKey);
        }
        byte[] stored = storedRaw(address);
        return stored == null || Arrays.equals(stored, SignalKeys.raw(identityKey));
    }

    @Override
    public IdentityKey getIdentity(SignalProtocolAddress address) {
        SignalAddress key = SignalAddresses.fromProtocolAddress(address);
        byte[] pendingKey = pending.identities.get(key);
        if (pendingKey != null) {
            return SignalKeys.identityKey(pendingKey);
        }
        byte[] stored = storedRaw(key);
        return stored == null ? null : SignalKeys.identityKey(stored);
    }

    /** The stored key as raw 32 bytes; an unreadable entry counts as none (it gets overwritten). */
    private byte[] storedRaw(SignalAddress address) {
        Optional<byte[]> stored = pending.readAhead.identities.load(address, store::load);
        if (stored.isEmpty()) {
            return null;
        }
        try {
            return SignalKeys.raw(stored.get());
        } catch (MalformedKeyException e) {
            LOG.warn("unreadable identity key stored for {}, treating it as absent", address);
            return null;
        }
    }
}

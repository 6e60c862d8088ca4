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
        SignalAddress key = SignalAddresses.fromProtocolAddress(address);
        IdentityKey pendingKey = pending.identities.get(key);
        if (pendingKey != null) {
            if (pendingKey.equals(identityKey)) {
                return false;
            }
            return replace(key, SignalKeys.raw(pendingKey), identityKey);
        }
        if (sessions.loadedSessionTrusts(key, identityKey)) {
            return false;
        }
        byte[] stored = storedRaw(key);
        if (stored == null) {
            pending.identities.put(key, identityKey);
            return false;
        }
        if (Arrays.equals(stored, SignalKeys.raw(identityKey))) {
            return false;
        }
        return replace(key, stored, identityKey);
    }

    private boolean replace(SignalAddress address, byte[] previous, IdentityKey identityKey) {
        pending.identities.put(address, identityKey);
        try {
            listener.identityChanged(address, previous, SignalKeys.raw(identityKey));
        } catch (RuntimeException e) {
            LOG.warn("identity change listener failed for {}", address, e);
        }
        return true;
    }

    @Override
    public boolean isTrustedIdentity(SignalProtocolAddress address, IdentityKey identityKey, Direction direction) {
        if (policy == IdentityPolicy.ACCEPT_CHANGES) {
            return true;
        }
        IdentityKey known = getIdentity(address);
        return known == null || known.equals(identityKey);
    }

    @Override
    public IdentityKey getIdentity(SignalProtocolAddress address) {
        SignalAddress key = SignalAddresses.fromProtocolAddress(address);
        IdentityKey pendingKey = pending.identities.get(key);
        if (pendingKey != null) {
            return pendingKey;
        }
        byte[] stored = storedRaw(key);
        return stored == null ? null : SignalKeys.identityKey(stored);
    }

    /** The stored key as raw 32 bytes; an unreadable entry counts as none (it gets overwritten). */
    private byte[] storedRaw(SignalAddress address) {
        Optional<byte[]> stored = store.load(address);
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

package io.wabridge.client.signal.store;

import io.wabridge.client.signal.CipherStores;
import io.wabridge.client.signal.SignalKeys;
import io.wabridge.client.signal.ratchet.RatchetRecord;
import io.wabridge.client.signal.ratchet.RatchetStore;
import io.wabridge.client.store.AccountStore;
import io.wabridge.client.store.Credentials;
import io.wabridge.client.store.IdentityStore;
import io.wabridge.client.store.PreKeyStore;
import io.wabridge.client.store.SenderKeyStore;
import io.wabridge.client.store.SignalAddress;
import io.wabridge.client.store.SignalSessionStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.signal.libsignal.protocol.state.IdentityKeyStore;
import org.signal.libsignal.protocol.state.SessionStore;
import org.signal.libsignal.protocol.state.SignedPreKeyStore;

/**
 * One account's libsignal stores over our store SPI, WRITE-BEHIND: what libsignal writes (sessions, peer
 * identities, consumed prekeys) stays in memory until {@link #flush()}, which the message pipeline calls before it
 * acknowledges any inbound message, so an acknowledged message's ratchet state is durable and a crash before the
 * flush just makes the server deliver the unacknowledged messages again. Reads see pending writes first.
 *
 * <p>Not thread-safe by design: one instance per account, used only from the account's serial executor.
 */
public final class SignalStores implements CipherStores {

    private final SignalSessionStore sessionSpi;
    private final IdentityStore identitySpi;
    private final PreKeyStore preKeySpi;
    private final PendingWrites pending = new PendingWrites();
    private final SessionStoreAdapter sessions;
    private final IdentityKeyStoreAdapter identities;
    private final PreKeyStoreAdapter preKeys;
    private final SignedPreKeyStoreAdapter signedPreKeys;
    private final SenderKeyStoreAdapter senderKeys;
    private final RatchetStore ratchet = new RatchetStore() {
        @Override
        public RatchetRecord loadRecord(SignalAddress address) {
            return sessions.loadRecord(address);
        }

        @Override
        public void storeRecord(SignalAddress address, RatchetRecord record) {
            sessions.store(address, record);
        }

        @Override
        public boolean isTrustedIdentity(SignalAddress address, byte[] identityKey, boolean sending) {
            return identities.isTrusted(address, identityKey);
        }

        @Override
        public void saveIdentity(SignalAddress address, byte[] identityKey) {
            identities.save(address, identityKey);
        }
    };

    private SignalStores(AccountStore account, Credentials credentials, IdentityPolicy policy,
            IdentityChangeListener listener) {
        this.sessionSpi = account.signalSessions();
        this.identitySpi = account.identities();
        this.preKeySpi = account.preKeys();
        this.sessions = new SessionStoreAdapter(sessionSpi, pending);
        this.identities = new IdentityKeyStoreAdapter(SignalKeys.identityKeyPair(credentials.identityKey()),
                credentials.registrationId(), identitySpi, pending, sessions, policy, listener);
        this.preKeys = new PreKeyStoreAdapter(preKeySpi, pending);
        this.signedPreKeys = new SignedPreKeyStoreAdapter(credentials.signedPreKey(), account.signedPreKeys());
        this.senderKeys = new SenderKeyStoreAdapter(account.senderKeys(), pending);
    }

    /** Stores with WhatsApp's identity policy (report changes, accept the new key). */
    public static SignalStores open(AccountStore account, Credentials credentials, IdentityChangeListener listener) {
        return open(account, credentials, IdentityPolicy.ACCEPT_CHANGES, listener);
    }

    public static SignalStores open(AccountStore account, Credentials credentials, IdentityPolicy policy,
            IdentityChangeListener listener) {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(credentials, "credentials");
        return new SignalStores(account, credentials, Objects.requireNonNull(policy, "policy"),
                Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public SessionStore sessionStore() {
        return sessions;
    }

    @Override
    public IdentityKeyStore identityKeyStore() {
        return identities;
    }

    @Override
    public org.signal.libsignal.protocol.state.PreKeyStore preKeyStore() {
        return preKeys;
    }

    @Override
    public SignedPreKeyStore signedPreKeyStore() {
        return signedPreKeys;
    }

    /** The live records and identity policy the Java ratchet works on, over the same pending writes. */
    @Override
    public RatchetStore ratchetStore() {
        return ratchet;
    }

    /** Group sender keys, write-behind over the same pending set as the sessions (see {@link #flush()}). */
    public SenderKeyStore senderKeys() {
        return senderKeys;
    }

    /** Pending writes first, then the store; no libsignal address (a native object with a finalizer) is made. */
    @Override
    public boolean containsSession(SignalAddress address) {
        return sessions.contains(address);
    }

    /**
     * Writes everything pending in batches, in an order that keeps the store consistent at every step: peer
     * identities first (a stored session's peer identity is always stored), then sessions, then the removal of the
     * one-time prekeys those sessions consumed, then group sender keys (their distribution messages came inside those
     * sessions). If a write fails nothing is dropped: the pending set stays as it
     * was and the next flush writes it again (every step is idempotent).
     *
     * @throws io.wabridge.client.store.StoreException if the store fails; pending writes are kept
     */
    public void flush() {
        sessions.forgetLastLoaded();
        if (pending.size() == 0) {
            return;
        }
        if (!pending.identities.isEmpty()) {
            Map<SignalAddress, byte[]> keys = new HashMap<>(pending.identities.size() * 2);
            keys.putAll(pending.identities);
            identitySpi.saveAll(keys);
        }
        if (!pending.sessions.isEmpty()) {
            Map<SignalAddress, byte[]> records = new HashMap<>(pending.sessions.size() * 2);
            SessionStoreAdapter.serializeInto(pending.sessions, records);
            sessionSpi.storeAll(records);
        }
        for (SignalAddress address : pending.deletedSessions) {
            sessionSpi.delete(address);
        }
        if (!pending.removedPreKeys.isEmpty()) {
            preKeySpi.removeAll(new ArrayList<>(pending.removedPreKeys));
        }
        senderKeys.flush();
        // Only once every step is written: a record also kept pending could change and then be discarded.
        sessions.flushedAll(pending.sessions);
        pending.clear();
    }

    /**
     * Drops every pending write, as a process restart would: used when received messages could not be handed
     * off, so their ratchet state must not become durable (the server delivers them again and they decrypt again).
     */
    public void discardPending() {
        sessions.forgetLastLoaded();
        pending.clear();
    }

    /** How many writes wait for {@link #flush()}. */
    public int pendingWrites() {
        return pending.size();
    }
}

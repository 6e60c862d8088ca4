package io.wabridge.client.store.memory;

import io.wabridge.client.store.AccountStore;
import io.wabridge.client.store.StoreFencedException;
import io.wabridge.client.store.StoreSettings;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One opened view of a session: its own {@link MemoryFence} (the epoch it was opened with) over entry maps that
 * every view of the session shares.
 */
final class MemoryAccountStore implements AccountStore {

    private final String sessionId;
    private final MemoryFence fence;
    private final MemoryCredentialsStore credentials;
    private final MemorySignalSessionStore signalSessions;
    private final MemoryIdentityStore identities;
    private final MemoryPreKeyStore preKeys;
    private final MemorySignedPreKeyStore signedPreKeys;
    private final MemorySenderKeyStore senderKeys;
    private final MemoryAppStateKeyStore appStateKeys;
    private final MemoryAppStateVersionStore appStateVersions;
    private final MemoryPrivacyTokenStore privacyTokens;
    private final MemoryMessageStore messages;
    private final MemoryThreadStore threads;
    private final MemoryContactStore contacts;
    private final MemoryLidMappingStore lidMappings;

    /** The base of a new, empty session, kept by the provider: callers get {@link #view}s of it. */
    MemoryAccountStore(String sessionId, StoreSettings settings) {
        this.sessionId = sessionId;
        MemoryFence f = new MemoryFence(sessionId, new AtomicLong(), 0);
        this.fence = f;
        this.credentials = new MemoryCredentialsStore(sessionId, f);
        this.signalSessions = new MemorySignalSessionStore(f);
        this.identities = new MemoryIdentityStore(f);
        this.preKeys = new MemoryPreKeyStore(f);
        this.signedPreKeys = new MemorySignedPreKeyStore(f);
        this.senderKeys = new MemorySenderKeyStore(f);
        this.appStateKeys = new MemoryAppStateKeyStore(f);
        this.appStateVersions = new MemoryAppStateVersionStore(f);
        this.privacyTokens = new MemoryPrivacyTokenStore(f);
        this.messages = new MemoryMessageStore(settings, f);
        this.threads = new MemoryThreadStore(f);
        this.contacts = new MemoryContactStore(f);
        this.lidMappings = new MemoryLidMappingStore(f);
    }

    private MemoryAccountStore(MemoryAccountStore s, MemoryFence f) {
        this.sessionId = s.sessionId;
        this.fence = f;
        this.credentials = new MemoryCredentialsStore(s.credentials, f);
        this.signalSessions = new MemorySignalSessionStore(s.signalSessions, f);
        this.identities = new MemoryIdentityStore(s.identities, f);
        this.preKeys = new MemoryPreKeyStore(s.preKeys, f);
        this.signedPreKeys = new MemorySignedPreKeyStore(s.signedPreKeys, f);
        this.senderKeys = new MemorySenderKeyStore(s.senderKeys, f);
        this.appStateKeys = new MemoryAppStateKeyStore(s.appStateKeys, f);
        this.appStateVersions = new MemoryAppStateVersionStore(s.appStateVersions, f);
        this.privacyTokens = new MemoryPrivacyTokenStore(s.privacyTokens, f);
        this.messages = new MemoryMessageStore(s.messages, f);
        this.threads = new MemoryThreadStore(s.threads, f);
        this.contacts = new MemoryContactStore(s.contacts, f);
        this.lidMappings = new MemoryLidMappingStore(s.lidMappings, f);
    }

    /** Another view of this session's data, writing at {@code epoch}. */
    MemoryAccountStore view(long epoch) {
        return new MemoryAccountStore(this, fence.withEpoch(epoch));
    }

    @Override public String sessionId() { return sessionId; }
    @Override public long epoch() { return fence.epoch(); }
    @Override public void onFenced(Consumer<? super StoreFencedException> listener) { fence.onFenced(listener); }
    /** Memory fences per session: raising the mark to this epoch is the claim. */
    @Override public void claim() { fence.check(); }
    @Override public MemoryCredentialsStore credentials() { return credentials; }
    @Override public MemorySignalSessionStore signalSessions() { return signalSessions; }
    @Override public MemoryIdentityStore identities() { return identities; }
    @Override public MemoryPreKeyStore preKeys() { return preKeys; }
    @Override public MemorySignedPreKeyStore signedPreKeys() { return signedPreKeys; }
    @Override public MemorySenderKeyStore senderKeys() { return senderKeys; }
    @Override public MemoryAppStateKeyStore appStateKeys() { return appStateKeys; }
    @Override public MemoryAppStateVersionStore appStateVersions() { return appStateVersions; }
    @Override public MemoryPrivacyTokenStore privacyTokens() { return privacyTokens; }
    @Override public MemoryMessageStore messages() { return messages; }
    @Override public MemoryThreadStore threads() { return threads; }
    @Override public MemoryContactStore contacts() { return contacts; }
    @Override public MemoryLidMappingStore lidMappings() { return lidMappings; }

    /** A fenced view wipes nothing (it throws first). */
    @Override
    public void wipe() {
        fence.check();
        for (Clearable store : List.of(signalSessions, identities, preKeys, signedPreKeys, senderKeys, appStateKeys,
                appStateVersions, privacyTokens, messages, threads, contacts, lidMappings, credentials)) {
            store.clear();
        }
    }
}

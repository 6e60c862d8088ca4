package io.wabridge.client.store.memory;

import io.wabridge.client.store.AccountStore;
import io.wabridge.client.store.StoreSettings;
import java.util.List;

/** One session's stores, each with its own maps. */
final class MemoryAccountStore implements AccountStore {

    private final String sessionId;
    private final MemoryCredentialsStore credentials;
    private final MemorySignalSessionStore signalSessions = new MemorySignalSessionStore();
    private final MemoryIdentityStore identities = new MemoryIdentityStore();
    private final MemoryPreKeyStore preKeys = new MemoryPreKeyStore();
    private final MemorySignedPreKeyStore signedPreKeys = new MemorySignedPreKeyStore();
    private final MemorySenderKeyStore senderKeys = new MemorySenderKeyStore();
    private final MemoryAppStateKeyStore appStateKeys = new MemoryAppStateKeyStore();
    private final MemoryAppStateVersionStore appStateVersions = new MemoryAppStateVersionStore();
    private final MemoryPrivacyTokenStore privacyTokens = new MemoryPrivacyTokenStore();
    private final MemoryMessageStore messages;
    private final MemoryThreadStore threads = new MemoryThreadStore();
    private final MemoryContactStore contacts = new MemoryContactStore();
    private final MemoryLidMappingStore lidMappings = new MemoryLidMappingStore();

    MemoryAccountStore(String sessionId, StoreSettings settings) {
        this.sessionId = sessionId;
        this.credentials = new MemoryCredentialsStore(sessionId);
        this.messages = new MemoryMessageStore(settings);
    }

    @Override public String sessionId() { return sessionId; }
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

    @Override
    public void wipe() {
        for (Clearable store : List.of(signalSessions, identities, preKeys, signedPreKeys, senderKeys, appStateKeys,
                appStateVersions, privacyTokens, messages, threads, contacts, lidMappings, credentials)) {
            store.clear();
        }
    }
}

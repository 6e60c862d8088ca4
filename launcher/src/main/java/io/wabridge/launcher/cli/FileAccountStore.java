package io.wabridge.launcher.cli;

import io.wabridge.client.store.AccountStore;
import io.wabridge.client.store.AppStateKeyStore;
import io.wabridge.client.store.AppStateVersionStore;
import io.wabridge.client.store.ContactStore;
import io.wabridge.client.store.CredentialsStore;
import io.wabridge.client.store.IdentityStore;
import io.wabridge.client.store.LidMappingStore;
import io.wabridge.client.store.MessageStore;
import io.wabridge.client.store.PreKeyStore;
import io.wabridge.client.store.PrivacyTokenStore;
import io.wabridge.client.store.SenderKeyStore;
import io.wabridge.client.store.SignalSessionStore;
import io.wabridge.client.store.SignedPreKeyStore;
import io.wabridge.client.store.ThreadStore;
import io.wabridge.client.store.memory.MemoryStoreProvider;
import java.nio.file.Path;

/**
 * The CLI's store for one account under a directory: what pairing and login need survives restarts (credentials,
 * prekeys, signed prekeys, identities; one properties file each, replaced atomically); the other domains live in
 * memory for the life of the process. Not for production: the bridge uses store-mongo.
 */
public final class FileAccountStore implements AccountStore {
    private final String sessionId;
    private final AccountStore memory;
    private final FileCredentialsStore credentials;
    private final FileKeyStores.PreKeys preKeys;
    private final FileKeyStores.SignedPreKeys signedPreKeys;
    private final FileKeyStores.Identities identities;

    public FileAccountStore(Path directory, String sessionId) {
        this.sessionId = sessionId;
        this.memory = new MemoryStoreProvider().open(sessionId);
        this.credentials = new FileCredentialsStore(sessionId, new PropertiesFile(directory.resolve("credentials.properties")));
        this.preKeys = new FileKeyStores.PreKeys(new FileRecords<>(
                new PropertiesFile(directory.resolve("prekeys.properties")), String::valueOf, Integer::valueOf));
        this.signedPreKeys = new FileKeyStores.SignedPreKeys(new FileRecords<>(
                new PropertiesFile(directory.resolve("signed-prekeys.properties")), String::valueOf, Integer::valueOf));
        this.identities = new FileKeyStores.Identities(new FileRecords<>(
                new PropertiesFile(directory.resolve("identities.properties")), Object::toString,
                FileKeyStores.Identities::parse));
    }

    @Override public String sessionId() { return sessionId; }
    @Override public CredentialsStore credentials() { return credentials; }
    @Override public SignalSessionStore signalSessions() { return memory.signalSessions(); }
    @Override public IdentityStore identities() { return identities; }
    @Override public PreKeyStore preKeys() { return preKeys; }
    @Override public SignedPreKeyStore signedPreKeys() { return signedPreKeys; }
    @Override public SenderKeyStore senderKeys() { return memory.senderKeys(); }
    @Override public AppStateKeyStore appStateKeys() { return memory.appStateKeys(); }
    @Override public AppStateVersionStore appStateVersions() { return memory.appStateVersions(); }
    @Override public PrivacyTokenStore privacyTokens() { return memory.privacyTokens(); }
    @Override public MessageStore messages() { return memory.messages(); }
    @Override public ThreadStore threads() { return memory.threads(); }
    @Override public ContactStore contacts() { return memory.contacts(); }
    @Override public LidMappingStore lidMappings() { return memory.lidMappings(); }

    /** Keys first, credentials last (see {@link AccountStore#wipe()}). */
    @Override
    public void wipe() {
        memory.wipe();
        preKeys.clear();
        signedPreKeys.clear();
        identities.clear();
        credentials.delete();
    }
}

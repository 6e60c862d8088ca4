package io.wabridge.store.mongo;

import com.mongodb.client.MongoCollection;
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
import io.wabridge.client.store.StoreSettings;
import io.wabridge.client.store.ThreadStore;
import org.bson.BsonDocument;

/** One session's view of the shared collections: the session id plus one tiny object per domain. */
final class MongoAccountStore implements AccountStore {

    private final String sessionId;
    private final StoreCollections collections;
    private final MongoCredentialsStore credentials;
    private final MongoSignalSessionStore signalSessions;
    private final MongoIdentityStore identities;
    private final MongoPreKeyStore preKeys;
    private final MongoSignedPreKeyStore signedPreKeys;
    private final MongoSenderKeyStore senderKeys;
    private final MongoAppStateKeyStore appStateKeys;
    private final MongoAppStateVersionStore appStateVersions;
    private final MongoPrivacyTokenStore privacyTokens;
    private final MongoMessageStore messages;
    private final MongoThreadStore threads;
    private final MongoContactStore contacts;
    private final MongoLidMappingStore lidMappings;

    MongoAccountStore(String sessionId, StoreCollections c, StoreSettings settings) {
        this.sessionId = sessionId;
        this.collections = c;
        this.credentials = new MongoCredentialsStore(sessionId, c.credentials());
        this.signalSessions = new MongoSignalSessionStore(sessionId, c.signalSessions());
        this.identities = new MongoIdentityStore(sessionId, c.identities());
        this.preKeys = new MongoPreKeyStore(sessionId, c.preKeys());
        this.signedPreKeys = new MongoSignedPreKeyStore(sessionId, c.signedPreKeys());
        this.senderKeys = new MongoSenderKeyStore(sessionId, c.senderKeys());
        this.appStateKeys = new MongoAppStateKeyStore(sessionId, c.appStateKeys());
        this.appStateVersions = new MongoAppStateVersionStore(sessionId, c.appStateVersions(), c.appStateMacs());
        this.privacyTokens = new MongoPrivacyTokenStore(sessionId, c.privacyTokens());
        this.messages = new MongoMessageStore(sessionId, c.messages(), settings);
        this.threads = new MongoThreadStore(sessionId, c.threads());
        this.contacts = new MongoContactStore(sessionId, c.contacts());
        this.lidMappings = new MongoLidMappingStore(sessionId, c.lidMappings());
    }

    @Override public String sessionId() { return sessionId; }
    @Override public CredentialsStore credentials() { return credentials; }
    @Override public SignalSessionStore signalSessions() { return signalSessions; }
    @Override public IdentityStore identities() { return identities; }
    @Override public PreKeyStore preKeys() { return preKeys; }
    @Override public SignedPreKeyStore signedPreKeys() { return signedPreKeys; }
    @Override public SenderKeyStore senderKeys() { return senderKeys; }
    @Override public AppStateKeyStore appStateKeys() { return appStateKeys; }
    @Override public AppStateVersionStore appStateVersions() { return appStateVersions; }
    @Override public PrivacyTokenStore privacyTokens() { return privacyTokens; }
    @Override public MessageStore messages() { return messages; }
    @Override public ThreadStore threads() { return threads; }
    @Override public ContactStore contacts() { return contacts; }
    @Override public LidMappingStore lidMappings() { return lidMappings; }

    /** Session data first, credentials last (see {@link AccountStore#wipe()}). */
    @Override
    public void wipe() {
        BsonDocument mine = Docs.session(sessionId);
        for (MongoCollection<BsonDocument> collection : collections.sessionScoped()) {
            collection.deleteMany(mine);
        }
        credentials.delete();
    }
}

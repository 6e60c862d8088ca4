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
import io.wabridge.client.store.StoreFencedException;
import io.wabridge.client.store.StoreSettings;
import io.wabridge.client.store.ThreadStore;
import java.util.function.Consumer;
import org.bson.BsonDocument;

/** One opened view of a session over the shared collections: the session id, its fence, one tiny object per domain. */
final class MongoAccountStore implements AccountStore {

    private final String sessionId;
    private final StoreCollections collections;
    private final Fence fence;
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

    MongoAccountStore(String sessionId, long epoch, StoreCollections c, StoreSettings settings,
                      BulkCombiner.PerCollection combiners) {
        Fence fence = new Fence(sessionId, epoch, combiners);
        this.sessionId = sessionId;
        this.fence = fence;
        this.collections = c;
        this.credentials = new MongoCredentialsStore(sessionId, c.credentials(), fence);
        this.signalSessions = new MongoSignalSessionStore(sessionId, c.signalSessions(), fence);
        this.identities = new MongoIdentityStore(sessionId, c.identities(), fence);
        this.preKeys = new MongoPreKeyStore(sessionId, c.preKeys(), fence);
        this.signedPreKeys = new MongoSignedPreKeyStore(sessionId, c.signedPreKeys(), fence);
        this.senderKeys = new MongoSenderKeyStore(sessionId, c.senderKeys(), fence);
        this.appStateKeys = new MongoAppStateKeyStore(sessionId, c.appStateKeys(), fence);
        this.appStateVersions = new MongoAppStateVersionStore(sessionId, c.appStateVersions(), c.appStateMacs(), fence);
        this.privacyTokens = new MongoPrivacyTokenStore(sessionId, c.privacyTokens(), fence);
        this.messages = new MongoMessageStore(sessionId, c.messages(), c.messageArchive(), settings, fence);
        this.threads = new MongoThreadStore(sessionId, c.threads(), c.labels(), fence);
        this.contacts = new MongoContactStore(sessionId, c.contacts(), fence);
        this.lidMappings = new MongoLidMappingStore(sessionId, c.lidMappings(), fence);
    }

    @Override public String sessionId() { return sessionId; }
    @Override public long epoch() { return fence.epoch(); }
    @Override public void onFenced(Consumer<? super StoreFencedException> listener) { fence.onFenced(listener); }
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

    /**
     * Session data first, credentials last (see {@link AccountStore#wipe()}). Fenced like every write: a view that
     * lost the session deletes only what no newer epoch wrote.
     */
    /** One updateMany per collection; a newer epoch's credentials make it a refusal. */
    @Override
    public void claim() {
        if (fence.epoch() == 0) {
            return;
        }
        BsonDocument stamp = new BsonDocument("$set", fence.stamp(new BsonDocument()));
        for (MongoCollection<BsonDocument> collection : collections.sessionScoped()) {
            collection.updateMany(fence.filter(Docs.session(sessionId)), stamp);
        }
        credentials.claim(stamp);
    }

    @Override
    public void wipe() {
        signalSessions.forgetKnown();
        for (MongoCollection<BsonDocument> collection : collections.sessionScoped()) {
            collection.deleteMany(fence.filter(Docs.session(sessionId)));
        }
        credentials.delete();
    }
}

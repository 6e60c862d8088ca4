package io.wabridge.store.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.BsonDocument;

/** The per-domain collections, shared by every session of a provider, and their indexes. */
record StoreCollections(
        MongoCollection<BsonDocument> credentials,
        MongoCollection<BsonDocument> signalSessions,
        MongoCollection<BsonDocument> identities,
        MongoCollection<BsonDocument> preKeys,
        MongoCollection<BsonDocument> signedPreKeys,
        MongoCollection<BsonDocument> senderKeys,
        MongoCollection<BsonDocument> appStateKeys,
        MongoCollection<BsonDocument> appStateVersions,
        MongoCollection<BsonDocument> appStateMacs,
        MongoCollection<BsonDocument> privacyTokens,
        MongoCollection<BsonDocument> messages,
        MongoCollection<BsonDocument> threads,
        MongoCollection<BsonDocument> contacts,
        MongoCollection<BsonDocument> lidMappings,
        MongoCollection<BsonDocument> messageArchive,
        MongoCollection<BsonDocument> labels) {

    static StoreCollections in(MongoDatabase db, String prefix) {
        return new StoreCollections(
                db.getCollection(prefix + "creds", BsonDocument.class),
                db.getCollection(prefix + "signal_sessions", BsonDocument.class),
                db.getCollection(prefix + "identities", BsonDocument.class),
                db.getCollection(prefix + "prekeys", BsonDocument.class),
                db.getCollection(prefix + "signed_prekeys", BsonDocument.class),
                db.getCollection(prefix + "sender_keys", BsonDocument.class),
                db.getCollection(prefix + "app_state_keys", BsonDocument.class),
                db.getCollection(prefix + "app_state_versions", BsonDocument.class),
                db.getCollection(prefix + "app_state_macs", BsonDocument.class),
                db.getCollection(prefix + "privacy_tokens", BsonDocument.class),
                db.getCollection(prefix + "messages", BsonDocument.class),
                db.getCollection(prefix + "threads", BsonDocument.class),
                db.getCollection(prefix + "contacts", BsonDocument.class),
                db.getCollection(prefix + "lid_mappings", BsonDocument.class),
                db.getCollection(prefix + "message_archive", BsonDocument.class),
                db.getCollection(prefix + "chat_labels", BsonDocument.class));
    }

    /** Idempotent: creating an index that exists with the same spec is a no-op on the server. */
    void createIndexes() {
        unique(signalSessions, Docs.SESSION, Docs.NAME, Docs.DEVICE);
        unique(identities, Docs.SESSION, Docs.NAME, Docs.DEVICE);
        unique(preKeys, Docs.SESSION, MongoPreKeyStore.ID);
        unique(signedPreKeys, Docs.SESSION, MongoSignedPreKeyStore.ID);
        unique(senderKeys, Docs.SESSION, MongoSenderKeyStore.GROUP, Docs.NAME, Docs.DEVICE);
        unique(appStateKeys, Docs.SESSION, MongoAppStateKeyStore.KEY_ID);
        unique(appStateVersions, Docs.SESSION, MongoAppStateVersionStore.COLLECTION);
        unique(appStateMacs, Docs.SESSION, MongoAppStateVersionStore.COLLECTION, MongoAppStateVersionStore.INDEX_MAC);
        unique(privacyTokens, Docs.SESSION, MongoPrivacyTokenStore.JID);
        unique(messages, Docs.SESSION, MongoMessageStore.CHAT, MongoMessageStore.ID);
        unique(threads, Docs.SESSION, MongoThreadStore.JID);
        unique(contacts, Docs.SESSION, MongoContactStore.JID);
        unique(lidMappings, Docs.SESSION, MongoLidMappingStore.DIRECTION, MongoLidMappingStore.KEY);
        unique(messageArchive, Docs.SESSION, MongoMessageArchive.CHAT, MongoMessageArchive.ID);
        unique(labels, Docs.SESSION, MongoThreadStore.LABEL);
        messageArchive.createIndex(Indexes.ascending(Docs.SESSION, MongoMessageArchive.CHAT, MongoMessageArchive.TIME,
                MongoMessageArchive.ID), new IndexOptions().name("chat_time"));
        messageArchive.createIndex(Indexes.ascending(Docs.SESSION, MongoMessageArchive.TIME, MongoMessageArchive.ID,
                MongoMessageArchive.CHAT), new IndexOptions().name("session_time"));
        messageArchive.createIndex(Indexes.ascending(MongoMessageArchive.EXPIRES_AT),
                new IndexOptions().name("archive_ttl").expireAfter(0L, TimeUnit.SECONDS));
        // Real MongoDB reclaims expired messages by itself; correctness never depends on it (reads filter on expiry).
        messages.createIndex(Indexes.ascending(MongoMessageStore.EXPIRES_AT),
                new IndexOptions().name("expiry_ttl").expireAfter(0L, TimeUnit.SECONDS));
    }

    /** Every collection keyed by session field {@code s}, i.e. all but the credentials. */
    List<MongoCollection<BsonDocument>> sessionScoped() {
        return List.of(signalSessions, identities, preKeys, signedPreKeys, senderKeys, appStateKeys, appStateVersions,
                appStateMacs, privacyTokens, messages, threads, contacts, lidMappings, messageArchive, labels);
    }

    private static void unique(MongoCollection<BsonDocument> collection, String... fields) {
        collection.createIndex(Indexes.ascending(fields), new IndexOptions().unique(true).name("session_key"));
    }
}

package io.wabridge.store.mongo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.MongoClientSettings;
import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.wabridge.client.store.AccountStore;
import io.wabridge.client.store.CredentialsStore;
import io.wabridge.client.store.KeyPair;
import io.wabridge.client.store.Credentials;
import io.wabridge.client.store.MessageKey;
import io.wabridge.client.store.MutableClock;
import io.wabridge.client.store.SignedPreKey;
import io.wabridge.client.store.SignalAddress;
import io.wabridge.client.store.StaleCredentialsException;
import io.wabridge.client.store.StoreFencedException;
import io.wabridge.client.store.StoreSettings;
import io.wabridge.client.store.Versioned;
import io.wabridge.testkit.MongoBackend;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.BsonBinary;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** What is specific to the Mongo implementation: layout, cost of opening, cross-process behaviour. */
@ParameterizedClass
@EnumSource(MongoBackend.class)
class MongoStoreProviderTest {

    @Parameter
    MongoBackend backend;

    private final MutableClock clock = new MutableClock(Instant.parse("2100-01-01T00:00:00Z"));
    private final AtomicInteger commands = new AtomicInteger();
    private MongoClient client;
    private MongoDatabase db;

    @BeforeEach
    void connect() {
        CommandListener counter = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                commands.incrementAndGet();
            }
        };
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(backend.connectionString()))
                .addCommandListener(counter)
                .build());
        db = client.getDatabase("store_provider_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
    }

    @AfterEach
    void drop() {
        if (client != null) {
            db.drop();
            client.close();
        }
    }

    private MongoStoreProvider provider(String prefix) {
        return new MongoStoreProvider(db, new MongoStoreOptions(prefix, new StoreSettings(clock, Duration.ofMinutes(5))));
    }

    @Test
    void openingSessionsSendsNothingToTheServer() {
        MongoStoreProvider provider = provider("wa_");
        commands.set(0);
        List<AccountStore> sessions = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            sessions.add(provider.open("session-" + i));
        }
        assertEquals(0, commands.get());
        assertEquals("session-999", sessions.get(999).sessionId());
    }

    @Test
    void everyDomainCollectionHasAUniqueIndexLedBySessionId() {
        provider("wa_");
        // Index creation creates the collections; the credentials need none (keyed by _id = session id).
        List<String> names = db.listCollectionNames().into(new ArrayList<>());
        assertEquals(Set.of("wa_signal_sessions", "wa_identities", "wa_prekeys", "wa_signed_prekeys", "wa_sender_keys",
                "wa_app_state_keys", "wa_app_state_versions", "wa_app_state_macs", "wa_privacy_tokens", "wa_messages",
                "wa_threads", "wa_contacts", "wa_lid_mappings", "wa_message_archive", "wa_chat_labels"), Set.copyOf(names));
        for (String name : names) {
            List<Document> unique = db.getCollection(name).listIndexes().into(new ArrayList<>()).stream()
                    .filter(index -> Boolean.TRUE.equals(index.getBoolean("unique")))
                    .toList();
            assertEquals(1, unique.size(), name + " " + unique);
            assertEquals("s", unique.get(0).get("key", Document.class).keySet().iterator().next(), name);
        }
    }

    @Test
    void collectionPrefixSeparatesDeployments() {
        MongoStoreProvider blue = provider("blue_");
        MongoStoreProvider green = provider("green_");
        blue.open("s1").credentials().save(credentials(), CredentialsStore.ABSENT);
        assertTrue(green.open("s1").credentials().load().isEmpty());
        assertEquals(1, db.getCollection("blue_creds").countDocuments());
        assertTrue(db.listCollectionNames().into(new ArrayList<>()).stream()
                .allMatch(n -> n.startsWith("blue_") || n.startsWith("green_")));
    }

    @Test
    void aWriterInAnotherProcessWithAStaleVersionIsRefused() {
        // Two providers on two clients stand for two bridge instances that both believe they own the session.
        MongoStoreProvider here = provider("wa_");
        try (MongoStoreProvider there = MongoStoreProvider.connect(backend.connectionString(), db.getName(),
                new MongoStoreOptions("wa_", new StoreSettings(clock, Duration.ofMinutes(5))))) {
            Versioned<Credentials> v1 = here.open("s").credentials().save(credentials(), CredentialsStore.ABSENT);
            Versioned<Credentials> seenThere = there.open("s").credentials().load().orElseThrow();
            here.open("s").credentials().save(credentials().toBuilder().pushName("here").build(), v1.version());

            StaleCredentialsException stale = assertThrows(StaleCredentialsException.class,
                    () -> there.open("s").credentials().save(credentials().toBuilder().pushName("there").build(), seenThere.version()));
            assertEquals(2, stale.actualVersion());
            assertEquals("here", there.open("s").credentials().load().orElseThrow().value().pushName());
        }
    }

    @Test
    void expiryIsEnforcedByQueriesNotByTheServer() {
        MongoStoreProvider provider = provider("wa_");
        AccountStore session = provider.open("s");
        MessageKey key = new MessageKey("123@g.us", "ID");
        session.messages().put(key, new byte[] {1});
        clock.advance(Duration.ofMinutes(5));
        assertTrue(session.messages().load(key).isEmpty());
        assertEquals(1, db.getCollection("wa_messages").countDocuments(), "still stored until purged");
        assertEquals(1, provider.purgeExpiredMessages());
        assertEquals(0, db.getCollection("wa_messages").countDocuments());
    }

    @Test
    void credentialsAreOneDocumentKeyedBySessionId() {
        provider("wa_").open("s").credentials().save(credentials(), CredentialsStore.ABSENT);
        BsonDocument doc = db.getCollection("wa_creds", BsonDocument.class).find().first();
        assertEquals("s", doc.getString("_id").getValue());
        assertEquals(1, doc.getInt64("v").getValue());
        assertEquals(1, db.getCollection("wa_creds").countDocuments());
    }

    @Test
    void aFencedWriteIsOneCommandAndStampsItsEpoch() {
        MongoStoreProvider provider = provider("wa_");
        AccountStore fenced = provider.open("s", 3);
        SignalAddress alice = new SignalAddress("alice", 1);
        commands.set(0);
        fenced.signalSessions().store(alice, new byte[] {1});
        assertEquals(1, commands.get(), "the fence is part of the write's filter");
        BsonDocument doc = db.getCollection("wa_signal_sessions", BsonDocument.class).find().first();
        assertEquals(3, doc.getInt64(Fence.EPOCH).getValue());

        fenced.credentials().save(credentials(), CredentialsStore.ABSENT);
        assertEquals(3, db.getCollection("wa_creds", BsonDocument.class).find().first().getInt64(Fence.EPOCH).getValue());
        provider.open("t").signalSessions().store(alice, new byte[] {2});
        BsonDocument unfenced = db.getCollection("wa_signal_sessions", BsonDocument.class)
                .find(new BsonDocument("s", new BsonString("t"))).first();
        assertFalse(unfenced.containsKey(Fence.EPOCH), "epoch 0 writes documents as before fencing");
    }

    @Test
    void aSessionKnownToExistIsNotAskedForAgainUntilItIsDeleted() {
        var sessions = provider("wa_").open("s", 1).signalSessions();
        SignalAddress alice = new SignalAddress("alice", 1);
        SignalAddress bob = new SignalAddress("bob", 2);
        SignalAddress carol = new SignalAddress("carol", 0);
        commands.set(0);
        assertFalse(sessions.contains(alice));
        assertFalse(sessions.contains(alice));
        assertEquals(2, commands.get(), "an absent session is asked for every time");

        sessions.store(alice, new byte[] {1});
        sessions.storeAll(java.util.Map.of(bob, new byte[] {2}));
        // carol's record is written by another store of the session (e.g. a previous owner): found once, then known
        provider("wa_").open("s", 1).signalSessions().store(carol, new byte[] {3});
        commands.set(0);
        assertTrue(sessions.contains(alice));
        assertTrue(sessions.contains(bob));
        assertEquals(0, commands.get(), "what this store wrote is known");
        assertTrue(sessions.contains(carol));
        assertTrue(sessions.contains(carol));
        assertEquals(1, commands.get(), "found once, then known");

        sessions.delete(alice);
        sessions.deleteAll("bob");
        assertFalse(sessions.contains(alice));
        assertFalse(sessions.contains(bob));
        assertTrue(sessions.contains(carol));
    }

    @Test
    void anOwnerInAnotherProcessThatLostTheLeaseLearnsItOnItsNextWrite() {
        MongoStoreProvider here = provider("wa_");
        SignalAddress alice = new SignalAddress("alice", 1);
        // A document as stored before fencing existed: no epoch field.
        db.getCollection("wa_signal_sessions", BsonDocument.class).insertOne(new BsonDocument("s", new BsonString("s"))
                .append("n", new BsonString("alice")).append("d", new BsonInt32(1)).append("r", new BsonBinary(new byte[] {0})));
        try (MongoStoreProvider there = MongoStoreProvider.connect(backend.connectionString(), db.getName(),
                new MongoStoreOptions("wa_", new StoreSettings(clock, Duration.ofMinutes(5))))) {
            AccountStore old = there.open("s", 1);
            old.signalSessions().store(alice, new byte[] {1}); // overwrites the unfenced document
            old.credentials().save(credentials(), CredentialsStore.ABSENT);
            AccountStore owner = here.open("s", 2);
            owner.signalSessions().store(alice, new byte[] {2});
            Versioned<Credentials> taken = owner.credentials().save(
                    credentials().toBuilder().pushName("owner").build(), 1);

            StoreFencedException fenced = assertThrows(StoreFencedException.class,
                    () -> old.signalSessions().store(alice, new byte[] {3}));
            assertEquals("s", fenced.sessionId());
            assertEquals(1, fenced.epoch());
            assertThrows(StoreFencedException.class,
                    () -> old.credentials().save(credentials().toBuilder().pushName("old").build(), taken.version()));
            assertThrows(StoreFencedException.class,
                    () -> old.credentials().save(credentials(), 1), "fenced beats stale: it is the reason to stop");
            old.signalSessions().delete(alice); // matches nothing
            assertArrayEquals(new byte[] {2}, owner.signalSessions().load(alice).orElseThrow());
            assertEquals("owner", owner.credentials().load().orElseThrow().value().pushName());
        }
    }

    @Test
    void aProviderThatConnectedClosesItsClient() {
        MongoStoreProvider owned = MongoStoreProvider.connect(backend.connectionString(), db.getName(), MongoStoreOptions.defaults());
        AccountStore session = owned.open("s");
        assertTrue(session.credentials().load().isEmpty());
        owned.close();
        assertThrows(IllegalStateException.class, () -> session.credentials().load());
    }

    private static Credentials credentials() {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 1);
        KeyPair pair = new KeyPair(key, key);
        return Credentials.builder().noiseKey(pair).identityKey(pair).registrationId(1)
                .signedPreKey(new SignedPreKey(1, pair, new byte[64])).advSecret(key).build();
    }
}

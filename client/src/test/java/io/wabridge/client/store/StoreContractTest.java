package io.wabridge.client.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.signal.group.GroupCipher;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link StoreProvider} must have. A backend's test extends this class and supplies the
 * provider; nothing here may depend on one implementation. Each test uses fresh session ids, so backends may
 * share a database across tests.
 */
public abstract class StoreContractTest {

    protected static final Duration MESSAGE_TTL = Duration.ofMinutes(10);
    private static final SignalAddress ALICE_0 = new SignalAddress("15550001111", 0);
    private static final SignalAddress ALICE_7 = new SignalAddress("15550001111", 7);
    private static final SignalAddress BOB_0 = new SignalAddress("15550002222", 0);
    private static final String GROUP = "120363000000000001@g.us";

    /** In the future, so a real server's TTL monitor (which uses its own clock) never expires test data early. */
    protected final MutableClock clock = new MutableClock(Instant.parse("2100-03-01T12:00:00Z"));
    private StoreProvider provider;
    private AccountStore a;
    private AccountStore b;

    /** A new provider over the backend under test, honouring {@code settings} (clock and message TTL). */
    protected abstract StoreProvider newProvider(StoreSettings settings);

    @BeforeEach
    void openSessions() {
        provider = newProvider(new StoreSettings(clock, MESSAGE_TTL));
        String run = UUID.randomUUID().toString();
        a = provider.open("a-" + run);
        b = provider.open("b-" + run);
    }

    @AfterEach
    void closeProvider() {
        if (provider == null) {
            return; // the backend was unavailable (skipped) or failed to start
        }
        try {
            // keeps a shared database clean for provider-wide assertions in later tests; at the highest epoch, so
            // whatever a fencing test wrote goes too
            provider.open(a.sessionId(), Long.MAX_VALUE).wipe();
            provider.open(b.sessionId(), Long.MAX_VALUE).wipe();
        } finally {
            provider.close();
        }
    }

    // ---- credentials ----

    @Test
    void credentialsAreAbsentUntilSaved() {
        assertTrue(a.credentials().load().isEmpty());
    }

    @Test
    void credentialsRoundTripEveryField() {
        Credentials paired = paired(1);
        Versioned<Credentials> saved = a.credentials().save(paired, CredentialsStore.ABSENT);
        assertEquals(1, saved.version());
        Versioned<Credentials> loaded = a.credentials().load().orElseThrow();
        assertEquals(1, loaded.version());
        assertEquals(paired, loaded.value());
        assertArrayEquals(paired.account(), loaded.value().account());
        assertEquals("15550001111:7@s.whatsapp.net", loaded.value().me());
        assertEquals(31, loaded.value().nextPreKeyId());
        assertEquals(21, loaded.value().firstUnuploadedPreKeyId());
    }

    @Test
    void credentialsSaveReplacesTheWholeUnitNeverMerges() {
        a.credentials().save(paired(1), CredentialsStore.ABSENT);
        Credentials fresh = unpaired(50); // no me/lid/account/pushName/routing info: those must not survive
        Versioned<Credentials> saved = a.credentials().save(fresh, 1);
        assertEquals(2, saved.version());
        Credentials loaded = a.credentials().load().orElseThrow().value();
        assertEquals(fresh, loaded);
        assertEquals(null, loaded.me());
        assertEquals(null, loaded.routingInfo());
        assertFalse(loaded.registered());
    }

    @Test
    void staleCredentialsWriterIsRefusedAndWritesNothing() {
        Versioned<Credentials> v1 = a.credentials().save(unpaired(1), CredentialsStore.ABSENT);
        Credentials winner = paired(1);
        a.credentials().save(winner, v1.version());

        StaleCredentialsException stale = assertThrows(StaleCredentialsException.class,
                () -> a.credentials().save(paired(9), v1.version()));
        assertEquals(1, stale.expectedVersion());
        assertEquals(2, stale.actualVersion());
        assertEquals(a.sessionId(), stale.sessionId());
        Versioned<Credentials> stored = a.credentials().load().orElseThrow();
        assertEquals(2, stored.version());
        assertEquals(winner, stored.value());
    }

    @Test
    void creatingCredentialsTwiceIsStale() {
        Credentials first = unpaired(1);
        a.credentials().save(first, CredentialsStore.ABSENT);
        StaleCredentialsException stale = assertThrows(StaleCredentialsException.class,
                () -> a.credentials().save(unpaired(2), CredentialsStore.ABSENT));
        assertEquals(CredentialsStore.ABSENT, stale.expectedVersion());
        assertEquals(1, stale.actualVersion());
        assertEquals(first, a.credentials().load().orElseThrow().value());
    }

    @Test
    void updatingAbsentCredentialsIsStale() {
        StaleCredentialsException stale = assertThrows(StaleCredentialsException.class,
                () -> a.credentials().save(unpaired(1), 3));
        assertEquals(CredentialsStore.ABSENT, stale.actualVersion());
        assertTrue(a.credentials().load().isEmpty());
    }

    @Test
    void negativeExpectedVersionIsABadArgument() {
        assertThrows(IllegalArgumentException.class, () -> a.credentials().save(unpaired(1), -1));
        assertTrue(a.credentials().load().isEmpty());
    }

    @Test
    void everyOpenOfASessionSeesTheSameData() {
        a.credentials().save(paired(1), CredentialsStore.ABSENT);
        AccountStore again = provider.open(a.sessionId());
        assertEquals(a.sessionId(), again.sessionId());
        assertEquals(paired(1), again.credentials().load().orElseThrow().value());
        assertThrows(StaleCredentialsException.class, () -> again.credentials().save(paired(2), CredentialsStore.ABSENT));
    }

    @Test
    void sessionIdMustNotBeEmpty() {
        assertThrows(IllegalArgumentException.class, () -> provider.open(""));
        assertThrows(NullPointerException.class, () -> provider.open(null));
    }

    // ---- Signal sessions ----

    @Test
    void signalSessionStoreLoadOverwriteDelete() {
        SignalSessionStore sessions = a.signalSessions();
        assertTrue(sessions.load(ALICE_0).isEmpty());
        assertFalse(sessions.contains(ALICE_0));
        sessions.store(ALICE_0, bytes(1, 300));
        assertArrayEquals(bytes(1, 300), sessions.load(ALICE_0).orElseThrow());
        assertTrue(sessions.contains(ALICE_0));
        sessions.store(ALICE_0, bytes(2, 310));
        assertArrayEquals(bytes(2, 310), sessions.load(ALICE_0).orElseThrow());
        sessions.delete(ALICE_0);
        assertFalse(sessions.contains(ALICE_0), "a deleted record is not known any more");
        assertTrue(sessions.load(ALICE_0).isEmpty());
    }

    @Test
    void signalSessionsBatchStoreAndLoadReturnOnlyPresent() {
        Map<SignalAddress, byte[]> batch = Map.of(ALICE_0, bytes(1, 100), ALICE_7, bytes(2, 100), BOB_0, bytes(3, 100));
        a.signalSessions().storeAll(batch);
        SignalAddress absent = new SignalAddress("15550002222", 3);
        Map<SignalAddress, byte[]> loaded = a.signalSessions().loadAll(List.of(ALICE_7, BOB_0, absent));
        assertEquals(Set.of(ALICE_7, BOB_0), loaded.keySet());
        assertArrayEquals(bytes(2, 100), loaded.get(ALICE_7));
        assertArrayEquals(bytes(3, 100), loaded.get(BOB_0));
        assertTrue(a.signalSessions().loadAll(List.of()).isEmpty());
    }

    @Test
    void signalSessionDeviceIdsAndDeleteAllAreScopedToOneUser() {
        SignalSessionStore sessions = a.signalSessions();
        for (int device : new int[] {12, 0, 3}) {
            sessions.store(new SignalAddress("u1", device), bytes(device, 10));
        }
        sessions.store(new SignalAddress("u10", 0), bytes(99, 10)); // shares a prefix with u1
        assertEquals(List.of(0, 3, 12), sessions.deviceIds("u1"));
        assertEquals(List.of(), sessions.deviceIds("u2"));

        assertTrue(sessions.contains(new SignalAddress("u1", 3)));
        sessions.deleteAll("u1");
        assertFalse(sessions.contains(new SignalAddress("u1", 3)), "deleted with its user");
        assertTrue(sessions.contains(new SignalAddress("u10", 0)));
        assertEquals(List.of(), sessions.deviceIds("u1"));
        assertEquals(List.of(0), sessions.deviceIds("u10"));
    }

    // ---- identities ----

    @Test
    void identityTrustOnFirstUseReportsChanges() {
        IdentityStore identities = a.identities();
        assertEquals(IdentityChange.NEW, identities.save(ALICE_0, bytes(1, 33)));
        assertEquals(IdentityChange.UNCHANGED, identities.save(ALICE_0, bytes(1, 33)));
        IdentityChange change = identities.save(ALICE_0, bytes(2, 33));
        assertEquals(IdentityChange.CHANGED, change);
        assertTrue(change.changed());
        assertArrayEquals(bytes(2, 33), identities.load(ALICE_0).orElseThrow());
        assertEquals(IdentityChange.NEW, identities.save(ALICE_7, bytes(1, 33)), "another device is another address");
    }

    @Test
    void identityBatchSaveReportsPerAddress() {
        IdentityStore identities = a.identities();
        identities.save(ALICE_0, bytes(1, 33));
        identities.save(ALICE_7, bytes(2, 33));
        Map<SignalAddress, IdentityChange> changes = identities.saveAll(
                Map.of(ALICE_0, bytes(1, 33), ALICE_7, bytes(3, 33), BOB_0, bytes(4, 33)));
        assertEquals(Map.of(ALICE_0, IdentityChange.UNCHANGED, ALICE_7, IdentityChange.CHANGED, BOB_0, IdentityChange.NEW),
                changes);
        Map<SignalAddress, byte[]> loaded = identities.loadAll(List.of(ALICE_7, BOB_0, new SignalAddress("x", 1)));
        assertEquals(Set.of(ALICE_7, BOB_0), loaded.keySet());
        assertArrayEquals(bytes(3, 33), loaded.get(ALICE_7));

        identities.delete(ALICE_7);
        assertTrue(identities.load(ALICE_7).isEmpty());
        assertEquals(IdentityChange.NEW, identities.save(ALICE_7, bytes(3, 33)));
    }

    // ---- one-time and signed prekeys ----

    @Test
    void preKeysCountMaxIdBatchLoadAndRemove() {
        PreKeyStore preKeys = a.preKeys();
        assertEquals(0, preKeys.count());
        assertEquals(OptionalInt.empty(), preKeys.maxId());

        Map<Integer, byte[]> generated = new TreeMap<>();
        IntStream.rangeClosed(1, 30).forEach(id -> generated.put(id, bytes(id, 40)));
        preKeys.storeAll(generated);
        assertEquals(30, preKeys.count());
        assertEquals(OptionalInt.of(30), preKeys.maxId());
        assertArrayEquals(bytes(7, 40), preKeys.load(7).orElseThrow());

        Map<Integer, byte[]> some = preKeys.loadAll(List.of(1, 2, 99));
        assertEquals(Set.of(1, 2), some.keySet());
        assertArrayEquals(bytes(2, 40), some.get(2));

        preKeys.remove(30);
        assertEquals(OptionalInt.of(29), preKeys.maxId());
        preKeys.removeAll(List.of(1, 2, 3, 1000));
        assertEquals(26, preKeys.count());
        assertFalse(preKeys.contains(1));
        assertTrue(preKeys.contains(4));
        preKeys.store(100, bytes(100, 40));
        assertEquals(OptionalInt.of(100), preKeys.maxId());
        assertEquals(27, preKeys.count());
    }

    @Test
    void signedPreKeysStoreLoadAllAndRemove() {
        SignedPreKeyStore signed = a.signedPreKeys();
        assertTrue(signed.loadAll().isEmpty());
        signed.store(3, bytes(3, 80));
        signed.store(1, bytes(1, 80));
        signed.store(2, bytes(2, 80));
        assertEquals(List.of(1, 2, 3), List.copyOf(signed.loadAll().keySet()));
        assertArrayEquals(bytes(2, 80), signed.loadAll().get(2));
        assertTrue(signed.contains(1));
        signed.remove(1);
        assertFalse(signed.contains(1));
        assertTrue(signed.load(1).isEmpty());
        assertArrayEquals(bytes(3, 80), signed.load(3).orElseThrow());
    }

    // ---- sender keys ----

    @Test
    void senderKeysBatchAndDeleteGroupScopedToOneGroup() {
        SenderKeyStore senderKeys = a.senderKeys();
        SenderKeyName alice = new SenderKeyName(GROUP, ALICE_0);
        SenderKeyName bob = new SenderKeyName(GROUP, BOB_0);
        SenderKeyName otherGroup = new SenderKeyName("120363000000000002@g.us", ALICE_0);
        senderKeys.storeAll(Map.of(alice, bytes(1, 60), bob, bytes(2, 60)));
        senderKeys.store(otherGroup, bytes(3, 60));
        assertArrayEquals(bytes(1, 60), senderKeys.load(alice).orElseThrow());
        Map<SenderKeyName, byte[]> loaded = senderKeys.loadAll(List.of(bob, otherGroup, new SenderKeyName(GROUP, ALICE_7)));
        assertEquals(Set.of(bob, otherGroup), loaded.keySet());

        senderKeys.delete(bob);
        assertTrue(senderKeys.load(bob).isEmpty());
        senderKeys.deleteGroup(GROUP);
        assertTrue(senderKeys.load(alice).isEmpty());
        assertArrayEquals(bytes(3, 60), senderKeys.load(otherGroup).orElseThrow());
    }

    // ---- app state ----

    @Test
    void appStateKeysLoadByContentOfIdAndLatestByTimestamp() {
        AppStateKeyStore keys = a.appStateKeys();
        assertTrue(keys.latest().isEmpty());
        AppStateSyncKey older = new AppStateSyncKey(bytes(1, 6), bytes(11, 32), bytes(21, 12), 1_000);
        AppStateSyncKey newer = new AppStateSyncKey(bytes(2, 6), bytes(12, 32), new byte[0], 2_000);
        keys.storeAll(List.of(newer, older));
        assertEquals(older, keys.load(bytes(1, 6)).orElseThrow()); // an equal id in a different array
        assertEquals(newer, keys.latest().orElseThrow());
        assertTrue(keys.load(bytes(3, 6)).isEmpty());

        AppStateSyncKey replaced = new AppStateSyncKey(bytes(1, 6), bytes(13, 32), bytes(21, 12), 3_000);
        keys.storeAll(List.of(replaced));
        assertEquals(replaced, keys.load(bytes(1, 6)).orElseThrow());
        assertEquals(replaced, keys.latest().orElseThrow());
    }

    @Test
    void appStateVersionsSaveAndOverwrite() {
        AppStateVersionStore versions = a.appStateVersions();
        assertTrue(versions.load("regular").isEmpty());
        versions.save(new AppStateVersion("regular", 3, bytes(1, 128)));
        versions.save(new AppStateVersion("critical_block", 1, bytes(2, 128)));
        versions.save(new AppStateVersion("regular", 4, bytes(3, 128)));
        assertEquals(new AppStateVersion("regular", 4, bytes(3, 128)), versions.load("regular").orElseThrow());
        assertEquals(new AppStateVersion("critical_block", 1, bytes(2, 128)), versions.load("critical_block").orElseThrow());
    }

    @Test
    void appStateValueMacsPutLoadRemoveAndResetOneCollection() {
        AppStateVersionStore versions = a.appStateVersions();
        versions.save(new AppStateVersion("regular", 5, bytes(1, 128)));
        versions.save(new AppStateVersion("regular_low", 2, bytes(2, 128)));
        versions.putValueMacs("regular", List.of(
                new IndexValueMac(bytes(1, 32), bytes(101, 32)), new IndexValueMac(bytes(2, 32), bytes(102, 32))));
        versions.putValueMacs("regular_low", List.of(new IndexValueMac(bytes(1, 32), bytes(201, 32))));
        versions.putValueMacs("regular", List.of(new IndexValueMac(bytes(2, 32), bytes(103, 32)))); // overwrite

        List<IndexValueMac> loaded = versions.loadValueMacs("regular", List.of(bytes(1, 32), bytes(2, 32), bytes(3, 32)));
        assertEquals(Set.of(new IndexValueMac(bytes(1, 32), bytes(101, 32)), new IndexValueMac(bytes(2, 32), bytes(103, 32))),
                Set.copyOf(loaded));

        versions.removeValueMacs("regular", List.of(bytes(1, 32)));
        assertEquals(List.of(new IndexValueMac(bytes(2, 32), bytes(103, 32))),
                versions.loadValueMacs("regular", List.of(bytes(1, 32), bytes(2, 32))));

        versions.reset("regular");
        assertTrue(versions.load("regular").isEmpty());
        assertEquals(List.of(), versions.loadValueMacs("regular", List.of(bytes(2, 32))));
        assertEquals(2, versions.load("regular_low").orElseThrow().version());
        assertEquals(List.of(new IndexValueMac(bytes(1, 32), bytes(201, 32))),
                versions.loadValueMacs("regular_low", List.of(bytes(1, 32))));
    }

    @Test
    void appStateApplyChangesMacsVersionAndHashAsOneUnit() {
        AppStateVersionStore versions = a.appStateVersions();
        versions.apply(new AppStateVersion("regular", 1, bytes(1, 128)), true, List.of(),
                List.of(mac(1, 101), mac(2, 102), mac(3, 103)));
        versions.apply(new AppStateVersion("regular_low", 4, bytes(4, 128)), true, List.of(), List.of(mac(1, 201)));
        assertEquals(new AppStateVersion("regular", 1, bytes(1, 128)), versions.load("regular").orElseThrow());

        versions.apply(new AppStateVersion("regular", 2, bytes(2, 128)), false, List.of(bytes(1, 32)),
                List.of(mac(2, 112), mac(4, 104)));
        assertEquals(new AppStateVersion("regular", 2, bytes(2, 128)), versions.load("regular").orElseThrow());
        List<byte[]> all = List.of(bytes(1, 32), bytes(2, 32), bytes(3, 32), bytes(4, 32), bytes(5, 32));
        assertEquals(Set.of(mac(2, 112), mac(3, 103), mac(4, 104)), Set.copyOf(versions.loadValueMacs("regular", all)));

        // a snapshot replaces every MAC of its collection, and of no other
        versions.apply(new AppStateVersion("regular", 10, bytes(10, 128)), true, List.of(), List.of(mac(5, 105)));
        assertEquals(List.of(mac(5, 105)), versions.loadValueMacs("regular", all));
        assertEquals(new AppStateVersion("regular", 10, bytes(10, 128)), a.appStateVersions().load("regular").orElseThrow());
        assertEquals(List.of(mac(1, 201)), versions.loadValueMacs("regular_low", List.of(bytes(1, 32))));
        assertEquals(4, versions.load("regular_low").orElseThrow().version());
        assertEquals(List.of(), b.appStateVersions().loadValueMacs("regular", all), "another session sees none of it");
    }

    private static IndexValueMac mac(int index, int value) {
        return new IndexValueMac(bytes(index, 32), bytes(value, 32));
    }

    // ---- privacy tokens ----

    @Test
    void privacyTokensStoreBatchOverwriteDelete() {
        PrivacyTokenStore tokens = a.privacyTokens();
        PrivacyToken alice = new PrivacyToken("15550001111@s.whatsapp.net", bytes(1, 20), Instant.ofEpochSecond(1_700_000_000));
        PrivacyToken bob = new PrivacyToken("15550002222@s.whatsapp.net", bytes(2, 20), Instant.ofEpochSecond(1_700_000_100));
        tokens.storeAll(List.of(alice, bob));
        assertEquals(alice, tokens.load(alice.jid()).orElseThrow());
        Map<String, PrivacyToken> loaded = tokens.loadAll(List.of(bob.jid(), "nobody@s.whatsapp.net"));
        assertEquals(Map.of(bob.jid(), bob), loaded);

        PrivacyToken renewed = new PrivacyToken(alice.jid(), bytes(3, 20), Instant.ofEpochSecond(1_700_100_000));
        tokens.store(renewed);
        assertEquals(renewed, tokens.load(alice.jid()).orElseThrow());
        tokens.delete(alice.jid());
        assertTrue(tokens.load(alice.jid()).isEmpty());
    }

    // ---- sent message cache ----

    @Test
    void messageIsAvailableUntilItsTtlEvenWithoutPurge() {
        MessageKey key = new MessageKey("15550001111@s.whatsapp.net", "3EB0AAAA");
        a.messages().put(key, bytes(1, 50));
        clock.advance(MESSAGE_TTL.minusSeconds(1));
        assertArrayEquals(bytes(1, 50), a.messages().load(key).orElseThrow());
        clock.advance(Duration.ofSeconds(1));
        assertTrue(a.messages().load(key).isEmpty(), "expired at exactly one TTL");
    }

    @Test
    void messagesPutTogetherAreEachStoredAndRefreshed() {
        MessageKey first = new MessageKey(GROUP, "B1");
        MessageKey second = new MessageKey("15550001111@s.whatsapp.net", "B2");
        a.messages().put(first, bytes(1, 50));
        clock.advance(Duration.ofMinutes(6));
        a.messages().putAll(Map.of(first, bytes(2, 50), second, bytes(3, 70)));
        a.messages().putAll(Map.of());
        clock.advance(Duration.ofMinutes(6)); // the first put would have expired by now; putAll refreshed it
        assertArrayEquals(bytes(2, 50), a.messages().load(first).orElseThrow());
        assertArrayEquals(bytes(3, 70), a.messages().load(second).orElseThrow());
        assertTrue(b.messages().load(second).isEmpty(), "another session's messages are its own");
    }

    @Test
    void purgeDeletesOnlyExpiredMessagesOfThisSession() {
        MessageKey old = new MessageKey(GROUP, "OLD");
        MessageKey recent = new MessageKey(GROUP, "RECENT");
        a.messages().put(old, bytes(1, 50));
        b.messages().put(old, bytes(3, 50));
        clock.advance(Duration.ofMinutes(6));
        a.messages().put(recent, bytes(2, 50));
        clock.advance(Duration.ofMinutes(5)); // old expired (10 min), recent has 1 min left

        assertEquals(1, a.messages().purgeExpired());
        assertEquals(0, a.messages().purgeExpired());
        assertArrayEquals(bytes(2, 50), a.messages().load(recent).orElseThrow());
        clock.advance(Duration.ofMinutes(-8)); // a clock set back shows what is still stored
        assertTrue(a.messages().load(old).isEmpty(), "purged for good");
        assertArrayEquals(bytes(3, 50), b.messages().load(old).orElseThrow(), "b's copy was not a's to purge");
    }

    @Test
    void putRefreshesAMessageExpiry() {
        MessageKey key = new MessageKey(GROUP, "ID1");
        a.messages().put(key, bytes(1, 50));
        clock.advance(Duration.ofMinutes(8));
        a.messages().put(key, bytes(2, 50));
        clock.advance(Duration.ofMinutes(8));
        assertArrayEquals(bytes(2, 50), a.messages().load(key).orElseThrow());
        a.messages().delete(key);
        assertTrue(a.messages().load(key).isEmpty());
    }

    @Test
    void providerPurgeCoversEverySession() {
        a.messages().put(new MessageKey(GROUP, "A1"), bytes(1, 10));
        a.messages().put(new MessageKey(GROUP, "A2"), bytes(2, 10));
        b.messages().put(new MessageKey(GROUP, "B1"), bytes(3, 10));
        assertEquals(0, provider.purgeExpiredMessages());
        clock.advance(MESSAGE_TTL);
        assertEquals(3, provider.purgeExpiredMessages());
        clock.advance(MESSAGE_TTL.negated());
        assertTrue(b.messages().load(new MessageKey(GROUP, "B1")).isEmpty());
    }

    // ---- message archive ----

    @Test
    void archiveFindsReplacesAndPagesAChatNewestFirst() {
        long t0 = clock.millis() - 60_000;
        MessageStore messages = a.messages();
        messages.archive(List.of(archived(GROUP, "B", t0, 1), archived(GROUP, "A", t0, 2),
                archived(GROUP, "C", t0 + 1000, 3), archived("15550001111@s.whatsapp.net", "D", t0 + 500, 4),
                archived(GROUP, "0", t0 - 1000, 5)));
        messages.archive(List.of(archived(GROUP, "C", t0 + 1000, 6))); // replaced by chat and id
        messages.archive(List.of());

        ArchivedMessage c = messages.archived(GROUP, "C").orElseThrow();
        assertArchived(archived(GROUP, "C", t0 + 1000, 6), c);
        assertTrue(messages.archived("15550001111@s.whatsapp.net", "C").isEmpty(), "keyed by chat and id");
        assertTrue(b.messages().archived(GROUP, "C").isEmpty(), "another session's archive is its own");
        assertTrue(!c.starred(), "not starred unless said");
        messages.rewriteArchived(c.withStarred(true));
        assertTrue(messages.archived(GROUP, "C").orElseThrow().starred(), "the star is stored");
        assertTrue(messages.archivedBefore(GROUP, Long.MAX_VALUE, null, 1).getFirst().starred(), "and listed");
        assertTrue(c.withStarred(true).withMessage(new byte[] {1}).starred(), "an edit keeps the star");
        assertEquals(List.of(), c.labels(), "no labels unless said");
        messages.rewriteArchived(messages.archived(GROUP, "C").orElseThrow().withLabel("2", true).withLabel("10", true));
        assertEquals(List.of("10", "2"), messages.archived(GROUP, "C").orElseThrow().labels(), "the labels are stored, sorted");
        assertEquals(List.of("10", "2"), messages.archivedBefore(GROUP, Long.MAX_VALUE, null, 1).getFirst().labels(), "and listed");
        assertTrue(messages.archived(GROUP, "C").orElseThrow().starred(), "labels keep the star");
        messages.rewriteArchived(messages.archived(GROUP, "C").orElseThrow().withLabel("10", false));
        assertEquals(List.of("2"), messages.archived(GROUP, "C").orElseThrow().labels(), "a label taken off");
        assertEquals(List.of("2"), messages.archived(GROUP, "C").orElseThrow().withMessage(new byte[] {1}).withStarred(false)
                .labels(), "an edit and an unstar keep the labels");

        assertEquals(List.of("C", "B", "A", "0"), ids(messages.archivedBefore(GROUP, Long.MAX_VALUE, null, 10)));
        assertEquals(List.of("C", "B"), ids(messages.archivedBefore(GROUP, Long.MAX_VALUE, null, 2)));
        assertEquals(List.of("A", "0"), ids(messages.archivedBefore(GROUP, t0, "B", 10)), "after the anchor (t, id)");
        assertEquals(List.of("0"), ids(messages.archivedBefore(GROUP, t0, null, 10)), "before the time alone");
        assertEquals(List.of(), messages.archivedBefore("nobody@s.whatsapp.net", Long.MAX_VALUE, null, 10));
        assertThrows(IllegalArgumentException.class, () -> messages.archivedBefore(GROUP, Long.MAX_VALUE, null, 0));

        messages.deleteArchived(GROUP, "B");
        assertTrue(messages.archived(GROUP, "B").isEmpty());
        assertEquals(3, messages.clearArchived(GROUP));
        assertEquals(List.of(), messages.archivedBefore(GROUP, Long.MAX_VALUE, null, 10));
        assertTrue(messages.archived("15550001111@s.whatsapp.net", "D").isPresent(), "other chats stay");
    }

    @Test
    void aMessageArchivedAgainKeepsItsStarAndLabelsWhichOnlyARewriteChanges() {
        long t0 = clock.millis() - 60_000;
        MessageStore messages = a.messages();
        ArchivedMessage first = archived(GROUP, "K", t0, 1);
        messages.archive(List.of(first, archived(GROUP, "N", t0, 2).withStarred(true).withLabel("4", true)));
        assertTrue(messages.archived(GROUP, "N").orElseThrow().starred(), "a new message is stored with its star");
        assertEquals(List.of("4"), messages.archived(GROUP, "N").orElseThrow().labels(), "and its labels");
        messages.rewriteArchived(first.withStarred(true).withLabel("7", true).withLabel("3", true));

        // archived again (redelivered, a history sync): new content, no star or labels of its own
        ArchivedMessage again = archived(GROUP, "K", t0, 5);
        messages.archive(List.of(again, archived(GROUP, "N", t0, 2)));
        ArchivedMessage kept = messages.archived(GROUP, "K").orElseThrow();
        assertArchived(again.withStarred(true).withLabel("3", true).withLabel("7", true), kept); // the rest is the new copy's
        assertTrue(kept.starred(), "the star is kept");
        assertEquals(List.of("3", "7"), kept.labels(), "the labels are kept");
        assertTrue(messages.archivedBefore(GROUP, Long.MAX_VALUE, null, 10).stream()
                .allMatch(m -> m.starred() && !m.labels().isEmpty()), "and listed so");
        // again, as a copy without the sender PN and push name the earlier one had: those are gone, the rest kept
        ArchivedMessage lean = archived(GROUP, "K", t0, 6);
        assertNull(lean.senderPn());
        assertNull(lean.pushName());
        messages.archive(List.of(lean));
        kept = messages.archived(GROUP, "K").orElseThrow();
        assertArchived(lean.withStarred(true).withLabel("3", true).withLabel("7", true), kept);

        messages.rewriteArchived(kept.withStarred(false).withLabel("3", false).withLabel("7", false));
        kept = messages.archived(GROUP, "K").orElseThrow();
        assertFalse(kept.starred(), "a rewrite takes the star off");
        assertEquals(List.of(), kept.labels(), "and the labels");
        messages.rewriteArchived(archived("15550001111@s.whatsapp.net", "R", t0, 3).withStarred(true));
        assertTrue(messages.archived("15550001111@s.whatsapp.net", "R").orElseThrow().starred(), "a rewrite of a message not kept stores it");
    }

    @Test
    void archiveKeepsTheNewestMaxMessagesOfEachSessionAndNothingOlderThanMaxAge() {
        StoreSettings small = new StoreSettings(clock, MESSAGE_TTL,
                new StoreSettings.ArchiveRetention(3, Duration.ofDays(1)));
        try (StoreProvider bounded = newProvider(small)) {
            MessageStore messages = bounded.open(a.sessionId()).messages();
            MessageStore other = bounded.open(b.sessionId()).messages();
            long now = clock.millis();
            other.archive(List.of(archived(GROUP, "X", now - 10_000, 9)));
            messages.archive(List.of(archived(GROUP, "M1", now - 5000, 1), archived(GROUP, "M2", now - 4000, 2)));
            messages.archive(List.of(archived("15550001111@s.whatsapp.net", "M3", now - 3000, 3),
                    archived(GROUP, "M4", now - 2000, 4)));
            assertTrue(messages.archived(GROUP, "M1").isEmpty(), "the oldest beyond the count goes");
            assertEquals(List.of("M4", "M2"), ids(messages.archivedBefore(GROUP, Long.MAX_VALUE, null, 10)));
            assertTrue(other.archived(GROUP, "X").isPresent(), "the count is per session");

            messages.archive(List.of(archived(GROUP, "OLD", now - Duration.ofDays(2).toMillis(), 5)));
            assertTrue(messages.archived(GROUP, "OLD").isEmpty(), "older than the max age: not kept");
            assertTrue(messages.archived(GROUP, "M2").isPresent(), "an old message does not push a newer one out");

            clock.advance(Duration.ofDays(1).minusMillis(3000)); // M2 (now - 4 s) is older than a day, M4 is not
            assertTrue(messages.archived(GROUP, "M2").isEmpty(), "expired by age on read, whatever the backend reclaims");
            assertEquals(List.of("M4"), ids(messages.archivedBefore(GROUP, Long.MAX_VALUE, null, 10)));
        }
    }

    private static ArchivedMessage archived(String chat, String id, long t, int seed) {
        return new ArchivedMessage(chat, id, seed % 2 == 0, "15550003333:2@s.whatsapp.net",
                seed % 3 == 0 ? null : "15550003333@s.whatsapp.net", seed % 3 == 0 ? "333@lid" : null,
                seed % 2 == 0 ? null : "push" + seed, t, bytes(seed, 40));
    }

    private static void assertArchived(ArchivedMessage expected, ArchivedMessage actual) {
        byte[] none = new byte[0];
        assertEquals(expected.withMessage(none), actual.withMessage(none)); // record equality but the bytes
        assertArrayEquals(expected.message(), actual.message());
    }

    private static List<String> ids(List<ArchivedMessage> messages) {
        return messages.stream().map(ArchivedMessage::id).toList();
    }

    // ---- threads and contacts ----

    @Test
    void threadsStoreOverwriteDeleteAndPageByJid() {
        ThreadStore threads = a.threads();
        threads.storeAll(List.of(thread("c@s.whatsapp.net", 3), thread("a@s.whatsapp.net", 1),
                thread("b@s.whatsapp.net", 2), thread("d@g.us", 4)));
        ChatThread muted = new ChatThread("b@s.whatsapp.net", "Bee", 1_700_000_000L, 0, true, true, -1);
        threads.store(muted);
        assertEquals(muted, threads.load("b@s.whatsapp.net").orElseThrow());
        ChatThread ephemeral = muted.withEphemeral(604_800, 1_700_000_123L);
        threads.store(ephemeral);
        assertEquals(ephemeral, threads.load("b@s.whatsapp.net").orElseThrow(), "the disappearing timer is kept");
        threads.store(muted);
        assertEquals(muted, threads.load("b@s.whatsapp.net").orElseThrow(), "and can be turned off");

        List<ChatThread> first = threads.page(null, 2);
        assertEquals(List.of("a@s.whatsapp.net", "b@s.whatsapp.net"), first.stream().map(ChatThread::jid).toList());
        List<ChatThread> second = threads.page(first.get(1).jid(), 2);
        assertEquals(List.of("c@s.whatsapp.net", "d@g.us"), second.stream().map(ChatThread::jid).toList());
        assertEquals(List.of(), threads.page("d@g.us", 2));
        assertThrows(IllegalArgumentException.class, () -> threads.page(null, 0));

        threads.delete("a@s.whatsapp.net");
        assertTrue(threads.load("a@s.whatsapp.net").isEmpty());
        assertEquals(3, threads.page(null, 10).size());
    }

    @Test
    void threadsKeepTheirLabelsSortedAndLabelsStoreOverwriteDeleteAndPageById() {
        ThreadStore threads = a.threads();
        ChatThread labeled = new ChatThread("l@s.whatsapp.net", null, 0, 0, false, false, 0, 0, 0, List.of("5", "12", "5", "x,y"));
        threads.store(labeled);
        assertEquals(List.of("12", "5", "x,y"), threads.load("l@s.whatsapp.net").orElseThrow().labels());
        assertEquals(List.of("12", "x,y"), threads.load("l@s.whatsapp.net").orElseThrow().withLabel("5", false).labels());
        threads.store(labeled.withLabel("12", false).withLabel("5", false).withLabel("x,y", false));
        assertEquals(List.of(), threads.load("l@s.whatsapp.net").orElseThrow().labels());

        threads.storeLabel(new ChatLabel("2", "Pending", 3));
        threads.storeLabel(new ChatLabel("1", null, 0));
        threads.storeLabel(new ChatLabel("10", "New customer", 1));
        threads.storeLabel(new ChatLabel("2", "Paid", 4));
        assertEquals(new ChatLabel("2", "Paid", 4), threads.loadLabel("2").orElseThrow());
        assertEquals(new ChatLabel("1", null, 0), threads.loadLabel("1").orElseThrow());
        List<ChatLabel> first = threads.labelPage(null, 2);
        assertEquals(List.of("1", "10"), first.stream().map(ChatLabel::id).toList(), "by id in byte order");
        assertEquals(List.of(new ChatLabel("2", "Paid", 4)), threads.labelPage("10", 2));
        assertThrows(IllegalArgumentException.class, () -> threads.labelPage(null, 0));
        threads.deleteLabel("10");
        assertTrue(threads.loadLabel("10").isEmpty());
        assertEquals(2, threads.labelPage(null, 10).size());
        assertTrue(b.threads().loadLabel("2").isEmpty(), "labels are per session");
    }

    @Test
    void contactsStoreOverwriteDeleteAndPageByJid() {
        ContactStore contacts = a.contacts();
        contacts.storeAll(List.of(new Contact("2@s.whatsapp.net", "Two Full", "Two", null),
                new Contact("1@s.whatsapp.net", null, null, "one-push")));
        Contact renamed = new Contact("2@s.whatsapp.net", "Two Renamed", "Two", "two-push");
        contacts.store(renamed);
        assertEquals(renamed, contacts.load("2@s.whatsapp.net").orElseThrow());
        assertEquals(new Contact("1@s.whatsapp.net", null, null, "one-push"), contacts.load("1@s.whatsapp.net").orElseThrow());
        assertEquals(List.of("1@s.whatsapp.net", "2@s.whatsapp.net"),
                contacts.page(null, 5).stream().map(Contact::jid).toList());
        assertEquals(List.of(renamed), contacts.page("1@s.whatsapp.net", 5));
        contacts.delete("2@s.whatsapp.net");
        assertEquals(1, contacts.page(null, 5).size());
    }

    // ---- LID <-> PN ----

    @Test
    void lidMappingsResolveBothWaysSingleAndBatch() {
        LidMappingStore mappings = a.lidMappings();
        mappings.store(new LidPnMapping("111@lid", "15550001111@s.whatsapp.net"));
        mappings.storeAll(List.of(new LidPnMapping("222@lid", "15550002222@s.whatsapp.net"),
                new LidPnMapping("333@lid", "15550003333@s.whatsapp.net")));
        assertEquals("111@lid", mappings.lidForPn("15550001111@s.whatsapp.net").orElseThrow());
        assertEquals("15550002222@s.whatsapp.net", mappings.pnForLid("222@lid").orElseThrow());
        assertTrue(mappings.lidForPn("111@lid").isEmpty(), "directions do not mix");
        assertEquals(Map.of("15550001111@s.whatsapp.net", "111@lid", "15550003333@s.whatsapp.net", "333@lid"),
                mappings.lidsForPns(List.of("15550001111@s.whatsapp.net", "15550003333@s.whatsapp.net", "0@s.whatsapp.net")));
        assertEquals(Map.of("222@lid", "15550002222@s.whatsapp.net"), mappings.pnsForLids(List.of("222@lid", "999@lid")));
    }

    @Test
    void lidRemappingDropsTheStaleReverseEntries() {
        LidMappingStore mappings = a.lidMappings();
        mappings.store(new LidPnMapping("111@lid", "pn1@s.whatsapp.net"));
        mappings.store(new LidPnMapping("111@lid", "pn2@s.whatsapp.net")); // the LID's user changed number
        assertEquals("pn2@s.whatsapp.net", mappings.pnForLid("111@lid").orElseThrow());
        assertTrue(mappings.lidForPn("pn1@s.whatsapp.net").isEmpty());

        mappings.storeAll(List.of(new LidPnMapping("222@lid", "pn2@s.whatsapp.net"))); // the number was reassigned
        assertEquals("222@lid", mappings.lidForPn("pn2@s.whatsapp.net").orElseThrow());
        assertTrue(mappings.pnForLid("111@lid").isEmpty());
    }

    @Test
    void lidRemappingWithinOneBatchKeepsTheLastMapping() {
        LidMappingStore mappings = a.lidMappings();
        mappings.storeAll(List.of(new LidPnMapping("111@lid", "pn1@s.whatsapp.net"),
                new LidPnMapping("111@lid", "pn2@s.whatsapp.net"),
                new LidPnMapping("333@lid", "pn3@s.whatsapp.net"),
                new LidPnMapping("444@lid", "pn3@s.whatsapp.net")));
        assertEquals(Map.of("111@lid", "pn2@s.whatsapp.net", "444@lid", "pn3@s.whatsapp.net"),
                mappings.pnsForLids(List.of("111@lid", "333@lid", "444@lid")));
        assertEquals(Map.of("pn2@s.whatsapp.net", "111@lid", "pn3@s.whatsapp.net", "444@lid"),
                mappings.lidsForPns(List.of("pn1@s.whatsapp.net", "pn2@s.whatsapp.net", "pn3@s.whatsapp.net")));
    }

    @Test
    void batchesNamingAKeyTwiceKeepTheLast() {
        a.threads().storeAll(List.of(thread(GROUP, 1), thread(GROUP, 2)));
        assertEquals(thread(GROUP, 2), a.threads().load(GROUP).orElseThrow());
        a.contacts().storeAll(List.of(new Contact(GROUP, "first", null, null), new Contact(GROUP, "last", null, null)));
        assertEquals("last", a.contacts().load(GROUP).orElseThrow().fullName());
        a.privacyTokens().storeAll(List.of(new PrivacyToken(GROUP, bytes(1, 4), Instant.EPOCH),
                new PrivacyToken(GROUP, bytes(2, 4), Instant.EPOCH)));
        assertArrayEquals(bytes(2, 4), a.privacyTokens().load(GROUP).orElseThrow().token());
        a.appStateKeys().storeAll(List.of(new AppStateSyncKey(bytes(1, 6), bytes(1, 32), new byte[0], 1),
                new AppStateSyncKey(bytes(1, 6), bytes(2, 32), new byte[0], 1)));
        assertArrayEquals(bytes(2, 32), a.appStateKeys().load(bytes(1, 6)).orElseThrow().keyData());
        a.appStateVersions().putValueMacs("regular", List.of(new IndexValueMac(bytes(1, 32), bytes(1, 32)),
                new IndexValueMac(bytes(1, 32), bytes(2, 32))));
        assertEquals(List.of(new IndexValueMac(bytes(1, 32), bytes(2, 32))),
                a.appStateVersions().loadValueMacs("regular", List.of(bytes(1, 32))));
    }

    // ---- isolation and wipe ----

    @Test
    void sessionsAreIsolatedInEveryDomain() {
        fill(a, 1);
        assertEmpty(b);
        fill(b, 2);
        assertFilled(a, 1);
        assertFilled(b, 2);
    }

    @Test
    void wipeRemovesEverythingOfThatSessionOnly() {
        fill(a, 1);
        fill(b, 2);
        assertTrue(a.signalSessions().contains(ALICE_0));
        a.wipe();
        assertFalse(a.signalSessions().contains(ALICE_0), "a wiped record is not known any more");
        assertEmpty(a);
        assertEmpty(provider.open(a.sessionId()));
        assertFilled(b, 2);
        a.wipe(); // idempotent
        assertEquals(1, a.credentials().save(unpaired(3), CredentialsStore.ABSENT).version(), "a wiped session pairs anew");
    }

    // ---- epoch fencing ----

    @Test
    void openingWithANegativeEpochIsABadArgument() {
        assertThrows(IllegalArgumentException.class, () -> provider.open(a.sessionId(), -1));
        assertEquals(0, a.epoch());
        assertEquals(7, provider.open(a.sessionId(), 7).epoch());
    }

    @Test
    void aNewerEpochOverwritesWhatAnOlderOneWrote() {
        AccountStore first = provider.open(a.sessionId(), 1);
        fill(first, 1);
        AccountStore second = provider.open(a.sessionId(), 2);
        fill(second, 2);
        assertFilled(second, 2);
        fill(second, 3); // the owner keeps writing at its epoch
        assertFilled(a, 3);
        fill(provider.open(a.sessionId(), 9), 4);
        assertFilled(a, 4);
    }

    @Test
    void groupSenderKeysSurviveANewOwnerAndTheFencedOneCannotAdvanceThem() throws Exception {
        SenderKeyName ours = new SenderKeyName(GROUP, ALICE_0);
        SenderKeyName bobs = new SenderKeyName(GROUP, BOB_0);
        GroupCipher bob = new GroupCipher(b.senderKeys());
        AccountStore old = provider.open(a.sessionId(), 1);
        GroupCipher oldCipher = new GroupCipher(old.senderKeys());
        byte[] distribution = oldCipher.createDistribution(ours);
        bob.processDistribution(ours, distribution);
        oldCipher.processDistribution(bobs, bob.createDistribution(bobs));
        byte[] first = oldCipher.encrypt(ours, bytes(1, 10));
        byte[] fromBob = bob.encrypt(bobs, bytes(2, 10));

        // A new owner (a restarted worker) continues both chains from the store: bob, who holds only the first
        // distribution, reads what it encrypts.
        GroupCipher owner = new GroupCipher(provider.open(a.sessionId(), 2).senderKeys());
        byte[] second = owner.encrypt(ours, bytes(3, 10));
        assertArrayEquals(bytes(2, 10), owner.decrypt(bobs, fromBob));
        byte[] stored = provider.open(a.sessionId()).senderKeys().load(ours).orElseThrow();

        assertThrows(StoreFencedException.class, () -> oldCipher.encrypt(ours, bytes(4, 10)));
        assertArrayEquals(stored, provider.open(a.sessionId()).senderKeys().load(ours).orElseThrow(),
                "the fenced owner changed nothing");
        assertArrayEquals(bytes(1, 10), bob.decrypt(ours, first));
        assertArrayEquals(bytes(3, 10), bob.decrypt(ours, second));
    }

    @Test
    void everyWriteOfAFencedOwnerIsRefusedWhereTheNewOwnerWrote() {
        AccountStore old = provider.open(a.sessionId(), 1);
        fill(old, 1);
        AccountStore owner = provider.open(a.sessionId(), 2);
        fill(owner, 2);
        long version = owner.credentials().load().orElseThrow().version();
        List<StoreFencedException> told = new java.util.ArrayList<>();
        old.onFenced(told::add);

        List<Runnable> writes = List.of(
                () -> old.credentials().save(paired(9), version),
                () -> old.signalSessions().store(ALICE_0, bytes(9, 100)),
                () -> old.signalSessions().storeAll(Map.of(ALICE_0, bytes(9, 100), ALICE_7, bytes(9, 100))),
                () -> old.identities().save(ALICE_0, bytes(9, 33)),
                () -> old.identities().saveAll(Map.of(ALICE_0, bytes(9, 33), BOB_0, bytes(9, 33))),
                () -> old.preKeys().store(1, bytes(9, 40)),
                () -> old.preKeys().storeAll(Map.of(1, bytes(9, 40))), // a new id too would change the count
                () -> old.signedPreKeys().store(1, bytes(9, 80)),
                () -> old.senderKeys().store(new SenderKeyName(GROUP, ALICE_0), bytes(9, 60)),
                () -> old.senderKeys().storeAll(Map.of(new SenderKeyName(GROUP, ALICE_0), bytes(9, 60))),
                () -> old.appStateKeys().storeAll(List.of(new AppStateSyncKey(bytes(1, 6), bytes(9, 32), bytes(9, 8), 9))),
                () -> old.appStateVersions().save(new AppStateVersion("regular", 9, bytes(9, 128))),
                () -> old.appStateVersions().putValueMacs("regular", List.of(new IndexValueMac(bytes(1, 32), bytes(9, 32)))),
                () -> old.appStateVersions().apply(new AppStateVersion("regular", 9, bytes(9, 128)), true, List.of(),
                        List.of(new IndexValueMac(bytes(1, 32), bytes(9, 32)))),
                () -> old.privacyTokens().store(new PrivacyToken(GROUP, bytes(9, 20), Instant.ofEpochSecond(9))),
                () -> old.privacyTokens().storeAll(List.of(new PrivacyToken(GROUP, bytes(9, 20), Instant.ofEpochSecond(9)))),
                () -> old.messages().put(new MessageKey(GROUP, "M1"), bytes(9, 50)),
                () -> old.messages().putAll(Map.of(new MessageKey(GROUP, "M1"), bytes(9, 50),
                        new MessageKey(GROUP, "M9"), bytes(9, 50))),
                () -> old.messages().archive(List.of(archived(GROUP, "A1", clock.millis(), 9))),
                () -> old.threads().store(thread(GROUP, 9)),
                () -> old.threads().storeAll(List.of(thread(GROUP, 9), thread("new@s.whatsapp.net", 9))),
                () -> old.threads().storeLabel(new ChatLabel("1", "label9", 9)),
                () -> old.contacts().store(new Contact(GROUP, "name9", null, null)),
                () -> old.contacts().storeAll(List.of(new Contact(GROUP, "name9", null, null))),
                () -> old.lidMappings().store(new LidPnMapping("111@lid", "pn9@s.whatsapp.net")),
                () -> old.lidMappings().storeAll(List.of(new LidPnMapping("111@lid", "pn2@s.whatsapp.net"))));
        for (int i = 0; i < writes.size(); i++) {
            StoreFencedException fenced = assertThrows(StoreFencedException.class, writes.get(i)::run, "write #" + i);
            assertEquals(a.sessionId(), fenced.sessionId());
            assertEquals(1, fenced.epoch());
            assertTrue(fenced.getMessage().contains("newer owner"), fenced.getMessage());
        }
        assertEquals(writes.size(), told.size(), "the listener hears of every refusal");
        assertEquals(1, told.getFirst().epoch());
        assertFilled(owner, 2);
        assertEquals(version, owner.credentials().load().orElseThrow().version());
    }

    @Test
    void aClaimByTheNewOwnerFencesTheOldOneEvenWhereTheNewOneHasNotWrittenYet() {
        AccountStore old = provider.open(a.sessionId(), 1);
        fill(old, 1);
        AccountStore owner = provider.open(a.sessionId(), 2);

        owner.claim(); // taken over from an owner that may still run: nothing of epoch 1 may change from now on

        assertThrows(StoreFencedException.class, () -> old.signalSessions().store(ALICE_0, bytes(9, 100)));
        assertThrows(StoreFencedException.class, () -> old.credentials().save(paired(9),
                owner.credentials().load().orElseThrow().version()));
        try {
            old.wipe();
        } catch (StoreFencedException refused) {
            // refusing is allowed; deleting what the new owner claimed is not
        }
        assertFilled(owner, 1);
        fill(owner, 2); // the claimant writes on
        assertFilled(a, 2);
        assertThrows(StoreFencedException.class, old::claim, "a claim does not go backwards");
    }

    @Test
    void aFencedOwnerDeletesNothingTheNewOwnerWrote() {
        AccountStore old = provider.open(a.sessionId(), 1);
        fill(old, 1);
        AccountStore owner = provider.open(a.sessionId(), 2);
        fill(owner, 2);
        List<Runnable> deletes = List.of(
                () -> old.signalSessions().delete(ALICE_0),
                () -> old.signalSessions().deleteAll(ALICE_0.name()),
                () -> old.identities().delete(ALICE_0),
                () -> old.preKeys().remove(1),
                () -> old.preKeys().removeAll(List.of(1)),
                () -> old.signedPreKeys().remove(1),
                () -> old.senderKeys().delete(new SenderKeyName(GROUP, ALICE_0)),
                () -> old.senderKeys().deleteGroup(GROUP),
                () -> old.appStateVersions().removeValueMacs("regular", List.of(bytes(1, 32))),
                () -> old.appStateVersions().reset("regular"),
                () -> old.privacyTokens().delete(GROUP),
                () -> old.messages().delete(new MessageKey(GROUP, "M1")),
                () -> old.messages().deleteArchived(GROUP, "A1"),
                () -> old.messages().clearArchived(GROUP),
                () -> old.threads().delete(GROUP),
                () -> old.threads().deleteLabel("1"),
                () -> old.contacts().delete(GROUP),
                old::wipe);
        for (Runnable delete : deletes) {
            try {
                delete.run();
            } catch (StoreFencedException refused) {
                assertEquals(1, refused.epoch()); // refusing is allowed; deleting the new owner's entry is not
            }
        }
        assertFilled(owner, 2);
    }

    @Test
    void entriesWrittenUnfencedAreOverwrittenByAnyEpochAndThenFenceTheUnfencedWriter() {
        fill(a, 1); // epoch 0: as written before fencing existed
        AccountStore owner = provider.open(a.sessionId(), 5);
        fill(owner, 2);
        assertFilled(a, 2);
        StoreFencedException fenced = assertThrows(StoreFencedException.class,
                () -> a.signalSessions().store(ALICE_0, bytes(9, 100)));
        assertEquals(0, fenced.epoch());
        assertThrows(StoreFencedException.class,
                () -> a.credentials().save(paired(9), owner.credentials().load().orElseThrow().version()));
        assertFilled(owner, 2);
    }

    @Test
    void fencingIsPerSession() {
        fill(provider.open(a.sessionId(), 2), 2);
        AccountStore otherAtEpochOne = provider.open(b.sessionId(), 1);
        fill(otherAtEpochOne, 3); // b's history has nothing newer than 1
        assertFilled(b, 3);
        assertThrows(StoreFencedException.class,
                () -> provider.open(a.sessionId(), 1).signalSessions().store(ALICE_0, bytes(9, 100)));
        assertFilled(a, 2);
    }

    /** Writes one entry in every domain, all derived from {@code seed}, over whatever the session held. */
    private void fill(AccountStore s, int seed) {
        s.credentials().save(paired(seed), s.credentials().load().map(Versioned::version).orElse(CredentialsStore.ABSENT));
        s.signalSessions().store(ALICE_0, bytes(seed, 100));
        s.identities().save(ALICE_0, bytes(seed, 33));
        s.preKeys().store(1, bytes(seed, 40));
        s.signedPreKeys().store(1, bytes(seed, 80));
        s.senderKeys().store(new SenderKeyName(GROUP, ALICE_0), bytes(seed, 60));
        s.appStateKeys().storeAll(List.of(new AppStateSyncKey(bytes(1, 6), bytes(seed, 32), bytes(seed, 8), seed)));
        s.appStateVersions().save(new AppStateVersion("regular", seed, bytes(seed, 128)));
        s.appStateVersions().putValueMacs("regular", List.of(new IndexValueMac(bytes(1, 32), bytes(seed, 32))));
        s.privacyTokens().store(new PrivacyToken(GROUP, bytes(seed, 20), Instant.ofEpochSecond(seed)));
        s.messages().put(new MessageKey(GROUP, "M1"), bytes(seed, 50));
        s.messages().archive(List.of(archived(GROUP, "A1", clock.millis(), seed)));
        s.threads().store(thread(GROUP, seed));
        s.threads().storeLabel(new ChatLabel("1", "label" + seed, seed));
        s.contacts().store(new Contact(GROUP, "name" + seed, null, null));
        s.lidMappings().store(new LidPnMapping("111@lid", "pn" + seed + "@s.whatsapp.net"));
    }

    private void assertFilled(AccountStore s, int seed) {
        assertEquals(paired(seed), s.credentials().load().orElseThrow().value());
        assertArrayEquals(bytes(seed, 100), s.signalSessions().load(ALICE_0).orElseThrow());
        assertArrayEquals(bytes(seed, 33), s.identities().load(ALICE_0).orElseThrow());
        assertArrayEquals(bytes(seed, 40), s.preKeys().load(1).orElseThrow());
        assertEquals(1, s.preKeys().count());
        assertArrayEquals(bytes(seed, 80), s.signedPreKeys().load(1).orElseThrow());
        assertArrayEquals(bytes(seed, 60), s.senderKeys().load(new SenderKeyName(GROUP, ALICE_0)).orElseThrow());
        assertArrayEquals(bytes(seed, 32), s.appStateKeys().load(bytes(1, 6)).orElseThrow().keyData());
        assertEquals(seed, s.appStateVersions().load("regular").orElseThrow().version());
        assertEquals(List.of(new IndexValueMac(bytes(1, 32), bytes(seed, 32))),
                s.appStateVersions().loadValueMacs("regular", List.of(bytes(1, 32))));
        assertArrayEquals(bytes(seed, 20), s.privacyTokens().load(GROUP).orElseThrow().token());
        assertArrayEquals(bytes(seed, 50), s.messages().load(new MessageKey(GROUP, "M1")).orElseThrow());
        assertArrayEquals(bytes(seed, 40), s.messages().archived(GROUP, "A1").orElseThrow().message());
        assertEquals(thread(GROUP, seed), s.threads().load(GROUP).orElseThrow());
        assertEquals(new ChatLabel("1", "label" + seed, seed), s.threads().loadLabel("1").orElseThrow());
        assertEquals("name" + seed, s.contacts().load(GROUP).orElseThrow().fullName());
        assertEquals("111@lid", s.lidMappings().lidForPn("pn" + seed + "@s.whatsapp.net").orElseThrow());
        assertEquals("pn" + seed + "@s.whatsapp.net", s.lidMappings().pnForLid("111@lid").orElseThrow());
    }

    private void assertEmpty(AccountStore s) {
        assertTrue(s.credentials().load().isEmpty(), "credentials");
        assertTrue(s.signalSessions().load(ALICE_0).isEmpty(), "signal sessions");
        assertTrue(s.identities().load(ALICE_0).isEmpty(), "identities");
        assertEquals(0, s.preKeys().count(), "prekeys");
        assertTrue(s.signedPreKeys().loadAll().isEmpty(), "signed prekeys");
        assertTrue(s.senderKeys().load(new SenderKeyName(GROUP, ALICE_0)).isEmpty(), "sender keys");
        assertTrue(s.appStateKeys().latest().isEmpty(), "app-state keys");
        assertTrue(s.appStateVersions().load("regular").isEmpty(), "app-state versions");
        assertEquals(List.of(), s.appStateVersions().loadValueMacs("regular", List.of(bytes(1, 32))), "value MACs");
        assertTrue(s.privacyTokens().load(GROUP).isEmpty(), "privacy tokens");
        assertTrue(s.messages().load(new MessageKey(GROUP, "M1")).isEmpty(), "messages");
        assertTrue(s.messages().archived(GROUP, "A1").isEmpty(), "message archive");
        assertEquals(List.of(), s.threads().page(null, 10), "threads");
        assertEquals(List.of(), s.threads().labelPage(null, 10), "labels");
        assertEquals(List.of(), s.contacts().page(null, 10), "contacts");
        assertTrue(s.lidMappings().pnForLid("111@lid").isEmpty(), "lid mappings");
    }

    // ---- fixtures ----

    private static ChatThread thread(String jid, int seed) {
        return new ChatThread(jid, "chat " + seed, 1_700_000_000L + seed, seed, false, false, 0,
                seed % 2 == 0 ? 86_400 : 0, seed % 2 == 0 ? 1_700_000_000L : 0,
                seed % 2 == 0 ? List.of() : List.of(String.valueOf(seed), "label \"" + seed + "\""));
    }

    protected static Credentials unpaired(int seed) {
        return Credentials.builder()
                .noiseKey(new KeyPair(bytes(seed, 32), bytes(seed + 1, 32)))
                .identityKey(new KeyPair(bytes(seed + 2, 32), bytes(seed + 3, 32)))
                .registrationId(1000 + seed)
                .signedPreKey(new SignedPreKey(1, new KeyPair(bytes(seed + 4, 32), bytes(seed + 5, 32)), bytes(seed + 6, 64)))
                .advSecret(bytes(seed + 7, 32))
                .build();
    }

    protected static Credentials paired(int seed) {
        return unpaired(seed).toBuilder()
                .me("15550001111:7@s.whatsapp.net")
                .lid("99887766554433:7@lid")
                .platform("android")
                .pushName("Ana " + seed)
                .locale(seed % 2 == 0 ? "en_US" : "pt_BR")
                .account(bytes(seed + 8, 150))
                .routingInfo(bytes(seed + 9, 12))
                .appStateKeyId(bytes(seed + 10, 6))
                .nextPreKeyId(31)
                .firstUnuploadedPreKeyId(21)
                .registered(true)
                .build();
    }

    /** Deterministic bytes: equal seeds and lengths give equal content in distinct arrays. */
    protected static byte[] bytes(int seed, int length) {
        byte[] out = new byte[length];
        int x = seed * 0x9E3779B1 + 0x7F4A7C15;
        for (int i = 0; i < length; i++) {
            x ^= x << 13;
            x ^= x >>> 17;
            x ^= x << 5;
            out[i] = (byte) x;
        }
        return out;
    }
}

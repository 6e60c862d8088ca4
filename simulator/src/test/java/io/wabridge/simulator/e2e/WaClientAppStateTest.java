package io.wabridge.simulator.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.WaClient;
import io.wabridge.client.WaClientConfig;
import io.wabridge.client.appstate.AppStateCollection;
import io.wabridge.client.appstate.AppStateUpdate;
import io.wabridge.client.appstate.ChatAction;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.media.MediaSettings;
import io.wabridge.client.media.MediaTls;
import io.wabridge.client.store.AccountStore;
import io.wabridge.client.store.AppStateVersion;
import io.wabridge.simulator.appstate.AppStateServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * App-state sync between our client and the simulated account: the phone shares its sync key when the client
 * links, chat changes made on the phone arrive as typed updates, the client's own changes are accepted by the server
 * (which verifies every MAC) and reach a second companion, both ending on the server's LTHash; a patch with a bad MAC
 * is reported with its collection and version and the collection is rebuilt from a snapshot.
 */
class WaClientAppStateTest {

    private static final String ALICE = "15550002222@s.whatsapp.net";
    private SimulatedSetup setup;
    private AppStateServer server;
    /** The app-state settings of the clients linked from now on (a test may shorten the STORE retry). */
    private volatile io.wabridge.client.appstate.AppStateSettings appState = io.wabridge.client.appstate.AppStateSettings.DEFAULTS;

    @BeforeEach
    void link() throws Exception {
        SimulatedSetup[] holder = new SimulatedSetup[1];
        UnaryOperator<WaClientConfig> configure = config -> config.withMedia(MediaSettings.DEFAULTS
                .withTls(MediaTls.trustingPem(holder[0].simulator.media().server().certificatePem()))).withAppState(appState);
        holder[0] = new SimulatedSetup(configure);
        server = holder[0].simulator.accounts().appState();
        server.shareKeys(true);
        setup = holder[0].link();
        waitFor(() -> setup.store.appStateKeys().latest().isPresent(), "the phone's key share");
    }

    @AfterEach
    void close() {
        setup.close();
    }

    @Test
    void chatChangesOnThePhoneArriveAsTypedUpdates() throws Exception {
        server.phoneChange(setup.me, List.of(ChatAction.archive(ALICE, true, 0, List.of()), ChatAction.pin(ALICE, true)));
        server.phoneChange(setup.me, List.of(ChatAction.mute(ALICE, true, -1)));

        List<AppStateUpdate> updates = updates(setup.events, 3);
        assertTrue(updates.contains(new AppStateUpdate.Archive(ALICE, true)), updates.toString());
        assertTrue(updates.contains(new AppStateUpdate.Pin(ALICE, true)), updates.toString());
        assertTrue(updates.contains(new AppStateUpdate.Mute(ALICE, true, -1)), updates.toString());
        sameAsServer(setup.store, AppStateCollection.REGULAR_LOW);
        sameAsServer(setup.store, AppStateCollection.REGULAR_HIGH);
    }

    @Test
    void ourChangesAreVerifiedByTheServerAndReachASecondCompanion() throws Exception {
        AccountStore secondStore = setup.stores.open("second");
        BlockingQueue<ClientEvent> secondEvents = new LinkedBlockingQueue<>();
        WaClient second = setup.linkCompanion(secondStore, secondEvents);
        try {
            waitFor(() -> secondStore.appStateKeys().latest().isPresent(), "the key share to the second companion");

            setup.client.changeChats(List.of(ChatAction.archive(ALICE, true, 1_700_000_000L, List.of()),
                    ChatAction.markRead(ALICE, false, 1_700_000_000L, List.of()),
                    ChatAction.star(ALICE, "3EB0AA", true, null, true),
                    ChatAction.contactName(ALICE, "Alice Liddell", "Alice"))).get(30, TimeUnit.SECONDS);

            assertEquals(1, server.collection(setup.me, "regular_low").version(), "one patch for archive and read");
            List<AppStateUpdate> seen = updates(secondEvents, 4);
            assertTrue(seen.contains(new AppStateUpdate.Archive(ALICE, true)), seen.toString());
            assertTrue(seen.contains(new AppStateUpdate.MarkRead(ALICE, false)), seen.toString());
            assertTrue(seen.contains(new AppStateUpdate.Star(ALICE, "3EB0AA", true, null, true)), seen.toString());
            assertTrue(seen.contains(new AppStateUpdate.ContactName(ALICE, "Alice Liddell", "Alice", null, null)), seen.toString());
            List<AppStateUpdate> ours = updates(setup.events, 4);
            assertTrue(ours.contains(new AppStateUpdate.Archive(ALICE, true)), "our own change is applied here too: " + ours);
            for (AppStateCollection c : List.of(AppStateCollection.REGULAR_LOW, AppStateCollection.REGULAR_HIGH,
                    AppStateCollection.CRITICAL_UNBLOCK_LOW)) {
                sameAsServer(setup.store, c);
                sameAsServer(secondStore, c);
            }
        } finally {
            second.close();
        }
    }

    @Test
    void aPatchWithABadMacIsReportedAndTheCollectionRebuiltFromASnapshot() throws Exception {
        server.phoneChange(setup.me, List.of(ChatAction.pin(ALICE, true)));
        updates(setup.events, 1);
        server.corruptNextPatches(setup.me, 1);
        long broken = server.phoneChange(setup.me, List.of(ChatAction.archive(ALICE, true, 0, List.of())));

        ClientEvent.AppStateSyncFailed failed = setup.await(ClientEvent.AppStateSyncFailed.class);
        assertEquals("regular_low", failed.collection());
        assertEquals(broken, failed.version());
        assertEquals("MAC_MISMATCH", failed.kind());
        assertTrue(failed.recovering());
        ClientEvent.AppStateChanged rebuilt = setup.await(ClientEvent.AppStateChanged.class);
        assertTrue(rebuilt.change().snapshot(), "recovered from a snapshot: " + rebuilt);
        sameAsServer(setup.store, AppStateCollection.REGULAR_LOW);
        assertFalse(setup.client.state() != WaClient.State.OPEN, "the session keeps running");
    }

    @Test
    void aCorruptedSnapshotMarksItsCollectionFatalTheOthersKeepSyncingAndAResyncRecoversIt() throws Exception {
        server.phoneChange(setup.me, List.of(ChatAction.pin(ALICE, true)));
        updates(setup.events, 1);
        server.corruptNextPatches(setup.me, 1);
        server.corruptNextSnapshots(setup.me, 1);
        long broken = server.phoneChange(setup.me, List.of(ChatAction.archive(ALICE, true, 0, List.of())));

        ClientEvent.AppStateSyncFailed patch = setup.await(ClientEvent.AppStateSyncFailed.class);
        assertTrue(patch.recovering() && !patch.fatal(), "a bad patch is recovered from a snapshot: " + patch);
        ClientEvent.AppStateSyncFailed fatal = setup.await(ClientEvent.AppStateSyncFailed.class);
        assertEquals("regular_low", fatal.collection());
        assertEquals(broken, fatal.version());
        assertEquals("MAC_MISMATCH", fatal.kind());
        assertTrue(fatal.fatal() && !fatal.recovering(), "the snapshot itself failed: fatal, " + fatal);

        server.phoneChange(setup.me, List.of(ChatAction.mute(ALICE, true, -1)));
        assertEquals(List.of(new AppStateUpdate.Mute(ALICE, true, -1)), updates(setup.events, 1),
                "the other collections keep syncing");
        sameAsServer(setup.store, AppStateCollection.REGULAR_HIGH);
        assertTrue(setup.store.appStateVersions().load("regular_low").orElseThrow().version() < broken,
                "nothing of the broken collection was applied");

        assertEquals(java.util.Set.of(), setup.client.appState().resync(java.util.Set.of()).get(60, TimeUnit.SECONDS),
                "a resync recovers the collection");
        sameAsServer(setup.store, AppStateCollection.REGULAR_LOW);
        // the chat state app state carried is in the chats store, as get_chats lists it
        waitFor(() -> chat(setup.client).map(t -> t.archived() && t.pinned() && t.muteEndTimestamp() == -1).orElse(false),
                "the chat archived, pinned and muted in the threads store");
        assertEquals(WaClient.State.OPEN, setup.client.state(), "the session keeps running");
    }

    @Test
    void labelsFromThePhoneAndFromUsAreStoredOnBothCompanions() throws Exception {
        server.phoneChange(setup.me, List.of(ChatAction.labelEdit("1", "New customer", 1, false),
                ChatAction.label("1", ALICE, null, true)));
        waitFor(() -> chat(setup.client).map(t -> t.labels().equals(List.of("1"))).orElse(false), "the phone's chat label");
        AccountStore secondStore = setup.stores.open("second");
        BlockingQueue<ClientEvent> secondEvents = new LinkedBlockingQueue<>();
        WaClient second = setup.linkCompanion(secondStore, secondEvents);
        try {
            waitFor(() -> chat(second).map(t -> t.labels().equals(List.of("1"))).orElse(false),
                    "the label in the second companion's first sync");

            setup.client.changeChats(List.of(ChatAction.labelEdit("2", "Paid", 4, false), ChatAction.label("2", ALICE, null, true),
                    ChatAction.label("1", ALICE, null, false))).get(30, TimeUnit.SECONDS);

            List<io.wabridge.client.store.ChatLabel> expected = List.of(new io.wabridge.client.store.ChatLabel("1",
                    "New customer", 1), new io.wabridge.client.store.ChatLabel("2", "Paid", 4));
            for (WaClient c : List.of(setup.client, second)) {
                waitFor(() -> chat(c).map(t -> t.labels().equals(List.of("2"))).orElse(false), "our labels applied");
                waitFor(() -> c.labels(null, 100).join().equals(expected), "both labels stored");
            }
            sameAsServer(setup.store, AppStateCollection.REGULAR);
            sameAsServer(secondStore, AppStateCollection.REGULAR);
        } finally {
            second.close();
        }
    }

    @Test
    void aPatchWhoseChatsAreNotStoredKeepsItsVersionAndTheNextSyncAppliesItAgain() throws Exception {
        FailingStore failing = new FailingStore(setup.stores.open("second"));
        BlockingQueue<ClientEvent> secondEvents = new LinkedBlockingQueue<>();
        WaClient second = secondWithAPin(failing, secondEvents);
        try {
            AppStateVersion before = failing.appStateVersions().load("regular_low").orElseThrow();

            // the store stops taking chats: the archive the next patch carries is not stored, nor is its version
            failing.threadsFailing.set(true);
            long archived = server.phoneChange(setup.me, List.of(ChatAction.archive(ALICE, true, 0, List.of())));
            ClientEvent.AppStateSyncFailed failed = awaitFailure(secondEvents, "STORE");
            assertEquals("regular_low", failed.collection());
            assertEquals(archived, failed.version(), "the error names the patch's version");
            assertTrue(failing.threadsRefused.get() > 0);
            AppStateVersion kept = failing.appStateVersions().load("regular_low").orElseThrow();
            assertEquals(before.version(), kept.version(), "the version is not advanced past changes not stored");
            assertArrayEquals(before.hash(), kept.hash(), "nor the LTHash");
            assertFalse(failing.threads().load(ALICE).orElseThrow().archived());
            assertEquals(WaClient.State.OPEN, second.state(), "the session keeps running");

            // the store is back: the next sync (a later change on the phone) applies the archive again, then the unpin
            failing.threadsFailing.set(false);
            server.phoneChange(setup.me, List.of(ChatAction.pin(ALICE, false)));
            sameAsServer(failing, AppStateCollection.REGULAR_LOW);
            waitFor(() -> failing.threads().load(ALICE).map(t -> t.archived() && !t.pinned()).orElse(false),
                    "the archive applied again with the unpin after it");
        } finally {
            second.close();
        }
    }

    @Test
    void aStoreThatKeepsFailingIsRetriedWithGrowingWaitsCountedInEachErrorAndTheCountResetsOnceItTakesThePatch()
            throws Exception {
        appState = appState.withStoreRetry(java.time.Duration.ofMillis(200), java.time.Duration.ofMillis(800));
        FailingStore failing = new FailingStore(setup.stores.open("second"));
        BlockingQueue<ClientEvent> secondEvents = new LinkedBlockingQueue<>();
        WaClient second = secondWithAPin(failing, secondEvents);
        try {
            failing.threadsFailing.set(true);
            long archived = server.phoneChange(setup.me, List.of(ChatAction.archive(ALICE, true, 0, List.of())));
            List<ClientEvent.AppStateSyncFailed> errors = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                errors.add(awaitFailure(secondEvents, "STORE"));
            }
            assertEquals(List.of(1, 2, 3, 4), errors.stream().map(ClientEvent.AppStateSyncFailed::attempt).toList(),
                    "each retry counted: " + errors);
            assertEquals(List.of(200L, 400L, 800L, 800L), errors.stream().map(e -> e.retryIn().toMillis()).toList(),
                    "the wait doubles up to the longest one, then stays there");
            assertTrue(errors.stream().allMatch(e -> e.version() == archived && e.recovering() && !e.fatal()), errors.toString());
            assertTrue(errors.get(3).reason().contains("attempt 4") && errors.get(3).reason().contains("the longest wait"),
                    errors.get(3).reason());
            assertTrue(failing.appStateVersions().load("regular_low").orElseThrow().version() < archived);

            // the store is back: the pending retry (no push needed) applies the patch
            failing.threadsFailing.set(false);
            sameAsServer(failing, AppStateCollection.REGULAR_LOW);
            waitFor(() -> failing.threads().load(ALICE).map(t -> t.archived()).orElse(false), "the archive applied by the retry");

            // a patch stored resets the count: the next failure is the first again
            failing.threadsFailing.set(true);
            long unarchived = server.phoneChange(setup.me, List.of(ChatAction.archive(ALICE, false, 0, List.of())));
            ClientEvent.AppStateSyncFailed again;
            do { // (errors of the first patch reported while this thread was slow to see the store back are skipped)
                again = awaitFailure(secondEvents, "STORE");
            } while (again.version() != unarchived);
            assertEquals(1, again.attempt(), again.toString());
            assertEquals(200L, again.retryIn().toMillis());
            failing.threadsFailing.set(false);
            sameAsServer(failing, AppStateCollection.REGULAR_LOW);
            assertEquals(WaClient.State.OPEN, second.state(), "the session keeps running");
        } finally {
            second.close();
        }
    }

    @Test
    void ourPatchNotStoredHereIsOneFailureAndALogoutForgetsTheFailuresInARow() throws Exception {
        appState = appState.withStoreRetry(java.time.Duration.ofMinutes(10), java.time.Duration.ofMinutes(10)); // no retry here
        FailingStore failing = new FailingStore(setup.stores.open("second"));
        BlockingQueue<ClientEvent> secondEvents = new LinkedBlockingQueue<>();
        WaClient second = secondWithAPin(failing, secondEvents);
        try {
            failing.threadsFailing.set(true);
            long before = second.appState().failures();
            second.changeChats(List.of(ChatAction.archive(ALICE, true, 0, List.of()))).get(30, TimeUnit.SECONDS);
            List<ClientEvent.AppStateSyncFailed> failed = new ArrayList<>();
            secondEvents.stream().filter(e -> e instanceof ClientEvent.AppStateSyncFailed f && f.kind().equals("STORE"))
                    .forEach(e -> failed.add((ClientEvent.AppStateSyncFailed) e));
            assertEquals(List.of(1), failed.stream().map(ClientEvent.AppStateSyncFailed::attempt).toList(),
                    "one failure, reported once, left to the retry: " + failed);
            assertEquals(1, second.appState().failures() - before, "the metric counts it once too");

            // a logout forgets the failures in a row: the new pairing's first failure is the first again
            second.logout().get(30, TimeUnit.SECONDS);
            secondEvents.clear();
            second.connect();
            setup.me.phone().scanQr(SimulatedSetup.awaitOn(secondEvents, ClientEvent.Qr.class).code()).get(30, TimeUnit.SECONDS);
            SimulatedSetup.awaitOn(secondEvents, ClientEvent.Open.class);
            ClientEvent.AppStateSyncFailed first = awaitFailure(secondEvents, "STORE"); // the snapshot's chats not stored
            assertEquals(1, first.attempt(), first.toString());
            failing.threadsFailing.set(false);
        } finally {
            second.close();
        }
    }

    @Test
    void aLabelOnAMessageFromThePhoneIsKeptOnTheArchivedMessageAndOursTakesItOff() throws Exception {
        String id = setup.alice.sendText(setup.me.jid(), "invoice attached");
        waitFor(() -> kept(setup.client).stream().anyMatch(k -> k.message().id().equals(id)), "the message archived");

        server.phoneChange(setup.me, List.of(ChatAction.labelEdit("1", "Invoice", 2, false),
                ChatAction.label("1", ALICE, id, true)));
        waitFor(() -> kept(setup.client).stream().anyMatch(k -> k.message().id().equals(id) && k.labels().equals(List.of("1"))),
                "the phone's label on the archived message");
        assertTrue(chat(setup.client).map(t -> t.labels().isEmpty()).orElse(true), "the chat itself is not labeled");

        setup.client.changeChats(List.of(ChatAction.label("1", ALICE, id, false))).get(30, TimeUnit.SECONDS);
        waitFor(() -> kept(setup.client).stream().anyMatch(k -> k.message().id().equals(id) && k.labels().isEmpty()),
                "our label taken off");
        sameAsServer(setup.store, AppStateCollection.REGULAR);
    }

    /** A second companion on {@code failing}: linked, with the key, and a first regular_low patch (a pin) applied. */
    private WaClient secondWithAPin(FailingStore failing, BlockingQueue<ClientEvent> events) throws Exception {
        WaClient second = setup.linkCompanion(failing, events);
        try {
            waitFor(() -> failing.appStateKeys().latest().isPresent(), "the key share to the second companion");
            server.phoneChange(setup.me, List.of(ChatAction.pin(ALICE, true)));
            sameAsServer(failing, AppStateCollection.REGULAR_LOW);
            return second;
        } catch (Exception | Error e) {
            second.close();
            throw e;
        }
    }

    private static List<io.wabridge.client.chats.ChatBook.Kept> kept(WaClient client) {
        return client.chatBook().kept(io.wabridge.client.jid.Jid.parse(ALICE), null, null, 50).join();
    }

    private static ClientEvent.AppStateSyncFailed awaitFailure(BlockingQueue<ClientEvent> events, String kind)
            throws InterruptedException {
        while (true) {
            ClientEvent.AppStateSyncFailed f = SimulatedSetup.awaitOn(events, ClientEvent.AppStateSyncFailed.class);
            if (kind.equals(f.kind())) {
                return f;
            }
        }
    }

    private static java.util.Optional<io.wabridge.client.store.ChatThread> chat(WaClient client) {
        return client.chats(null, 100).join().stream().filter(t -> t.jid().equals(ALICE)).findFirst();
    }

    private void sameAsServer(AccountStore store, AppStateCollection c) throws InterruptedException {
        AppStateVersion expected = server.collection(setup.me, c.wireName());
        waitFor(() -> store.appStateVersions().load(c.wireName()).map(v -> v.version() == expected.version()).orElse(false),
                c.wireName() + " at v" + expected.version());
        assertArrayEquals(expected.hash(), store.appStateVersions().load(c.wireName()).orElseThrow().hash(),
                c.wireName() + ": same LTHash as the server");
    }

    private static List<AppStateUpdate> updates(BlockingQueue<ClientEvent> events, int count) throws InterruptedException {
        List<AppStateUpdate> out = new ArrayList<>();
        while (out.size() < count) {
            out.add(SimulatedSetup.awaitOn(events, ClientEvent.AppStateChanged.class).change().update());
        }
        return out;
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within 30 s");
            }
            Thread.sleep(20);
        }
    }
}

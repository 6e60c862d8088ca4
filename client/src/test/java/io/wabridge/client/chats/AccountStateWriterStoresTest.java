package io.wabridge.client.chats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.appstate.AppStateChange;
import io.wabridge.client.appstate.AppStateUpdate;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.lid.LidMappings;
import io.wabridge.client.message.content.Text;
import io.wabridge.client.store.AccountStore;
import io.wabridge.client.store.ChatLabel;
import io.wabridge.client.store.memory.MemoryStoreProvider;
import io.wabridge.proto.wa.Message;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * App state into the stores: label definitions, chat labels, stars and labels on archived messages, withdrawn ones,
 * other changes keeping them, our own push name and the locale in the credentials, a contact action's LID mapping
 * stored within the patch's unit.
 */
class AccountStateWriterStoresTest {

    private static final Jid PN = Jid.parse("15550002222@s.whatsapp.net");
    private static final Jid LID = Jid.parse("90210123456789@lid");

    private final MemoryStoreProvider provider = new MemoryStoreProvider();
    private final AccountStore account = provider.open("acme");
    private final List<ClientEvent> events = new ArrayList<>();
    private final LidMappings lids = new LidMappings("acme", account.lidMappings(), e -> { });
    private final ChatBook book = new ChatBook("acme", account.contacts(), account.threads(), account.messages(), lids,
            events::add, Runnable::run, Runnable::run);
    private final io.wabridge.client.auth.CredentialsCell credentials = new io.wabridge.client.auth.CredentialsCell(
            account.credentials());
    private final AccountStateWriter writer = new AccountStateWriter(() -> book, () -> lids, () -> credentials);

    @AfterEach
    void close() {
        provider.close();
    }

    private void apply(AppStateUpdate update, boolean removed) {
        writer.apply(new AppStateChange("regular", 3, false, removed, null, update, null));
    }

    private List<String> labels() {
        return account.threads().load(PN.toString()).orElseThrow().labels();
    }

    @Test
    void ourPushNameAndTheLocaleGoIntoTheCredentialsForTheNextWorker() {
        apply(new AppStateUpdate.Locale("pt_BR"), false); // no credentials yet: nothing to change, nothing fails
        credentials.save(io.wabridge.client.auth.CredentialsFactory.create(new java.security.SecureRandom(), null));
        apply(new AppStateUpdate.PushName("Acme Support"), false);
        apply(new AppStateUpdate.Locale("pt_BR"), false);
        var resumed = provider.open("acme").credentials().load().orElseThrow();
        assertEquals("Acme Support", resumed.value().pushName());
        assertEquals("pt_BR", resumed.value().locale());
        long version = resumed.version();
        apply(new AppStateUpdate.Locale("pt_BR"), false);
        assertEquals(version, account.credentials().load().orElseThrow().version(), "the same value is not written again");
    }

    @Test
    void ourPushNameWhoseCredentialsSaveFailsAfterThePatchsOtherWritesFailsTheUnitSoItsVersionIsNotStored() {
        io.wabridge.client.testing.ClientHarness.HeldIo held = new io.wabridge.client.testing.ClientHarness.HeldIo();
        io.wabridge.client.auth.CredentialsCell behind = new io.wabridge.client.auth.CredentialsCell(account.credentials(),
                held, Runnable::run, f -> { });
        behind.load(() -> io.wabridge.client.auth.CredentialsFactory.create(new java.security.SecureRandom(), "Acme"));
        held.hold(); // the credentials' writes wait from here on
        List<List<AppStateChange>> reported = new ArrayList<>();
        var listener = new AccountStateWriter(() -> book, () -> lids, () -> behind).appState(reported(reported));
        var kept = account.credentials().load().orElseThrow(); // another writer saves in between: the cell's is refused
        account.credentials().save(kept.value().toBuilder().pushName("elsewhere").build(), kept.version());
        List<AppStateChange> patch = List.of(
                new AppStateChange("regular_high", 5, false, false, null, new AppStateUpdate.Archive(PN.toString(), true), null),
                new AppStateChange("regular_high", 5, false, false, null, new AppStateUpdate.PushName("Acme Support"), null));

        var unit = listener.applied(patch);
        assertTrue(account.threads().load(PN.toString()).orElseThrow().archived(), "the patch's other writes are stored");
        assertTrue(!unit.isDone(), "the unit waits for the credentials save");
        held.release();
        assertTrue(unit.isCompletedExceptionally(),
                "a push name not stored fails the unit: the collection's version is not stored, the next sync applies it again");
        assertEquals(List.of(), reported, "nothing reported");
        assertEquals("elsewhere", account.credentials().load().orElseThrow().value().pushName());
    }

    /** The listener behind the writer: collects the units it is told of. */
    private static io.wabridge.client.appstate.AppStateSync.Listener reported(List<List<AppStateChange>> reported) {
        return new io.wabridge.client.appstate.AppStateSync.Listener() {
            @Override
            public void changed(AppStateChange change) {
            }

            @Override
            public void failed(io.wabridge.client.appstate.AppStateException error, boolean recovering) {
            }

            @Override
            public java.util.concurrent.CompletableFuture<Void> applied(List<AppStateChange> changes) {
                reported.add(changes);
                return java.util.concurrent.CompletableFuture.completedFuture(null);
            }
        };
    }

    @Test
    void starsGoOnTheArchivedMessageAndComeOffWhenUnstarredOrWithdrawn() {
        book.received(new ClientEvent.MessageReceived("M1", PN, PN.withDevice(0), PN, null, "Alice",
                Instant.now().minusSeconds(60), new Text("hi"), Message.getDefaultInstance(), false)); // within retention
        book.committed();
        apply(new AppStateUpdate.Star(PN.toString(), "M1", false, null, true), false);
        apply(new AppStateUpdate.Star(PN.toString(), "M-unknown", false, null, true), false); // not archived: nothing
        assertEquals(List.of(true), book.kept(PN, null, null, 10).join().stream().map(ChatBook.Kept::starred).toList());
        assertEquals(List.of(), account.messages().archived(PN.toString(), "M-unknown").stream().toList());
        apply(new AppStateUpdate.Star(PN.toString(), "M1", false, null, false), false);
        assertTrue(!account.messages().archived(PN.toString(), "M1").orElseThrow().starred());
        apply(new AppStateUpdate.Star(PN.toString(), "M1", false, null, true), false);
        apply(new AppStateUpdate.Star(PN.toString(), "M1", false, null, true), true); // withdrawn (REMOVE)
        assertTrue(!account.messages().archived(PN.toString(), "M1").orElseThrow().starred());
    }

    @Test
    void labelsAreStoredPutOnChatsKeptThroughOtherChangesAndTakenOff() {
        apply(new AppStateUpdate.LabelEdit("1", "New customer", 1, false), false);
        apply(new AppStateUpdate.LabelEdit("2", "Paid", 4, false), false);
        apply(new AppStateUpdate.LabelEdit("2", "Paid in full", 5, false), false);
        assertEquals(List.of(new ChatLabel("1", "New customer", 1), new ChatLabel("2", "Paid in full", 5)),
                book.labels(null, 10));

        apply(new AppStateUpdate.LabelAssociation("2", PN.toString(), null, true), false);
        apply(new AppStateUpdate.LabelAssociation("1", PN.toString(), null, true), false);
        assertEquals(List.of("1", "2"), labels());
        apply(new AppStateUpdate.LabelAssociation("1", PN.toString(), "3EB0C431C26A1916E07A", true), false);
        assertEquals(List.of("1", "2"), labels(), "a message label does not label the chat");

        apply(new AppStateUpdate.Archive(PN.toString(), true), false);
        apply(new AppStateUpdate.Mute(PN.toString(), true, -1), false);
        book.received(new ClientEvent.MessageReceived("M1", PN, PN.withDevice(0), PN, null, "Alice",
                Instant.ofEpochSecond(100), new Text("hi"), Message.getDefaultInstance(), false));
        book.committed();
        apply(new AppStateUpdate.ClearChat(PN.toString()), false);
        var chat = account.threads().load(PN.toString()).orElseThrow();
        assertTrue(chat.archived());
        assertEquals(List.of("1", "2"), chat.labels(), "archive, mute, a message and a clear keep the labels");

        apply(new AppStateUpdate.LabelAssociation("2", PN.toString(), null, false), false);
        assertEquals(List.of("1"), labels());
        apply(new AppStateUpdate.LabelAssociation("1", PN.toString(), null, true), true); // withdrawn (REMOVE)
        assertEquals(List.of(), labels());

        apply(new AppStateUpdate.LabelEdit("1", "New customer", 1, true), false);
        apply(new AppStateUpdate.LabelEdit("2", "Paid in full", 5, false), true); // withdrawn (REMOVE)
        assertEquals(List.of(), book.labels(null, 10));
    }

    @Test
    void messageLabelsGoOnTheArchivedMessageAndComeOffWhenTakenOffOrWithdrawn() {
        book.received(new ClientEvent.MessageReceived("M1", PN, PN.withDevice(0), PN, null, "Alice",
                Instant.now().minusSeconds(60), new Text("invoice attached"), Message.getDefaultInstance(), false));
        book.committed();
        apply(new AppStateUpdate.LabelEdit("1", "Invoice", 2, false), false);
        apply(new AppStateUpdate.LabelAssociation("2", PN.toString(), "M1", true), false);
        apply(new AppStateUpdate.LabelAssociation("1", PN.toString(), "M1", true), false);
        apply(new AppStateUpdate.LabelAssociation("1", PN.toString(), "M-unknown", true), false); // not archived: nothing
        apply(new AppStateUpdate.Star(PN.toString(), "M1", false, null, true), false);
        assertEquals(List.of(List.of("1", "2")), book.kept(PN, null, null, 10).join().stream().map(ChatBook.Kept::labels).toList());
        assertTrue(book.kept(PN, null, null, 10).join().getFirst().starred(), "a star and labels side by side");
        assertEquals(List.of(), account.messages().archived(PN.toString(), "M-unknown").stream().toList());
        assertTrue(account.threads().load(PN.toString()).map(t -> t.labels().isEmpty()).orElse(true),
                "a message label does not label the chat");

        apply(new AppStateUpdate.LabelEdit("1", "Invoice", 2, true), false); // the label deleted: the message keeps its id
        assertEquals(List.of("1", "2"), account.messages().archived(PN.toString(), "M1").orElseThrow().labels());
        apply(new AppStateUpdate.LabelAssociation("2", PN.toString(), "M1", false), false);
        assertEquals(List.of("1"), account.messages().archived(PN.toString(), "M1").orElseThrow().labels());
        apply(new AppStateUpdate.LabelAssociation("1", PN.toString(), "M1", true), true); // withdrawn (REMOVE)
        assertEquals(List.of(), account.messages().archived(PN.toString(), "M1").orElseThrow().labels());
        assertTrue(account.messages().archived(PN.toString(), "M1").orElseThrow().starred(), "the star stays");
    }

    @Test
    void aContactActionsLidMappingIsStoredWithinThePatchsUnitAndItsFailureFailsTheUnit() {
        java.util.ArrayDeque<Runnable> io = new java.util.ArrayDeque<>();
        java.util.concurrent.atomic.AtomicBoolean refuse = new java.util.concurrent.atomic.AtomicBoolean();
        io.wabridge.client.store.LidMappingStore real = account.lidMappings();
        io.wabridge.client.store.LidMappingStore failing = new io.wabridge.client.store.LidMappingStore() {
            @Override
            public void store(io.wabridge.client.store.LidPnMapping mapping) {
                storeAll(List.of(mapping));
            }

            @Override
            public void storeAll(java.util.Collection<io.wabridge.client.store.LidPnMapping> mappings) {
                if (refuse.get()) {
                    throw new io.wabridge.client.store.StoreException("injected: the store does not take mappings");
                }
                real.storeAll(mappings);
            }

            @Override
            public java.util.Optional<String> lidForPn(String pn) {
                return real.lidForPn(pn);
            }

            @Override
            public java.util.Optional<String> pnForLid(String lid) {
                return real.pnForLid(lid);
            }

            @Override
            public java.util.Map<String, String> lidsForPns(java.util.Collection<String> pns) {
                return real.lidsForPns(pns);
            }

            @Override
            public java.util.Map<String, String> pnsForLids(java.util.Collection<String> lids) {
                return real.pnsForLids(lids);
            }
        };
        LidMappings behind = new LidMappings("acme", failing, e -> { });
        behind.writeBehind(io::add, Runnable::run); // the mapping's write waits in io until the test runs it
        List<List<AppStateChange>> reported = new ArrayList<>();
        var listener = new AccountStateWriter(() -> book, () -> behind, () -> credentials).appState(reported(reported));
        List<AppStateChange> patch = List.of(new AppStateChange("critical_unblock_low", 4, false, false, null,
                new AppStateUpdate.ContactName(PN.toString(), "Alice Liddell", "Alice", LID.toString(), null), null));

        refuse.set(true);
        var failed = listener.applied(patch);
        assertTrue(!failed.isDone(), "the unit waits for the mapping's write");
        io.poll().run();
        assertTrue(failed.isCompletedExceptionally(), "a mapping not stored fails the unit (its version is not stored)");
        assertEquals(List.of(), reported, "nothing reported");
        assertTrue(real.lidForPn(PN.toString()).isEmpty());

        refuse.set(false); // the next sync applies the patch again
        var stored = listener.applied(patch);
        assertTrue(!stored.isDone(), "the mapping is written again, and the unit waits for it");
        io.poll().run();
        stored.join();
        assertEquals(java.util.Optional.of(LID.toString()), real.lidForPn(PN.toString()));
        assertEquals(List.of(patch), reported, "reported once stored");
        assertEquals("Alice Liddell", account.contacts().load(PN.toString()).orElseThrow().fullName());
    }
}

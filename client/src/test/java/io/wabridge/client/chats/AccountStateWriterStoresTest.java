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
 * App state into the stores: label definitions, chat labels, stars on archived messages, withdrawn ones, other
 * changes keeping them, our own push name and the locale in the credentials.
 */
class AccountStateWriterStoresTest {

    private static final Jid PN = Jid.parse("15550002222@s.whatsapp.net");

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
}

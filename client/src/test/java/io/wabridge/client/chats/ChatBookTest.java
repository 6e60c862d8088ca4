package io.wabridge.client.chats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.lid.LidMappings;
import io.wabridge.client.message.content.MessageContent;
import io.wabridge.client.message.content.Reaction;
import io.wabridge.client.message.content.Text;
import io.wabridge.client.store.AccountStore;
import io.wabridge.client.store.ChatThread;
import io.wabridge.client.store.Contact;
import io.wabridge.client.store.memory.MemoryStoreProvider;
import io.wabridge.proto.wa.Message;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChatBookTest {

    private static final Jid PN = Jid.parse("15550002222@s.whatsapp.net");
    private static final Jid LID = Jid.parse("90210123456789@lid");

    private final MemoryStoreProvider provider = new MemoryStoreProvider();
    private final AccountStore account = provider.open("acme");
    private final List<ClientEvent> events = new ArrayList<>();
    private final LidMappings lids = new LidMappings("acme", account.lidMappings(), e -> { });
    private final ChatBook book = new ChatBook("acme", account.contacts(), account.threads(), lids, events::add);

    @AfterEach
    void close() {
        provider.close();
    }

    private static ClientEvent.MessageReceived received(String id, Jid chat, Jid pn, Jid lid, String pushName, long t,
                                                        MessageContent content, boolean fromMe) {
        return new ClientEvent.MessageReceived(id, chat, chat.withDevice(1), pn, lid, pushName, Instant.ofEpochSecond(t),
                content, Message.getDefaultInstance(), fromMe);
    }

    @Test
    void receivedMessagesCountAsUnreadAndSetPushNamesOnlyOnceTheirBatchIsCommitted() {
        book.received(received("1", PN, PN, LID, "Alice", 100, new Text("a"), false));
        book.received(received("2", PN, PN, LID, "Alice", 105, new Text("b"), false));
        book.received(received("3", PN, PN, LID, "Alice", 106, new Reaction(new io.wabridge.client.message.content.MessageRef(PN.toString(), false, "1", null), "x", 0), false));
        assertTrue(account.threads().load(PN.toString()).isEmpty(), "nothing written before the commit");
        assertTrue(events.isEmpty());

        book.committed();
        assertEquals(new ChatThread(PN.toString(), null, 105, 2, false, false, 0), account.threads().load(PN.toString()).orElseThrow());
        assertEquals(new Contact(PN.toString(), null, null, "Alice"), account.contacts().load(PN.toString()).orElseThrow());
        assertEquals(List.of(new ClientEvent.PushNameChanged(PN, PN, null, "Alice", null)), events);

        book.received(received("4", PN, PN, LID, "Alice B", 110, new Text("c"), false));
        book.discarded(); // the batch was not acknowledged: it comes again
        book.received(received("4", PN, PN, LID, "Alice B", 110, new Text("c"), false));
        book.committed();
        assertEquals(3, account.threads().load(PN.toString()).orElseThrow().unreadCount(), "counted once");
        assertEquals(new ClientEvent.PushNameChanged(PN, PN, null, "Alice B", "Alice"), events.getLast());

        book.sent(PN, Instant.ofEpochSecond(120));
        assertEquals(new ChatThread(PN.toString(), null, 120, 0, false, false, 0), account.threads().load(PN.toString()).orElseThrow());
    }

    @Test
    void aLidChatIsKeptUnderTheNumberOnceKnownAndListingsArePaged() {
        book.received(received("1", LID, null, LID, "Hidden", 100, new Text("a"), false));
        book.committed();
        assertEquals(1, account.threads().load(LID.toString()).orElseThrow().unreadCount(), "no number known: by LID");

        lids.learn(PN, LID, LidMappings.Source.MESSAGE);
        book.received(received("2", LID, PN, LID, "Alice", 101, new Text("b"), false));
        book.committed();
        assertEquals(1, account.threads().load(PN.toString()).orElseThrow().unreadCount(), "now by number");
        ChatBook.ContactEntry alice = book.contacts(null, 10).stream()
                .filter(c -> c.contact().jid().equals(PN.toString())).findFirst().orElseThrow();
        assertEquals(PN, alice.pn());
        assertEquals(LID, alice.lid());

        assertEquals(List.of(PN.toString()), book.chats(null, 1).stream().map(ChatThread::jid).toList());
        assertEquals(List.of(LID.toString()), book.chats(PN.toString(), 1).stream().map(ChatThread::jid).toList());
        assertThrows(IllegalArgumentException.class, () -> book.chats(null, 0));
        assertThrows(IllegalArgumentException.class, () -> book.contacts(null, ChatBook.MAX_PAGE + 1));
    }

    @Test
    void appStateAndHistoryChangesAreWrittenAtOnceAndReportedWhenTheyChange() {
        book.contactNames(PN, "Alice Smith", "Alice");
        book.contactNames(PN, "Alice Smith", null);
        assertEquals(List.of(new ClientEvent.ContactUpdated(PN, PN, null, "Alice Smith", "Alice", null)), events);
        book.pushName(PN, "ali");
        assertEquals(new Contact(PN.toString(), "Alice Smith", "Alice", "ali"), account.contacts().load(PN.toString()).orElseThrow());

        ChatThread archived = book.updateChat(PN, t -> new ChatThread(t.jid(), t.name(), t.lastMessageTimestamp(),
                t.unreadCount(), true, t.pinned(), t.muteEndTimestamp()));
        assertTrue(archived.archived());
        assertEquals(new ClientEvent.ChatUpdated(archived), events.getLast());
        int before = events.size();
        book.updateChat(PN, t -> t);
        assertEquals(before, events.size(), "no change, no event");
    }
}

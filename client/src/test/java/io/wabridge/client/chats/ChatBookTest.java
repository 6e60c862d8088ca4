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
    private final ChatBook book = new ChatBook("acme", account.contacts(), account.threads(), account.messages(), lids,
            events::add, Runnable::run, Runnable::run);

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

    // ---- the message archive and the write lane ----

    /** Within the archive's default retention (30 days by the system clock). */
    private static final long T = Instant.now().getEpochSecond() - 3600;

    private static Message text(String t) {
        return Message.newBuilder().setConversation(t).build();
    }

    private static ClientEvent.MessageReceived textMessage(String id, Jid chat, long t, String text, boolean fromMe) {
        return new ClientEvent.MessageReceived(id, chat, chat.withDevice(1), chat.isPn() ? chat : null,
                chat.isLid() ? chat : null, "Alice", Instant.ofEpochSecond(t), new Text(text), text(text), fromMe);
    }

    private static ClientEvent.MessageReceived edit(String id, Jid chat, long t, String target, String newText) {
        Message m = Message.newBuilder().setProtocolMessage(io.wabridge.proto.wa.ProtocolMessage.newBuilder()
                .setType(io.wabridge.proto.wa.ProtocolMessage.Type.MESSAGE_EDIT)
                .setKey(io.wabridge.proto.wa.MessageKey.newBuilder().setRemoteJid(chat.toString()).setId(target))
                .setEditedMessage(text(newText))).build();
        return new ClientEvent.MessageReceived(id, chat, chat.withDevice(1), chat, null, null, Instant.ofEpochSecond(t),
                io.wabridge.client.message.content.MessageContentCodec.decode(m), m, false);
    }

    private List<String> archivedTexts(Jid chat) {
        return book.messages(chat, null, null, 10).join().stream()
                .map(m -> m.id() + ":" + (m.content() instanceof Text t ? t.text() : m.content().toString())).toList();
    }

    @Test
    void receivedMessagesAreArchivedWithTheirBatchAndEditsAndRevokesChangeThem() {
        book.received(textMessage("A1", PN, T, "one", false));
        book.received(textMessage("A2", PN, T + 1, "two", false));
        assertEquals(List.of(), archivedTexts(PN), "nothing archived before the commit");
        book.discarded();
        assertEquals(List.of(), archivedTexts(PN), "nor for a batch that was not acknowledged");

        book.received(textMessage("A1", PN, T, "one", false));
        book.received(textMessage("A2", PN, T + 1, "two", false));
        book.received(edit("E1", PN, T + 2, "A1", "one, edited"));
        book.committed();
        assertEquals(List.of("A2:two", "A1:one, edited"), archivedTexts(PN), "newest first; the edit replaced A1's text");
        ClientEvent.MessageReceived a2 = book.message(PN, "A2").join().orElseThrow();
        assertEquals(PN.withDevice(1), a2.sender());
        assertEquals("Alice", a2.pushName());
        assertEquals(Instant.ofEpochSecond(T + 1), a2.timestamp());

        book.received(new ClientEvent.MessageReceived("R1", PN, PN.withDevice(1), PN, null, null, Instant.ofEpochSecond(T + 3),
                new io.wabridge.client.message.content.Revoke(new io.wabridge.client.message.content.MessageRef(
                        PN.toString(), false, "A2", null)), Message.newBuilder().setProtocolMessage(
                        io.wabridge.proto.wa.ProtocolMessage.newBuilder()
                                .setType(io.wabridge.proto.wa.ProtocolMessage.Type.REVOKE)).build(), false));
        book.committed();
        assertEquals(List.of("A1:one, edited"), archivedTexts(PN), "a revoke deletes the message");

        book.sent(PN, Instant.ofEpochSecond(T + 10), Jid.parse("15550009999:3@s.whatsapp.net"), "S1", new Text("mine"));
        assertEquals(List.of("S1:mine", "A1:one, edited"), archivedTexts(PN), "sent messages are archived too");
        assertTrue(book.message(PN, "S1").join().orElseThrow().fromMe());
        assertEquals(List.of("A1:one, edited"), book.messages(PN, Instant.ofEpochSecond(T + 10), "S1", 10).join().stream()
                .map(m -> m.id() + ":" + ((Text) m.content()).text()).toList(), "paged back from an anchor");

        book.clearChat(PN);
        assertEquals(List.of(), archivedTexts(PN), "a cleared chat's messages go");
    }

    @Test
    void writesMadeWhileOneWaitsJoinItInOneStoreRoundTripInOrder() {
        List<Runnable> io = new ArrayList<>();
        HookedThreads threads = new HookedThreads();
        ChatBook lane = new ChatBook("acme", account.contacts(), threads, account.messages(), lids,
                events::add, Runnable::run, io::add);
        lane.received(textMessage("B1", PN, T, "one", false));
        lane.committed();
        lane.received(textMessage("B2", PN, T + 1, "two", false));
        lane.committed();
        lane.contactNames(PN, "Alice Smith", "Alice");
        assertEquals(1, io.size(), "the first write is on the store I/O executor, the others join it while it waits");
        assertEquals(2, lane.joinedWrites());
        assertTrue(account.threads().load(PN.toString()).isEmpty(), "nothing stored on the session executor");
        assertTrue(events.isEmpty(), "nothing reported before it is stored");

        io.removeFirst().run();
        assertTrue(io.isEmpty());
        assertEquals(1, threads.storeAllCalls, "the chat written twice is stored once, in one round trip");
        assertEquals(2, account.threads().load(PN.toString()).orElseThrow().unreadCount());
        assertEquals(List.of("B2:two", "B1:one"), archivedTexts(PN), "both batches' messages archived");
        assertEquals(new Contact(PN.toString(), "Alice Smith", "Alice", "Alice"), account.contacts().load(PN.toString())
                .orElseThrow(), "the names kept the push name the first write had not stored yet");
        assertEquals(List.of(new ClientEvent.PushNameChanged(PN, PN, null, "Alice", null),
                new ClientEvent.ContactUpdated(PN, PN, null, "Alice Smith", "Alice", "Alice")), events,
                "every joined write's events, in order, once stored");
        assertTrue(lane.idle().isDone());
    }

    @Test
    void aWriteMadeWhileOneIsBeingStoredWaitsForItAndCountsOnTopOfIt() {
        List<Runnable> io = new ArrayList<>();
        HookedThreads threads = new HookedThreads();
        ChatBook lane = new ChatBook("acme", account.contacts(), threads, account.messages(), lids,
                events::add, Runnable::run, io::add);
        threads.beforeFirstStore = () -> {
            lane.received(textMessage("B2", PN, T + 1, "two", false));
            lane.committed();
        };
        lane.received(textMessage("B1", PN, T, "one", false));
        lane.committed();
        io.removeFirst().run();
        assertEquals(0, lane.joinedWrites(), "a write being stored is not joined");
        assertEquals(1, account.threads().load(PN.toString()).orElseThrow().unreadCount());
        assertEquals(1, io.size(), "the next write goes once the first is done");
        io.removeFirst().run();
        assertEquals(2, account.threads().load(PN.toString()).orElseThrow().unreadCount(),
                "the second batch counted on top of the first, not yet stored when it came");
        assertTrue(lane.idle().isDone());
    }

    @Test
    void aFailedWriteIsDroppedWithoutItsEventsAndLaterWritesGoOn() {
        List<Runnable> io = new ArrayList<>();
        HookedThreads failing = new HookedThreads();
        ChatBook lane = new ChatBook("acme", account.contacts(), failing, account.messages(), lids, events::add,
                Runnable::run, io::add);
        failing.beforeFirstStore = () -> {
            lane.updateChat(PN, t -> new ChatThread(t.jid(), t.name(), 0, 0, t.archived(), true, 0));
            throw new io.wabridge.client.store.StoreException("database down");
        };
        lane.updateChat(PN, t -> new ChatThread(t.jid(), "first", 0, 0, true, false, 0));
        io.removeFirst().run();
        assertTrue(events.isEmpty(), "a write that failed reports nothing");
        io.removeFirst().run();
        assertEquals(new ChatThread(PN.toString(), "first", 0, 0, true, true, 0), account.threads().load(PN.toString())
                .orElseThrow(), "the later write carries the whole state");
        assertEquals(1, events.size());
    }

    @Test
    void storedCompletesOnceEveryWriteMadeInItIsStoredAndFailsWithAWriteThatFailed() {
        List<Runnable> io = new ArrayList<>();
        HookedThreads threads = new HookedThreads();
        ChatBook lane = new ChatBook("acme", account.contacts(), threads, account.messages(), lids, events::add,
                Runnable::run, io::add);
        var unit = lane.stored(() -> {
            lane.updateChat(PN, t -> new ChatThread(t.jid(), t.name(), 0, 0, true, false, 0));
            lane.label(new io.wabridge.client.store.ChatLabel("1", "New customer", 1), false);
        });
        io.removeFirst().run();
        assertTrue(!unit.isDone(), "the label is not stored yet");
        assertEquals(1, io.size(), "the label's write, after the chat's");
        io.removeFirst().run();
        assertTrue(unit.isDone() && !unit.isCompletedExceptionally(), "both stored");
        assertTrue(lane.stored(() -> lane.updateChat(PN, t -> t)).isDone(), "nothing to write: done at once");

        threads.storeAllCalls = 0;
        threads.beforeFirstStore = () -> {
            throw new io.wabridge.client.store.StoreException("database down");
        };
        var failed = lane.stored(() -> lane.updateChat(PN, t -> new ChatThread(t.jid(), t.name(), 0, 0, true, true, 0)));
        io.removeFirst().run();
        assertTrue(failed.isCompletedExceptionally(), "the unit's write failed");
        var cause = assertThrows(java.util.concurrent.CompletionException.class, failed::join).getCause();
        assertTrue(cause instanceof io.wabridge.client.store.StoreException, cause.toString());
        assertTrue(!account.threads().load(PN.toString()).orElseThrow().pinned());
        assertTrue(lane.stored(() -> {
            throw new io.wabridge.client.store.StoreException("credentials down");
        }).isCompletedExceptionally(), "what the changes threw fails the unit too");
    }

    @Test
    void aSendReadsItsChatAheadByItsKeyAndThenFindsItInMemory() {
        account.threads().store(new ChatThread(PN.toString(), "Alice", T, 3, false, false, 0));
        lids.learn(PN, LID, LidMappings.Source.MESSAGE);
        HookedThreads threads = new HookedThreads();
        List<Runnable> io = new ArrayList<>();
        ChatBook lane = new ChatBook("acme", account.contacts(), threads, account.messages(), lids, events::add,
                Runnable::run, io::add);

        var read = lane.readAhead(List.of(LID), List.of()); // a send to the LID chat, kept under the number
        assertTrue(!read.isDone(), "read on the I/O executor");
        io.removeFirst().run();
        assertTrue(read.isDone() && !read.isCompletedExceptionally());
        assertEquals(List.of(PN.toString()), threads.loaded, "the chat under its number, read once");
        assertTrue(lane.readAhead(List.of(PN), List.of()).isDone(), "kept: nothing to read");

        lane.sent(LID, Instant.ofEpochSecond(T + 10));
        assertEquals(List.of(PN.toString()), threads.loaded, "the send read nothing on the executor");
        io.removeFirst().run();
        assertEquals(new ChatThread(PN.toString(), "Alice", T + 10, 0, false, false, 0),
                account.threads().load(PN.toString()).orElseThrow());
    }

    @Test
    void writesMadeInOneTurnOfTheSessionGoAsOneStoreRoundTrip() {
        List<Runnable> session = new ArrayList<>();
        List<Runnable> io = new ArrayList<>();
        HookedThreads threads = new HookedThreads();
        ChatBook lane = new ChatBook("acme", account.contacts(), threads, account.messages(), lids, events::add,
                session::add, io::add);
        Jid me = Jid.parse("15550001111@s.whatsapp.net");
        lane.sent(PN, Instant.ofEpochSecond(T), me, "S1", new Text("one")); // two acks handled in one turn
        lane.sent(PN, Instant.ofEpochSecond(T + 1), me, "S2", new Text("two"));
        assertTrue(io.isEmpty(), "nothing starts before the session's turn ends");
        session.removeFirst().run();
        assertEquals(1, io.size(), "one write for both");
        io.removeFirst().run();
        assertEquals(1, lane.joinedWrites());
        assertEquals(1, threads.storeAllCalls, "the chat stored once, with its last state");
        assertEquals(T + 1, account.threads().load(PN.toString()).orElseThrow().lastMessageTimestamp());
        assertTrue(account.messages().archived(PN.toString(), "S1").isPresent());
        assertTrue(account.messages().archived(PN.toString(), "S2").isPresent());
    }

    /** The account's thread store, counting its batch writes, with a hook run (once) as the first batch is stored. */
    private final class HookedThreads implements io.wabridge.client.store.ThreadStore {
        Runnable beforeFirstStore = () -> { };
        int storeAllCalls;
        final List<String> loaded = new ArrayList<>();

        @Override
        public java.util.Optional<ChatThread> load(String jid) {
            loaded.add(jid);
            return account.threads().load(jid);
        }

        @Override
        public void store(ChatThread thread) {
            storeAll(List.of(thread));
        }

        @Override
        public void storeAll(java.util.Collection<ChatThread> threads) {
            if (storeAllCalls++ == 0) {
                beforeFirstStore.run();
            }
            account.threads().storeAll(threads);
        }

        @Override
        public void delete(String jid) {
            account.threads().delete(jid);
        }

        @Override
        public List<ChatThread> page(String afterJid, int limit) {
            return account.threads().page(afterJid, limit);
        }

        @Override
        public java.util.Optional<io.wabridge.client.store.ChatLabel> loadLabel(String id) {
            return account.threads().loadLabel(id);
        }

        @Override
        public void storeLabel(io.wabridge.client.store.ChatLabel label) {
            account.threads().storeLabel(label);
        }

        @Override
        public void deleteLabel(String id) {
            account.threads().deleteLabel(id);
        }

        @Override
        public List<io.wabridge.client.store.ChatLabel> labelPage(String afterId, int limit) {
            return account.threads().labelPage(afterId, limit);
        }
    }
}

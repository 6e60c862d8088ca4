package io.wabridge.simulator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.message.content.Text;
import io.wabridge.client.send.SendResult;
import io.wabridge.client.signal.SignalAddresses;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.contact.ContactMessage;
import io.wabridge.simulator.contact.SimulatedContact;
import io.wabridge.simulator.testing.Waits;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * LID-first addressing against the simulator: a LID-only contact (no phone number ever shown) messages our LID and
 * is answered there; a contact writing by LID with {@code sender_pn} teaches the mapping, and a reply by number then
 * uses the LID session; our own mapping is learned at login, or later when the login named no LID.
 */
class WaClientLidTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private SimulatedSetup setup;

    @AfterEach
    void stop() {
        if (setup != null) {
            setup.close();
        }
    }

    private ClientEvent.LidMappingLearned mappingOf(Jid pn) {
        return setup.all.stream().filter(e -> e instanceof ClientEvent.LidMappingLearned l && l.pn().equals(pn))
                .map(ClientEvent.LidMappingLearned.class::cast).findFirst().orElse(null);
    }

    @Test
    void aLidOnlyContactMessagesOurClientAndIsAnsweredAtItsLid() throws Exception {
        setup = new SimulatedSetup().link();
        PhoneAccount hidden = setup.simulator.accounts().create("15550004444").lidOnly(true);
        SimulatedContact contact = setup.simulator.accounts().messaging().contact(hidden);

        contact.sendText(setup.me.jid(), "hello from a hidden number");
        ClientEvent.MessageReceived got = setup.awaitText("hello from a hidden number");
        assertEquals(hidden.lidJid(), got.chat(), "the chat is the contact's LID");
        assertTrue(got.sender().isLid(), got.sender().toString());
        assertNull(got.senderPn(), "no number was shown");
        assertEquals(hidden.lidJid(), got.senderLid());
        assertNull(mappingOf(hidden.jid()), "nothing to map");

        SendResult answer = setup.client.sendMessage(got.chat(), new Text("answered at your LID"), "lid-1")
                .get(30, TimeUnit.SECONDS);
        ContactMessage atContact = contact.awaitMessage(WAIT);
        assertEquals("answered at your LID", atContact.text());
        assertEquals(answer.messageId(), atContact.id());

        contact.sendText(setup.me.jid(), "second, as msg");
        assertEquals(hidden.lidJid(), setup.awaitText("second, as msg").chat());
        // the chat and the contact are kept under the LID (no number known); our answer read the chat
        // (the chat book is written once the batch's Signal state is stored, which the flush does off the executor
        // after the hand-off the test saw: wait for it)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int unread;
        do {
            var chats = setup.client.chats(null, 10).get(10, TimeUnit.SECONDS);
            unread = chats.stream().filter(c -> c.jid().equals(hidden.lidJid().toString())).findFirst().orElseThrow()
                    .unreadCount();
            if (unread != 1) {
                Thread.sleep(20);
            }
        } while (unread != 1 && System.nanoTime() < deadline);
        assertEquals(1, unread, "one message since our answer");
    }

    @Test
    void aContactWritingByLidTeachesTheMappingAndAReplyByNumberUsesTheLidSession() throws Exception {
        setup = new SimulatedSetup().link();
        SimulatedContact alice = setup.alice;
        PhoneAccount aliceAccount = alice.account();

        aliceAccount.pushName("Alice");
        alice.sendText(setup.me.lidJid(), "hi by LID");
        ClientEvent.MessageReceived got = setup.awaitText("hi by LID");
        assertEquals(aliceAccount.jid(), got.senderPn(), "sender_pn named the number");
        assertEquals(aliceAccount.lidJid(), got.senderLid());
        ClientEvent.LidMappingLearned learned = mappingOf(aliceAccount.jid());
        assertEquals(new ClientEvent.LidMappingLearned(aliceAccount.jid(), aliceAccount.lidJid(), "message", null), learned);
        // the mapping is written behind the event (LidMappings' asynchronous write): wait for the store to have it
        Waits.until(() -> setup.store.lidMappings().lidForPn(aliceAccount.jid().toString()).isPresent(),
                "alice's mapping stored");
        assertEquals(aliceAccount.lidJid().toString(),
                setup.store.lidMappings().lidForPn(aliceAccount.jid().toString()).orElseThrow());

        setup.client.sendMessage(aliceAccount.jid(), new Text("reply by number"), "pn-1").get(30, TimeUnit.SECONDS);
        assertEquals("reply by number", alice.awaitMessage(WAIT).text());
        assertTrue(setup.store.signalSessions().load(SignalAddresses.of(aliceAccount.lidJid().withDevice(0))).isPresent(),
                "one session with alice's phone, under her LID");
        assertTrue(setup.store.signalSessions().load(SignalAddresses.of(aliceAccount.jid().withDevice(0))).isEmpty(),
                "none under her number");

        // the chat book's writes are stored off the executor after the batch's commit: wait for them
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        java.util.Optional<io.wabridge.client.chats.ChatBook.ContactEntry> found;
        do {
            found = setup.client.contacts(null, 10).get(10, TimeUnit.SECONDS).stream()
                    .filter(c -> c.contact().jid().equals(aliceAccount.jid().toString())
                            && "Alice".equals(c.contact().pushName())).findFirst();
            if (found.isEmpty()) {
                Thread.sleep(20);
            }
        } while (found.isEmpty() && System.nanoTime() < deadline);
        var entry = found.orElseThrow();
        assertEquals(aliceAccount.lidJid(), entry.lid(), "the contact lists both identities");
        assertEquals("Alice", entry.contact().pushName());
        assertTrue(setup.all.contains(new ClientEvent.PushNameChanged(aliceAccount.jid(), aliceAccount.jid(),
                aliceAccount.lidJid(), "Alice", null)), setup.all.toString());

        alice.sendText(setup.me.jid(), "and by number again");
        ClientEvent.MessageReceived byNumber = setup.awaitText("and by number again");
        assertEquals(aliceAccount.jid(), byNumber.chat());
        assertEquals(aliceAccount.lidJid(), byNumber.senderLid());
    }

    @Test
    void ourOwnMappingIsLearnedAtLoginOrLaterWhenTheLoginNamedNoLid() throws Exception {
        setup = new SimulatedSetup().link();
        assertEquals(new ClientEvent.LidMappingLearned(setup.me.jid(), setup.me.lidJid(), "own", null),
                mappingOf(setup.me.jid()));
        setup.close();

        setup = new SimulatedSetup();
        setup.interop().successWithoutLid(true).pairSuccessWithoutLid(true);
        setup.link();
        assertNull(mappingOf(setup.me.jid()), "no LID known yet");
        setup.client.sendMessage(setup.alice.jid(), new Text("first send"), "own-1").get(30, TimeUnit.SECONDS);
        assertEquals(new ClientEvent.LidMappingLearned(setup.me.jid(), setup.me.lidJid(), "own", null),
                mappingOf(setup.me.jid()), "taught by the usync answer for our own user");
        Waits.until(() -> setup.store.lidMappings().lidForPn(setup.alice.jid().toString()).isPresent(),
                "alice's mapping stored (written behind the event)");
        assertEquals(aliceLid(), setup.store.lidMappings().lidForPn(setup.alice.jid().toString()).orElseThrow(),
                "and alice's from the same answer");
    }

    private String aliceLid() {
        return setup.alice.account().lidJid().toString();
    }
}

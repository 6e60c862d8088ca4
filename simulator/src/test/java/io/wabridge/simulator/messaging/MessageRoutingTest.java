package io.wabridge.simulator.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.binary.Node;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.message.content.MessageContentCodec;
import io.wabridge.client.message.content.ReceivedContent;
import io.wabridge.client.message.content.Text;
import io.wabridge.simulator.WaSimulator;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.contact.ContactMessage;
import io.wabridge.simulator.contact.ContactReceipt;
import io.wabridge.simulator.contact.SimulatedContact;
import io.wabridge.simulator.testing.RawClient;
import io.wabridge.simulator.testing.SignalCompanion;
import io.wabridge.simulator.testing.Waits;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * 1:1 messages and receipts through the server between a companion on a real socket (Signal by the client library,
 * stanzas by hand) and simulated phones: fan-out, the server's acks, receipts forwarded, own-device copies, the
 * offline mailbox delivered before the offline marker, LID addressing.
 */
class MessageRoutingTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private WaSimulator simulator;
    private PhoneAccount me;
    private PhoneAccount bobAccount;
    private SimulatedContact myPhone;
    private SimulatedContact bob;
    private SignalCompanion companion;

    @BeforeEach
    void start() throws Exception {
        simulator = WaSimulator.start();
        me = simulator.accounts().create("15550001111");
        bobAccount = simulator.accounts().create("15550002222");
        bobAccount.pushName("Bob");
        myPhone = simulator.accounts().messaging().contact(me);
        bob = simulator.accounts().messaging().contact(bobAccount);
        companion = SignalCompanion.link(me, 10);
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    private RawClient online() throws Exception {
        RawClient client = companion.login(simulator);
        Node marker = client.next();
        assertEquals("ib", marker.tag());
        assertEquals("0", marker.child("offline").attr("count"));
        return client;
    }

    /** The next receipt the phone got from {@code device} (my phone's own delivery receipts may come first). */
    private static ContactReceipt receiptFrom(SimulatedContact phone, Jid device) throws InterruptedException {
        while (true) {
            ContactReceipt receipt = phone.awaitReceipt(WAIT);
            assertNotNull(receipt, "no receipt from " + device);
            if (receipt.from().equals(device)) {
                return receipt;
            }
        }
    }

    private static boolean is(Node stanza, String tag, String type) {
        return stanza.is(tag) && (type == null ? stanza.attr("type") == null : type.equals(stanza.attr("type")));
    }

    @Test
    void aCompanionsMessageReachesThePeerAndItsOwnPhoneAndTheSenderGetsAcksAndReceipts() throws Exception {
        RawClient client = online();
        client.send(companion.textMessage("MSG-1", bob.jid(), "hello bob", List.of(bob.jid()), List.of(me.jid())));

        Node ack = client.next(s -> s.is("ack"));
        assertEquals("message", ack.attr("class"));
        assertEquals("MSG-1", ack.attr("id"));
        assertEquals(bob.jid(), ack.requireJidAttr("from"));
        assertNotNull(ack.attr("t"));

        ContactMessage atBob = bob.awaitMessage(WAIT);
        assertEquals("hello bob", atBob.text());
        assertEquals(companion.jid(), atBob.from(), "from names the sending device");
        assertEquals("pkmsg", atBob.cipherType());
        ContactMessage atMyPhone = myPhone.awaitMessage(WAIT);
        assertTrue(atMyPhone.fromOwnDevice());
        assertEquals(bob.jid(), atMyPhone.chat(), "the copy names the chat");
        assertEquals("hello bob", atMyPhone.text());

        Node delivered = client.next(s -> is(s, "receipt", null));
        assertEquals("MSG-1", delivered.attr("id"));
        assertEquals(bob.jid(), delivered.requireJidAttr("from"));
        Node sender = client.next(s -> is(s, "receipt", "sender"));
        assertEquals(me.jid(), sender.requireJidAttr("from"), "my phone confirms its copy");
        assertEquals(bob.jid(), sender.requireJidAttr("recipient"));

        bob.markRead(atBob);
        Node read = client.next(s -> is(s, "receipt", "read"));
        assertEquals("MSG-1", read.attr("id"));
        assertNotNull(read.attr("t"));
    }

    @Test
    void aPhonesMessageArrivesDecryptableAndTheCompanionsReceiptReachesThePhone() throws Exception {
        RawClient client = online();
        String id = bob.sendText(me.jid(), "hi from bob");
        Node message = client.next(s -> s.is("message"));
        assertEquals(id, message.attr("id"));
        assertEquals(bob.jid(), message.requireJidAttr("from"));
        assertEquals("text", message.attr("type"));
        assertEquals("Bob", message.attr("notify"));
        assertEquals(bobAccount.lidJid(), message.requireJidAttr("sender_lid"));
        assertNotNull(message.attr("t"));
        assertNull(message.attr("recipient"));
        assertEquals("pkmsg", message.child("enc").attr("type"));
        assertEquals("2", message.child("enc").attr("v"));
        assertEquals("hi from bob", companion.decryptText(message));

        // Baileys and whatsmeow say "inactive" while not in the foreground; the sender sees a delivery receipt.
        client.send(SignalCompanion.receiptOf(message, "inactive"));
        Node receiptAck = client.next(s -> s.is("ack"));
        assertEquals("receipt", receiptAck.attr("class"));
        assertEquals(id, receiptAck.attr("id"));
        assertEquals("inactive", receiptAck.attr("type"));
        ContactReceipt receipt = receiptFrom(bob, companion.jid());
        assertEquals(id, receipt.id());
        assertTrue(receipt.isDelivery(), "forwarded as a plain delivery receipt");

        assertEquals(1, simulator.accounts().messaging().pending(me, companion.linked.device().id()));
        client.send(SignalCompanion.ackOf(message));
        Waits.until(() -> simulator.accounts().messaging().pending(me, companion.linked.device().id()) == 0,
                "the acked message leaves the mailbox");

        client.send(companion.textMessage("MSG-2", bob.jid(), "and back", List.of(bob.jid()), List.of()));
        ContactMessage answer = bob.awaitMessage(WAIT);
        assertEquals("and back", answer.text());
        assertEquals("msg", answer.cipherType(), "the answer uses the session bob's pkmsg started");
    }

    @Test
    void whatWaitedWhileOfflineComesBeforeTheOfflineMarkerWithItsCount() throws Exception {
        int device = companion.linked.device().id();
        bob.sendText(me.jid(), "one");
        bob.sendText(me.jid(), "two");
        bob.sendText(me.jid(), "three");
        assertEquals(3, simulator.accounts().messaging().pending(me, device));

        RawClient client = companion.loginPassive(simulator);
        assertNull(client.poll(Duration.ofMillis(300)), "a passive connection gets nothing before <active/>");
        client.call(Node.builder("iq").attr("xmlns", "passive").attr("type", "set").attr("to", Jid.SERVER)
                .children(Node.of("active")).build());
        Node[] messages = {client.next(), client.next(), client.next()};
        Node marker = client.next();
        assertEquals("ib", marker.tag());
        assertEquals("3", marker.child("offline").attr("count"));
        assertEquals("one", companion.decryptText(messages[0]));
        assertEquals("two", companion.decryptText(messages[1]));
        assertEquals("three", companion.decryptText(messages[2]));

        // Acknowledge two; the third comes again on the next login.
        client.send(SignalCompanion.ackOf(messages[0]));
        client.send(SignalCompanion.ackOf(messages[1]));
        Waits.until(() -> simulator.accounts().messaging().pending(me, device) == 1, "two acked");
        client.close();
        client.awaitClosed();
        Waits.until(() -> me.session(device).isEmpty(), "the server saw the close");

        RawClient again = companion.login(simulator);
        Node redelivered = again.next();
        assertEquals(messages[2].attr("id"), redelivered.attr("id"));
        assertEquals("1", again.next().child("offline").attr("count"));
    }

    @Test
    void aRetryReceiptGoesToTheSendingDeviceOnlyAndItsAnswerDecrypts() throws Exception {
        SignalCompanion bobsLaptop = SignalCompanion.link(bobAccount, 5);
        RawClient laptop = bobsLaptop.login(simulator);
        assertEquals("ib", laptop.next().tag());
        RawClient client = online();

        String id = bob.sendText(me.jid(), "please retry");
        Node message = client.next(s -> s.is("message"));
        Node copy = laptop.next(s -> s.is("message"));
        assertEquals(bob.jid(), copy.requireJidAttr("from"));
        assertEquals(me.jid(), copy.requireJidAttr("recipient"), "bob's laptop gets a copy naming the chat");
        assertEquals(me.jid().toString(),
                MessageContentCodec.decodeReceived(bobsLaptop.decrypt(copy)).deviceSentDestination());

        // Pretend the message did not decrypt.
        client.send(Node.builder("receipt").attr("id", id).attr("to", message.requireJidAttr("from"))
                .attr("type", "retry").children(
                        Node.builder("retry").attr("count", 1).attr("id", id).attr("t", message.attr("t"))
                                .attr("v", "1").build(),
                        Node.builder("registration").bytes(new byte[] {0, 0, 0, 1}).build()).build());
        ContactReceipt retry = receiptFrom(bob, companion.jid());
        assertEquals("retry", retry.type());
        assertEquals(id, retry.id());

        Node resent = client.next(s -> s.is("message"));
        assertEquals(id, resent.attr("id"));
        assertEquals("1", resent.child("enc").attr("count"));
        ReceivedContent content = MessageContentCodec.decodeReceived(companion.decrypt(resent));
        assertEquals(new Text("please retry"), content.content());
        for (Node stanza; (stanza = laptop.poll(Duration.ofMillis(300))) != null; ) {
            assertFalse(is(stanza, "receipt", "retry"), "the retry receipt is not bob's laptop's business");
        }
    }

    @Test
    void aSecondRetryReceiptWithKeysGetsTheMessageInANewSession() throws Exception {
        RawClient client = online();
        String id = bob.sendText(me.jid(), "new session please");
        Node message = client.next(s -> s.is("message"));
        assertEquals("pkmsg", message.child("enc").attr("type"));
        int unusedPreKey = 9; // bob's bundle took the lowest id

        client.send(Node.builder("receipt").attr("id", id).attr("to", message.requireJidAttr("from"))
                .attr("type", "retry").children(
                        Node.builder("retry").attr("count", 2).attr("id", id).attr("t", message.attr("t"))
                                .attr("v", "1").build(),
                        Node.builder("registration").bytes(
                                io.wabridge.simulator.testing.TestCompanion.bigEndian(companion.registrationId(), 4)).build(),
                        companion.retryKeys(unusedPreKey)).build());
        Node resent = client.next(s -> s.is("message"));
        assertEquals(id, resent.attr("id"));
        assertEquals("2", resent.child("enc").attr("count"));
        assertEquals("pkmsg", resent.child("enc").attr("type"), "a new session from the receipt's keys");
        assertEquals("new session please", companion.decryptText(resent));
        assertEquals(9, me.preKeyCount(companion.linked.device().id()),
                "bob used the receipt's keys, not another bundle from the server");
    }

    @Test
    void aPeerMessageToTheOwnPhoneIsConfirmedAsPeerMessage() throws Exception {
        RawClient client = online();
        companion.ensureSessions(List.of(me.jid()));
        client.send(Node.builder("message").attr("id", "PEER-1").attr("to", me.jid()).attr("type", "text")
                .attr("category", "peer")
                .children(companion.enc(me.jid(), io.wabridge.proto.wa.Message.newBuilder()
                        .setConversation("for my phone").build())).build());
        assertEquals("PEER-1", client.next(s -> s.is("ack")).attr("id"));
        ContactMessage atPhone = myPhone.awaitMessage(WAIT);
        assertEquals("for my phone", atPhone.text());
        assertTrue(atPhone.fromOwnDevice());
        Node receipt = client.next(s -> s.is("receipt"));
        assertEquals("peer_msg", receipt.attr("type"));
        assertEquals(me.jid(), receipt.requireJidAttr("from"));
    }

    @Test
    void aMessageAddressedByLidIsDeliveredFromTheSendersLid() throws Exception {
        RawClient client = online();
        Jid bobLid = bobAccount.lidJid();
        client.send(companion.textMessage("LID-1", bobLid, "via lid", List.of(bobLid), List.of()));
        assertEquals("LID-1", client.next(s -> s.is("ack")).attr("id"));
        ContactMessage atBob = bob.awaitMessage(WAIT);
        assertEquals("via lid", atBob.text());
        assertEquals(me.deviceLid(companion.linked.device().id()), atBob.from());
        Node receipt = client.next(s -> is(s, "receipt", null));
        assertEquals(bobLid, receipt.requireJidAttr("from"), "the receipt comes back the way it was addressed");
    }

    @Test
    void malformedAndUnroutableMessagesAreAckedWithAnError() throws Exception {
        RawClient client = online();
        client.send(Node.builder("message").attr("id", "NOBODY").attr("to", Jid.pn("15559999999")).attr("type", "text")
                .children(Node.builder("enc").attr("v", "2").attr("type", "msg").bytes(new byte[] {1}).build()).build());
        Node unknown = client.next(s -> s.is("ack"));
        assertEquals("NOBODY", unknown.attr("id"));
        assertEquals("404", unknown.attr("error"));

        client.send(Node.builder("message").attr("id", "EMPTY").attr("to", bob.jid()).attr("type", "text").build());
        Node empty = client.next(s -> s.is("ack"));
        assertEquals("EMPTY", empty.attr("id"));
        assertEquals("400", empty.attr("error"));
        assertNull(bob.awaitMessage(Duration.ofMillis(100)));
        assertFalse(client.isClosed(), "a bad stanza does not cost the connection");
    }
}

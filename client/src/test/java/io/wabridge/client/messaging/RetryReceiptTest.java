package io.wabridge.client.messaging;

import io.wabridge.client.binary.BigEndian;
import static io.wabridge.client.messaging.MessagingFixture.BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.auth.ClientPayloadFactory;
import io.wabridge.client.binary.Node;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.message.content.Text;
import io.wabridge.client.signal.SignalParty;
import io.wabridge.client.testing.MessagingServer;
import io.wabridge.proto.wa.Message;
import org.junit.jupiter.api.Test;

/** A recipient device could not decrypt what we sent and asks again: we re-encrypt from the sent-message cache. */
class RetryReceiptTest {

    static Node retryReceipt(SignalParty from, String id, int count, Node keys) {
        var receipt = Node.builder("receipt").attr("from", from.jid).attr("id", id).attr("type", "retry")
                .attr("t", "1767225900")
                .child(Node.builder("retry").attr("count", count).attr("id", id).attr("t", "1767225700").attr("v", "1").build())
                .child(Node.builder("registration").bytes(BigEndian.bytes(from.credentials.registrationId(), 4)).build());
        if (keys != null) {
            receipt.child(keys);
        }
        return receipt.build();
    }

    /** The {@code <keys>} a device puts in its retry receipt, from its bundle. */
    static Node keysOf(SignalParty party, int preKeyId) {
        Node user = MessagingServer.userNode(party.jid, party.bundle(preKeyId));
        return Node.builder("keys").children(user.child("type"), user.child("identity"), user.child("key"),
                user.child("skey")).build();
    }

    @Test
    void aRetryReceiptGetsTheMessageReEncryptedForThatDeviceAloneWithTheSameId() throws Exception {
        MessagingFixture f = new MessagingFixture().login();
        String id = f.h.client.sendMessage(BOB, new Text("please retry")).get().messageId();
        int messagesBefore = f.sent("message").size();

        f.connection().send(retryReceipt(f.bob3, id, 1, null));

        assertEquals(messagesBefore + 1, f.sent("message").size());
        Node resend = f.sent("message").getLast();
        assertEquals(id, resend.attr("id"));
        assertEquals(f.bob3.jid.toString(), resend.attr("to"));
        assertEquals("false", resend.attr("device_fanout"));
        assertEquals("text", resend.attr("type"));
        assertNull(resend.child("participants"));
        Node enc = resend.child("enc");
        assertEquals("1", enc.attr("count"));
        assertEquals("please retry", MessagingFixture.decrypt(f.bob3, enc).getConversation());
        assertTrue(f.indexOf("ack", id, "receipt") >= 0, "the retry receipt is acknowledged");
        assertTrue(f.events(ClientEvent.Receipt.class).isEmpty(), "retry receipts are not reported as receipts");
    }

    @Test
    void keysInTheRetryReceiptStartANewSession() throws Exception {
        MessagingFixture f = new MessagingFixture().login();
        String id = f.h.client.sendMessage(BOB, new Text("new session please")).get().messageId();
        // Bob's companion lost its state: new identity, new keys, sent along with its second retry
        SignalParty reinstalled = SignalParty.create(f.peers, "bob3-new", f.bob3.jid);
        f.connection().send(retryReceipt(reinstalled, id, 2, keysOf(reinstalled, 2)));

        Node resend = f.sent("message").getLast();
        assertEquals(id, resend.attr("id"));
        assertEquals("pkmsg", resend.child("enc").attr("type"));
        assertEquals("2", resend.child("enc").attr("count"));
        assertNotNull(resend.child("device-identity"), "a pkmsg carries our device identity");
        assertEquals("new session please", MessagingFixture.decrypt(reinstalled, resend.child("enc")).getConversation());
        assertEquals(1, f.server.keyFetches, "keys came with the receipt: no fetch");
    }

    @Test
    void aSecondRetryWithoutKeysFetchesAFreshBundle() throws Exception {
        MessagingFixture f = new MessagingFixture().login();
        String id = f.h.client.sendMessage(BOB, new Text("fetch again")).get().messageId();
        SignalParty reinstalled = SignalParty.create(f.peers, "bob3-again", f.bob3.jid);
        f.server.bundles.put(reinstalled.jid, reinstalled.bundle(3));
        f.connection().send(retryReceipt(reinstalled, id, 2, null));

        assertEquals(2, f.server.keyFetches);
        assertEquals("fetch again", MessagingFixture.decrypt(reinstalled, f.sent("message").getLast().child("enc")).getConversation());
    }

    @Test
    void ourOwnPhoneGetsTheDeviceSentCopyAgain() throws Exception {
        MessagingFixture f = new MessagingFixture().login();
        String id = f.h.client.sendMessage(BOB, new Text("mine")).get().messageId();
        f.connection().send(retryReceipt(f.ownPhone, id, 1, null).toBuilder().attr("recipient", BOB.toString()).build());

        Node resend = f.sent("message").getLast();
        assertEquals(f.ownPhone.jid.toString(), resend.attr("to"));
        assertEquals(BOB.toString(), resend.attr("recipient"));
        Message copy = MessagingFixture.decrypt(f.ownPhone, resend.child("enc"));
        assertEquals(BOB.toString(), copy.getDeviceSentMessage().getDestinationJid());
        assertEquals("mine", copy.getDeviceSentMessage().getMessage().getConversation());
    }

    @Test
    void resendsAreBoundedAndUnknownMessagesAreOnlyAcknowledged() throws Exception {
        MessagingFixture f = new MessagingFixture().login();
        String id = f.h.client.sendMessage(BOB, new Text("bounded")).get().messageId();
        int before = f.sent("message").size();
        for (int i = 1; i <= 12; i++) {
            f.connection().send(retryReceipt(f.bob3, id, 1, null));
        }
        assertEquals(before + 10, f.sent("message").size(), "at most maxResends (10) answers per device and message");

        f.connection().send(retryReceipt(f.bob3, "3EB0UNKNOWN0000000000", 1, null));
        assertEquals(before + 10, f.sent("message").size());
        assertTrue(f.indexOf("ack", "3EB0UNKNOWN0000000000", "receipt") >= 0);
        assertTrue(f.events(ClientEvent.Warning.class).stream().anyMatch(w -> w.message().contains("not in the sent-message cache")));
    }

    @Test
    void aReceiptCountingPastTheBoundIsRefusedEvenWhenOurOwnCountWasForgotten() throws Exception {
        MessagingFixture f = new MessagingFixture().login();
        String id = f.h.client.sendMessage(BOB, new Text("forgotten")).get().messageId();
        int before = f.sent("message").size();
        f.connection().send(retryReceipt(f.bob3, id, 11, null));
        assertEquals(before, f.sent("message").size(), "the device asked 10 times already: maxResends reached");
        assertTrue(f.events(ClientEvent.Warning.class).stream().anyMatch(w -> w.message().contains("already resent")));
        f.connection().send(retryReceipt(f.bob3, id, 1, null));
        assertEquals(before + 1, f.sent("message").size(), "a first retry is still answered");
    }
}

package io.wabridge.client.messaging;

import static io.wabridge.client.messaging.MessagingFixture.BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.wabridge.client.binary.Node;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.message.MessagePlaintext;
import io.wabridge.client.message.content.Text;
import io.wabridge.client.signal.EncryptedMessage;
import io.wabridge.client.signal.SignalAddresses;
import io.wabridge.client.signal.SignalParty;
import io.wabridge.client.signal.group.GroupCipher;
import io.wabridge.client.store.SenderKeyName;
import io.wabridge.proto.wa.Message;
import io.wabridge.proto.wa.SenderKeyDistributionMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Receiving group messages through a real WaClient: distribution inside pkmsg/msg, skmsg, failures, durability. */
class GroupReceiveTest {

    static final Jid GROUP = Jid.parse("120363040000000001@g.us");
    static final Jid BOB_LID = Jid.parse("99887766@lid");

    private final MessagingFixture f = new MessagingFixture().login();
    private final Random random = new Random(3);
    private int ids;

    /** Bob's sender key for the group, in Bob's own store. */
    private GroupCipher bobGroup(SignalParty bob) {
        return new GroupCipher(bob.stores.senderKeys());
    }

    private SenderKeyName bobKey(SignalParty bob) {
        return new SenderKeyName(GROUP.toString(), SignalAddresses.of(bob.jid));
    }

    private Node groupStanza(SignalParty from, String id, List<Node> encs) {
        return Node.builder("message").attr("from", GROUP).attr("participant", from.jid)
                .attr("participant_lid", BOB_LID.withDevice(from.jid.device())).attr("id", id)
                .attr("t", "1767225900").attr("type", "text").attr("notify", "Bob").children(encs).build();
    }

    private Node enc(String type, byte[] bytes) {
        return Node.builder("enc").attr("v", "2").attr("type", type).bytes(bytes).build();
    }

    /** Bob's pairwise message carrying only his distribution message. */
    private Node distribution(SignalParty bob) throws Exception {
        byte[] skdm = bobGroup(bob).createDistribution(bobKey(bob));
        Message m = Message.newBuilder().setSenderKeyDistributionMessage(SenderKeyDistributionMessage.newBuilder()
                .setGroupId(GROUP.toString()).setAxolotlSenderKeyDistributionMessage(ByteString.copyFrom(skdm))).build();
        EncryptedMessage e = f.encrypt(bob, m);
        return enc(e.type().wireName(), e.ciphertext());
    }

    private Node skmsg(SignalParty bob, String text) throws Exception {
        byte[] padded = MessagePlaintext.encode(Message.newBuilder().setConversation(text).build(), random);
        return enc("skmsg", bobGroup(bob).encrypt(bobKey(bob), padded));
    }

    private String deliver(SignalParty bob, Node... encs) {
        String id = "G" + (++ids);
        f.connection().send(groupStanza(bob, id, List.of(encs)));
        return id;
    }

    @Test
    void theFirstMessageCarriesTheKeyAndLaterOnesUseItEachAnEventOfTheGroupWithBothSenderIdentities() throws Exception {
        f.startSession(f.bob0, 0);
        String first = deliver(f.bob0, distribution(f.bob0), skmsg(f.bob0, "hello group"));
        String second = deliver(f.bob0, skmsg(f.bob0, "second"));

        List<ClientEvent.MessageReceived> got = f.events(ClientEvent.MessageReceived.class);
        assertEquals(2, got.size(), "one event per skmsg, none for the distribution: " + f.h.events);
        ClientEvent.MessageReceived m = got.getFirst();
        assertEquals(first, m.id());
        assertEquals(GROUP, m.chat());
        assertEquals(f.bob0.jid, m.sender());
        assertEquals(BOB, m.senderPn());
        assertEquals(BOB_LID, m.senderLid());
        assertEquals(new Text("hello group"), m.content());
        assertFalse(m.fromMe());
        assertEquals(new Text("second"), got.get(1).content());
        assertTrue(f.events(ClientEvent.DecryptFailed.class).isEmpty(), f.h.events.toString());

        Node receipt = f.connection().received().get(f.indexOf("receipt", second, null));
        assertEquals(GROUP.toString(), receipt.attr("to"));
        assertEquals(f.bob0.jid.toString(), receipt.attr("participant"));
        assertNull(receipt.attr("type"));
        assertTrue(f.h.store.senderKeys().load(new SenderKeyName(GROUP.toString(), SignalAddresses.of(f.bob0.jid)))
                .isPresent(), "the sender key was flushed with the batch");
    }

    /**
     * Baileys' answer to our retry receipt for an skmsg: one stanza with the content twice, pairwise together with the
     * sender key and as the skmsg. One message, one event.
     */
    @Test
    void aResendWithTheContentPairwiseAndInTheSkmsgIsOneEvent() throws Exception {
        f.startSession(f.bob0, 0);
        byte[] skdm = bobGroup(f.bob0).createDistribution(bobKey(f.bob0));
        Message both = Message.newBuilder().setConversation("once only").setSenderKeyDistributionMessage(
                SenderKeyDistributionMessage.newBuilder().setGroupId(GROUP.toString())
                        .setAxolotlSenderKeyDistributionMessage(ByteString.copyFrom(skdm))).build();
        EncryptedMessage pairwise = f.encrypt(f.bob0, both);
        String id = deliver(f.bob0, enc(pairwise.type().wireName(), pairwise.ciphertext()), skmsg(f.bob0, "once only"));

        List<ClientEvent.MessageReceived> got = f.events(ClientEvent.MessageReceived.class);
        assertEquals(1, got.size(), "one event for one stanza: " + f.h.events);
        assertEquals(id, got.getFirst().id());
        assertEquals(new Text("once only"), got.getFirst().content());
        assertTrue(f.events(ClientEvent.DecryptFailed.class).isEmpty(), f.h.events.toString());
        deliver(f.bob0, skmsg(f.bob0, "next"));
        assertEquals(new Text("next"), f.events(ClientEvent.MessageReceived.class).getLast().content(),
                "the next skmsg decrypts");
    }

    @Test
    void aDistributionAloneIsStoredAndDeliveredWithoutAnEvent() throws Exception {
        f.startSession(f.bob3, 1);
        String id = deliver(f.bob3, distribution(f.bob3));
        assertTrue(f.events(ClientEvent.MessageReceived.class).isEmpty());
        assertTrue(f.events(ClientEvent.DecryptFailed.class).isEmpty(), f.h.events.toString());
        assertTrue(f.indexOf("receipt", id, null) >= 0);
        deliver(f.bob3, skmsg(f.bob3, "later"));
        assertEquals(new Text("later"), f.events(ClientEvent.MessageReceived.class).getLast().content());
    }

    @Test
    void anSkmsgWithoutTheSendersKeyFailsAndAsksForARetryWithOurKeys() throws Exception {
        bobGroup(f.bob0).createDistribution(bobKey(f.bob0)); // Bob has a key, we never got it
        String id = deliver(f.bob0, skmsg(f.bob0, "you cannot read this"));

        ClientEvent.DecryptFailed failed = f.events(ClientEvent.DecryptFailed.class).getLast();
        assertEquals(id, failed.id());
        assertTrue(failed.willRetry());
        assertTrue(failed.reason().contains("no sender key"), failed.reason());
        Node retry = f.connection().received().get(f.indexOf("receipt", id, "retry"));
        assertEquals(GROUP.toString(), retry.attr("to"));
        assertEquals(f.bob0.jid.toString(), retry.attr("participant"));
        assertNotNull(retry.child("keys"), "a missing sender key sends our keys at once");
        assertTrue(f.indexOf("ack", id, "message") > f.indexOf("receipt", id, "retry"));
        assertTrue(f.events(ClientEvent.MessageReceived.class).isEmpty());
    }

    @Test
    void aMalformedOrForgedSkmsgFailsWithARetryAndTheSessionGoesOn() throws Exception {
        f.startSession(f.bob0, 0);
        deliver(f.bob0, distribution(f.bob0));
        String garbage = deliver(f.bob0, enc("skmsg", new byte[] {0x33, 1, 2, 3}));
        byte[] forged = skmsg(f.bob0, "forged").bytes();
        forged[forged.length - 1] ^= 1;
        String badSignature = deliver(f.bob0, enc("skmsg", forged));
        deliver(f.bob0, skmsg(f.bob0, "still fine"));

        List<ClientEvent.DecryptFailed> failed = f.events(ClientEvent.DecryptFailed.class);
        assertEquals(List.of(garbage, badSignature), failed.stream().map(ClientEvent.DecryptFailed::id).toList());
        assertTrue(f.indexOf("receipt", garbage, "retry") >= 0);
        assertTrue(f.indexOf("receipt", badSignature, "retry") >= 0);
        assertEquals(new Text("still fine"), f.events(ClientEvent.MessageReceived.class).getLast().content());
    }

    @Test
    void aRedeliveredSkmsgIsAnsweredWithoutASecondEvent() throws Exception {
        f.startSession(f.bob0, 0);
        Node first = groupStanza(f.bob0, "DUP1", List.of(distribution(f.bob0), skmsg(f.bob0, "once")));
        f.connection().send(first);
        Node again = groupStanza(f.bob0, "DUP1", List.of(first.children("enc").get(1)));
        f.connection().send(again);
        assertEquals(1, f.events(ClientEvent.MessageReceived.class).size());
        assertTrue(f.events(ClientEvent.DecryptFailed.class).isEmpty(), f.h.events.toString());
        assertEquals(2, f.sent("receipt").stream().filter(r -> "DUP1".equals(r.attr("id"))).count());
    }

    @Test
    void aDistributionNamingNoGroupOutsideAGroupStanzaIsReported() throws Exception {
        f.startSession(f.bob0, 0);
        Message m = Message.newBuilder().setSenderKeyDistributionMessage(SenderKeyDistributionMessage.newBuilder()
                .setGroupId("not-a-group").setAxolotlSenderKeyDistributionMessage(ByteString.copyFrom(
                        bobGroup(f.bob0).createDistribution(bobKey(f.bob0))))).build();
        String id = "PW1";
        f.connection().send(f.incoming(f.bob0, id, f.encrypt(f.bob0, m)));
        ClientEvent.DecryptFailed failed = f.events(ClientEvent.DecryptFailed.class).getLast();
        assertEquals(id, failed.id());
        assertTrue(failed.reason().contains("no known group"), failed.reason());
        assertTrue(f.indexOf("receipt", id, null) >= 0, "the pairwise message itself decrypted: delivered");
    }

    @Test
    void theSenderKeyBecomesDurableOnlyWithTheHandOff() throws Exception {
        List<CompletableFuture<Void>> handOffs = new ArrayList<>();
        f.h.handOff = event -> {
            CompletableFuture<Void> stage = new CompletableFuture<>();
            handOffs.add(stage);
            return stage;
        };
        f.startSession(f.bob0, 0);
        String id = deliver(f.bob0, distribution(f.bob0), skmsg(f.bob0, "held"));
        SenderKeyName stored = new SenderKeyName(GROUP.toString(), SignalAddresses.of(f.bob0.jid));
        assertEquals(1, handOffs.size());
        assertTrue(f.h.store.senderKeys().load(stored).isEmpty(), "nothing durable before the hand-off");
        assertEquals(-1, f.indexOf("receipt", id, null));
        handOffs.getFirst().complete(null);
        assertTrue(f.h.store.senderKeys().load(stored).isPresent());
        assertTrue(f.indexOf("receipt", id, null) >= 0);
    }
}

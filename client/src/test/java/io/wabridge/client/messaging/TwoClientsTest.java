package io.wabridge.client.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.WaClientConfig;
import io.wabridge.client.binary.Node;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.message.MessagePlaintext;
import io.wabridge.client.message.content.Text;
import io.wabridge.client.receipt.ReceiptType;
import io.wabridge.client.signal.CiphertextType;
import io.wabridge.client.signal.SignalAddresses;
import io.wabridge.client.signal.SignalParty;
import io.wabridge.client.stanza.StanzaMatcher;
import io.wabridge.client.store.memory.MemoryStoreProvider;
import io.wabridge.client.testing.ClientHarness;
import io.wabridge.client.testing.MessagingServer;
import io.wabridge.client.testing.TestPhone;
import io.wabridge.proto.wa.Message;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two real WaClients (Alice's and Bob's linked devices, each device 7) talking through a test server part that
 * routes their stanzas: messages fanned out per {@code <to>} device, receipts and retry receipts passed on. Their
 * phones (device 0) are real Signal parties that decrypt what reaches them.
 */
class TwoClientsTest {
    static final Jid ALICE = Jid.pn("15550001111");
    static final Jid BOB = Jid.pn("15550002222");
    static final Jid ALICE7 = ALICE.withDevice(7);
    static final Jid BOB7 = BOB.withDevice(7);

    ClientHarness alice;
    ClientHarness bob;
    SignalParty alicePhone;
    SignalParty bobPhone;
    final List<Message> phoneInbox = new ArrayList<>();
    int bundlesHandedOut;

    @BeforeEach
    void setUp() {
        alice = new ClientHarness(WaClientConfig.defaults(), new TestPhone(ALICE7.toString(), "10000000000001:7@lid"), "alice");
        bob = new ClientHarness(WaClientConfig.defaults(), new TestPhone(BOB7.toString(), "20000000000002:7@lid"), "bob");
        MemoryStoreProvider phones = new MemoryStoreProvider();
        alicePhone = SignalParty.create(phones, "alice0", ALICE.withDevice(0));
        bobPhone = SignalParty.create(phones, "bob0", BOB.withDevice(0));
        MessagingServer aliceServer = wire(alice, ALICE7, bob, BOB7);
        MessagingServer bobServer = wire(bob, BOB7, alice, ALICE7);
        alice.pairAndLogin();
        bob.pairAndLogin();
        int preKey = 1; // every bundle the server hands out names another one-time prekey, as a real server's do
        for (MessagingServer s : List.of(aliceServer, bobServer)) {
            s.devices.put(ALICE, List.of(MessagingServer.device(0), MessagingServer.device(7, 1)));
            s.devices.put(BOB, List.of(MessagingServer.device(0), MessagingServer.device(7, 1)));
            s.bundles.put(alicePhone.jid, alicePhone.bundle(preKey));
            s.bundles.put(bobPhone.jid, bobPhone.bundle(preKey));
            preKey++;
        }
        aliceServer.bundles.put(BOB7, MessagingServer.uploadedBundle(bob.uploads.getFirst(), 7, bundlesHandedOut++));
        bobServer.bundles.put(ALICE7, MessagingServer.uploadedBundle(alice.uploads.getFirst(), 7, bundlesHandedOut++));
    }

    /** The server part of one client's connection: acks its messages and routes them and its receipts. */
    private MessagingServer wire(ClientHarness from, Jid fromDevice, ClientHarness to, Jid toDevice) {
        MessagingServer server = new MessagingServer(from);
        server.ackFor = message -> {
            route(message, fromDevice, to, toDevice);
            return MessagingServer.ack(message);
        };
        var previous = from.extraHandlers;
        from.extraHandlers = c -> {
            previous.accept(c);
            c.router().on(StanzaMatcher.tag("receipt"), receipt -> {
                if (Jid.parse(receipt.attr("to")).sameUser(toDevice)) {
                    var routed = Node.builder("receipt").attr("from", fromDevice).attr("id", receipt.attr("id"))
                            .attr("t", "1767226000");
                    if (receipt.attr("type") != null) {
                        routed.attr("type", receipt.attr("type"));
                    }
                    routed.children(receipt.children());
                    to.server.last().send(routed.build());
                }
            });
        };
        return server;
    }

    private void route(Node message, Jid fromDevice, ClientHarness to, Jid toDevice) {
        Node participants = message.child("participants");
        List<Node> parts = participants != null ? participants.children("to")
                : List.of(Node.builder("to").attr("jid", message.attr("to")).children(message.child("enc")).build());
        for (Node part : parts) {
            Jid device = Jid.parse(part.attr("jid"));
            Node enc = part.child("enc");
            if (device.equals(toDevice)) {
                to.server.last().send(Node.builder("message").attr("from", fromDevice).attr("id", message.attr("id"))
                        .attr("t", "1767225800").attr("type", message.attr("type")).attr("notify", "Someone")
                        .children(enc).build());
            } else {
                SignalParty phone = device.equals(alicePhone.jid) ? alicePhone : device.equals(bobPhone.jid) ? bobPhone : null;
                if (phone != null) {
                    try {
                        phoneInbox.add(MessagePlaintext.decode(phone.cipher.decrypt(fromDevice,
                                CiphertextType.fromWire(enc.attr("type")), enc.bytes())));
                    } catch (Exception e) {
                        throw new AssertionError("phone " + device + " cannot decrypt", e);
                    }
                }
            }
        }
    }

    /** Everything runs inline on the loopback server: a future not done by now never will be. */
    private static <T> T now(java.util.concurrent.CompletableFuture<T> future) {
        assertTrue(future.isDone(), "not completed");
        return future.join();
    }

    private static String text(ClientEvent.MessageReceived m) {
        return ((Text) m.content()).text();
    }

    @Test
    void aliceAndBobExchangeMessagesAndReceipts() throws Exception {
        String first = now(alice.client.sendMessage(BOB, new Text("hi bob"), "greeting-1")).messageId();

        ClientEvent.MessageReceived atBob = bob.last(ClientEvent.MessageReceived.class);
        assertEquals(first, atBob.id());
        assertEquals("hi bob", text(atBob));
        assertEquals(ALICE, atBob.chat());
        assertEquals(ALICE7, atBob.sender());
        ClientEvent.Receipt delivered = alice.last(ClientEvent.Receipt.class);
        assertEquals(List.of(first), delivered.ids());
        assertEquals(ReceiptType.DELIVERED, delivered.type());
        assertEquals(BOB7, delivered.from());
        assertEquals(BOB, delivered.chat());
        // both phones got their copy: Bob's phone the message, Alice's phone the device-sent copy
        assertTrue(phoneInbox.stream().anyMatch(m -> m.getConversation().equals("hi bob")));
        assertTrue(phoneInbox.stream().anyMatch(m -> m.getDeviceSentMessage().getMessage().getConversation().equals("hi bob")));

        String reply = now(bob.client.sendMessage(ALICE, new Text("hi alice"))).messageId();
        ClientEvent.MessageReceived atAlice = alice.last(ClientEvent.MessageReceived.class);
        assertEquals(reply, atAlice.id());
        assertEquals("hi alice", text(atAlice));
        assertEquals(BOB, atAlice.chat());

        now(alice.client.sendMessage(BOB, new Text("how are you")));
        Node third = alice.server.last().received("message").getLast();
        Node toBob = third.child("participants").children("to").stream()
                .filter(n -> n.attr("jid").equals(BOB7.toString())).findFirst().orElseThrow();
        assertEquals("msg", toBob.child("enc").attr("type"), "both sides answered: a plain SignalMessage");
        assertEquals("how are you", text(bob.last(ClientEvent.MessageReceived.class)));

        now(bob.client.markRead(ALICE, List.of(first), null));
        ClientEvent.Receipt read = alice.last(ClientEvent.Receipt.class);
        assertEquals(ReceiptType.READ, read.type());
        assertEquals(List.of(first), read.ids());
    }

    @Test
    void bobLosesHisSessionAndTheRetryReceiptGetsTheMessageThrough() throws Exception {
        now(alice.client.sendMessage(BOB, new Text("before")));
        now(bob.client.sendMessage(ALICE, new Text("answer")));
        assertEquals("answer", text(alice.last(ClientEvent.MessageReceived.class)));

        // Bob's device forgets its session with Alice's device (a lost store)
        bob.store.signalSessions().delete(SignalAddresses.of(ALICE7));
        String lost = now(alice.client.sendMessage(BOB, new Text("after the loss"))).messageId();

        ClientEvent.DecryptFailed failed = bob.last(ClientEvent.DecryptFailed.class);
        assertEquals(lost, failed.id());
        assertTrue(failed.willRetry());
        Node retry = bob.server.last().received("receipt").stream().filter(r -> "retry".equals(r.attr("type")))
                .findFirst().orElseThrow();
        assertEquals("1", retry.child("retry").attr("error"), "no session: reason 1");
        assertNotNull(retry.child("keys"), "without a session Bob's keys go along at once");

        ClientEvent.MessageReceived recovered = bob.last(ClientEvent.MessageReceived.class);
        assertEquals(lost, recovered.id());
        assertEquals("after the loss", text(recovered));
        Node resend = alice.server.last().received("message").getLast();
        assertEquals(BOB7.toString(), resend.attr("to"));
        assertEquals("pkmsg", resend.child("enc").attr("type"));
    }
}

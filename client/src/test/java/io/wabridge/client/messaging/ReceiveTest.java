package io.wabridge.client.messaging;

import static io.wabridge.client.messaging.MessagingFixture.BOB;
import static io.wabridge.client.messaging.MessagingFixture.CLIENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.binary.Node;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.events.ClientEvent.DecryptFailure;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.message.MessagePadding;
import io.wabridge.client.message.content.MessageContentCodec;
import io.wabridge.client.message.content.Text;
import io.wabridge.client.signal.EncryptedMessage;
import io.wabridge.client.signal.SignalAddresses;
import io.wabridge.client.stanza.StanzaMatcher;
import io.wabridge.proto.wa.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Receiving through a real WaClient: ordering, hand-off, retries and bad input. */
class ReceiveTest {

    @Test
    void theEventComesFirstThenTheFlushThenTheReceiptThenTheAckAndNothingIsAnsweredBeforeTheHandOff() throws Exception {
        ClientHarnessWithReceiptProbe probe = new ClientHarnessWithReceiptProbe();
        MessagingFixture f = probe.fixture.login();
        List<CompletableFuture<Void>> handOffs = new ArrayList<>();
        f.h.handOff = event -> {
            CompletableFuture<Void> stage = new CompletableFuture<>();
            handOffs.add(stage);
            return stage;
        };
        f.startSession(f.bob0, 0);
        String id = f.deliverText(f.bob0, "hi there");

        ClientEvent.MessageReceived received = f.events(ClientEvent.MessageReceived.class).getLast();
        assertEquals(id, received.id());
        assertEquals(new Text("hi there"), received.content());
        assertEquals(BOB, received.chat());
        assertEquals(f.bob0.jid, received.sender());
        assertEquals(BOB, received.senderPn());
        assertEquals("Bob", received.pushName());
        assertEquals(1767225800L, received.timestamp().getEpochSecond());
        assertFalse(received.fromMe());
        assertEquals(1, handOffs.size());

        // withheld: no receipt, no ack, nothing durable
        assertEquals(-1, f.indexOf("receipt", id, null));
        assertEquals(-1, f.indexOf("ack", id, "message"));
        assertTrue(f.h.store.signalSessions().load(SignalAddresses.of(f.bob0.jid)).isEmpty());

        handOffs.getFirst().complete(null);
        int receipt = f.indexOf("receipt", id, null);
        int ack = f.indexOf("ack", id, "message");
        assertTrue(receipt >= 0 && ack > receipt, "receipt then ack: " + f.connection().received());
        Node receiptNode = f.connection().received().get(receipt);
        assertEquals(f.bob0.jid.toString(), receiptNode.attr("to"));
        assertNull(receiptNode.attr("type"), "no type: delivered");
        assertEquals(List.of(true), probe.sessionStoredAtReceipt, "the session was flushed before the receipt went out");
    }

    @Test
    void messagesArrivingWhileABatchIsOutWaitAndAreAnsweredInOrder() throws Exception {
        MessagingFixture f = new MessagingFixture().login();
        List<CompletableFuture<Void>> handOffs = new ArrayList<>();
        f.h.handOff = event -> {
            CompletableFuture<Void> stage = new CompletableFuture<>();
            handOffs.add(stage);
            return stage;
        };
        f.startSession(f.bob0, 0);
        String first = f.deliverText(f.bob0, "one");
        String second = f.deliverText(f.bob0, "two");
        assertEquals(1, handOffs.size(), "the second waits until the first batch is acknowledged");
        handOffs.get(0).complete(null);
        assertEquals(2, handOffs.size());
        assertTrue(f.indexOf("ack", first, "message") >= 0);
        assertEquals(-1, f.indexOf("receipt", second, null));
        handOffs.get(1).complete(null);
        assertTrue(f.indexOf("receipt", second, null) > f.indexOf("ack", first, "message"));
        assertEquals(List.of("one", "two"), f.events(ClientEvent.MessageReceived.class).stream()
                .map(m -> ((Text) m.content()).text()).toList());
    }

    @Test
    void whileTheFlushIsOutNothingIsAnsweredNextMessagesWaitAndSendsWaitAtTheGate() throws Exception {
        MessagingFixture f = new MessagingFixture().login();
        f.startSession(f.bob0, 0);
        f.h.storeIo.hold();
        String first = f.deliverText(f.bob0, "one");
        assertEquals(1, f.h.storeIo.heldCount(), "Bob's LID mapping is looked up on the store's I/O executor first");
        f.h.storeIo.runHeld();
        assertEquals(2, f.h.storeIo.heldCount(), "then Bob's session, and his chat and contact, are read there");
        f.h.storeIo.runHeld();
        assertEquals(1, f.h.storeIo.heldCount(), "the flush is out on the store's I/O executor");
        assertEquals(-1, f.indexOf("receipt", first, null));
        assertEquals(-1, f.indexOf("ack", first, "message"));
        assertTrue(f.h.store.signalSessions().load(SignalAddresses.of(f.bob0.jid)).isEmpty());

        String second = f.deliverText(f.bob0, "two");
        assertEquals(1, f.events(ClientEvent.MessageReceived.class).size(), "the next batch waits for the flush");
        var send = f.h.client.sendMessage(BOB, new Text("reply"), "cmd-1");
        assertTrue(f.connection().received().stream().noneMatch(n -> "message".equals(n.tag())),
                "a send waits at the gate: nothing written");
        assertFalse(send.isDone());

        f.h.storeIo.release();
        assertTrue(f.h.store.signalSessions().load(SignalAddresses.of(f.bob0.jid)).isPresent());
        int ackFirst = f.indexOf("ack", first, "message");
        assertTrue(f.indexOf("receipt", first, null) >= 0 && ackFirst >= 0, f.connection().received().toString());
        assertTrue(f.indexOf("receipt", second, null) > ackFirst, "the second batch followed the first");
        assertEquals(List.of("one", "two"), f.events(ClientEvent.MessageReceived.class).stream()
                .map(m -> ((Text) m.content()).text()).toList());
        assertTrue(f.connection().received().stream().anyMatch(n -> "message".equals(n.tag())),
                "the send went out once the gate opened");
    }

    @Test
    void aFailedHandOffDropsTheConnectionUnansweredAndTheRedeliveredMessageDecryptsAgain() throws Exception {
        MessagingFixture f = new MessagingFixture().login();
        f.h.handOff = event -> CompletableFuture.failedFuture(new IllegalStateException("kafka down"));
        f.startSession(f.bob0, 0);
        EncryptedMessage encrypted = f.encrypt(f.bob0, Message.newBuilder().setConversation("keep me").build());
        var firstConnection = f.connection();
        firstConnection.send(f.incoming(f.bob0, "K1", encrypted));

        assertEquals(-1, f.indexOf("receipt", "K1", null));
        assertEquals(-1, f.indexOf("ack", "K1", "message"));
        assertTrue(firstConnection.isClosed());
        assertTrue(f.h.store.signalSessions().load(SignalAddresses.of(f.bob0.jid)).isEmpty(), "nothing flushed");

        // the client reconnects (backoff) and the server delivers the same stanza again
        f.h.handOff = null;
        f.h.time.advance(java.time.Duration.ofSeconds(30));
        assertTrue(f.h.server.connections().size() >= 2 && !f.connection().isClosed(), "reconnected: " + f.h.events);
        f.connection().send(f.incoming(f.bob0, "K1", encrypted));
        assertEquals(2, f.events(ClientEvent.MessageReceived.class).size());
        assertEquals("keep me", ((Text) f.events(ClientEvent.MessageReceived.class).getLast().content()).text());
        assertTrue(f.indexOf("ack", "K1", "message") >= 0);
    }

    @Test
    void aBadMacGetsARetryReceiptWithReason7AndTheNextMessageStillDecrypts() throws Exception {
        MessagingFixture f = new MessagingFixture().login();
        confirmedSession(f);
        EncryptedMessage good = f.encrypt(f.bob0, Message.newBuilder().setConversation("corrupted").build());
        assertEquals("msg", good.type().wireName());
        byte[] bad = good.ciphertext().clone();
        bad[bad.length - 1] ^= 0x01; // the MAC
        f.connection().send(f.incoming(f.bob0.jid, "BAD1", good.type().wireName(), bad));

        assertEquals(1, f.events(ClientEvent.DecryptFailed.class).size());
        ClientEvent.DecryptFailed failed = f.events(ClientEvent.DecryptFailed.class).getLast();
        assertEquals("BAD1", failed.id());
        assertEquals(DecryptFailure.SIGNAL, failed.cause());
        assertTrue(failed.willRetry());
        Node retry = f.connection().received().get(f.indexOf("receipt", "BAD1", "retry"));
        assertEquals(f.bob0.jid.toString(), retry.attr("to"));
        assertEquals("7", retry.child("retry").attr("error"));
        assertEquals("1", retry.child("retry").attr("count"));
        assertEquals("BAD1", retry.child("retry").attr("id"));
        assertEquals(4, retry.child("registration").bytesLength());
        assertNull(retry.child("keys"), "the first retry carries no keys");
        assertTrue(f.indexOf("ack", "BAD1", "message") > f.indexOf("receipt", "BAD1", "retry"));

        f.deliverText(f.bob0, "after the bad one");
        assertEquals("after the bad one",
                ((Text) f.events(ClientEvent.MessageReceived.class).getLast().content()).text());

        // a second failure of the same id asks again, now with our keys
        f.connection().send(f.incoming(f.bob0.jid, "BAD1", good.type().wireName(), bad));
        Node second = f.sent("receipt").getLast();
        assertEquals("2", second.child("retry").attr("count"));
        Node keys = second.child("keys");
        assertNotNull(keys);
        assertEquals(32, keys.child("identity").bytesLength());
        assertEquals(3, keys.child("key").child("id").bytesLength());
        assertNotNull(keys.child("skey"));
        assertNotNull(keys.child("device-identity"));
    }

    @Test
    void aRetryReceiptHandsOutItsFreshPreKeyOnlyOnceThePreKeyAndItsNextIdAreStored() throws Exception {
        MessagingFixture f = new MessagingFixture().login();
        confirmedSession(f);
        EncryptedMessage good = f.encrypt(f.bob0, Message.newBuilder().setConversation("lost").build());
        byte[] bad = good.ciphertext().clone();
        bad[bad.length - 1] ^= 0x01;
        f.connection().send(f.incoming(f.bob0.jid, "BAD3", "msg", bad)); // the first retry carries no keys
        int id = f.h.store.credentials().load().orElseThrow().value().nextPreKeyId();
        assertFalse(f.h.store.preKeys().contains(id));

        f.h.storeIo.hold();
        f.connection().send(f.incoming(f.bob0.jid, "BAD3", "msg", bad)); // the second one does
        for (int steps = 0; f.h.storeIo.heldCount() > 0; steps++) {
            assertTrue(steps < 20, "the store steps end");
            assertTrue(keysSent(f, "BAD3") == null || f.h.store.preKeys().contains(id)
                    && f.h.store.credentials().load().orElseThrow().value().nextPreKeyId() > id,
                    "the receipt left before its prekey and the next id were stored");
            f.h.storeIo.runHeld();
        }
        f.h.storeIo.release();
        Node keys = keysSent(f, "BAD3");
        assertNotNull(keys, f.connection().received().toString());
        assertEquals(id, io.wabridge.client.binary.BigEndian.unsigned(keys.child("key").child("id").bytes()));
        assertTrue(f.h.store.preKeys().contains(id), "the fresh prekey is stored");
        assertEquals(id + 1, f.h.store.credentials().load().orElseThrow().value().nextPreKeyId());
    }

    /** The {@code <keys>} of the retry receipt for {@code id} that carries them, if one was sent. */
    private static Node keysSent(MessagingFixture f, String id) {
        return f.sent("receipt").stream().filter(r -> "retry".equals(r.attr("type")) && r.child("keys") != null
                && id.equals(r.attr("id"))).map(r -> r.child("keys")).findFirst().orElse(null);
    }

    @Test
    void afterTheConfiguredRetriesTheClientGivesUpWithAnEvent() throws Exception {
        MessagingFixture f = new MessagingFixture(new io.wabridge.client.testing.ClientHarness(
                io.wabridge.client.WaClientConfig.defaults().withMessaging(
                        io.wabridge.client.MessagingSettings.DEFAULTS.withMaxDecryptRetries(1)))).login();
        confirmedSession(f);
        EncryptedMessage good = f.encrypt(f.bob0, Message.newBuilder().setConversation("x").build());
        byte[] bad = good.ciphertext().clone();
        bad[bad.length - 1] ^= 0x01;
        f.connection().send(f.incoming(f.bob0.jid, "BAD2", "msg", bad));
        f.connection().send(f.incoming(f.bob0.jid, "BAD2", "msg", bad));
        List<ClientEvent.DecryptFailed> failures = f.events(ClientEvent.DecryptFailed.class);
        assertEquals(2, failures.size());
        assertTrue(failures.get(0).willRetry());
        assertEquals(DecryptFailure.RETRIES_EXHAUSTED, failures.get(1).cause());
        assertFalse(failures.get(1).willRetry());
        assertEquals(1, f.sent("receipt").stream().filter(r -> "retry".equals(r.attr("type"))).count());
        assertEquals(2, f.sent("ack").stream().filter(a -> "BAD2".equals(a.attr("id"))).count());
    }

    @Test
    void badInputsGiveOneEventEachAreAcknowledgedAndDoNotStopTheNextMessage() throws Exception {
        MessagingFixture f = new MessagingFixture().login();
        f.startSession(f.bob0, 0);
        f.deliverText(f.bob0, "establish");

        f.connection().send(f.incoming(f.bob0.jid, "TRUNC", "msg", new byte[] {0x33, 0x0a, 0x01}));
        f.connection().send(f.incoming(f.bob0.jid, "SKMSG", "skmsg", new byte[] {1, 2, 3}));
        f.connection().send(f.incoming(f.bob0.jid, "WEIRD", "frobnicated", new byte[] {1, 2, 3}));
        EncryptedMessage badPad = f.bob0.cipher.encrypt(CLIENT, new byte[] {10, 2, 'h', 'i', 0});
        f.connection().send(f.incoming(f.bob0, "BADPAD", badPad));
        EncryptedMessage badProto = f.bob0.cipher.encrypt(CLIENT, MessagePadding.pad(new byte[] {(byte) 0xFF, (byte) 0xFF, 0x07}, 3));
        f.connection().send(f.incoming(f.bob0, "BADPROTO", badProto));
        f.connection().send(Node.builder("message").attr("from", f.bob0.jid).attr("id", "NOENC").attr("t", "1").build());
        f.connection().send(Node.builder("message").attr("id", "NOFROM").children(Node.builder("enc").attr("v", "2")
                .attr("type", "msg").bytes(new byte[] {1}).build()).build());

        List<ClientEvent.DecryptFailed> failures = f.events(ClientEvent.DecryptFailed.class);
        assertEquals(List.of("TRUNC", "SKMSG", "WEIRD", "BADPAD", "BADPROTO", "NOENC", "NOFROM"),
                failures.stream().map(ClientEvent.DecryptFailed::id).toList());
        assertEquals(List.of(DecryptFailure.SIGNAL, DecryptFailure.UNSUPPORTED_ENCRYPTION,
                        DecryptFailure.UNSUPPORTED_ENCRYPTION, DecryptFailure.INVALID_PADDING,
                        DecryptFailure.MALFORMED_MESSAGE, DecryptFailure.MALFORMED_STANZA, DecryptFailure.MALFORMED_STANZA),
                failures.stream().map(ClientEvent.DecryptFailed::cause).toList());
        for (String id : List.of("TRUNC", "SKMSG", "WEIRD", "BADPAD", "BADPROTO", "NOENC", "NOFROM")) {
            assertTrue(f.indexOf("ack", id, "message") >= 0, "acked: " + id);
        }
        assertEquals("488", f.connection().received().get(f.indexOf("ack", "SKMSG", "message")).attr("error"));
        assertEquals("491", f.connection().received().get(f.indexOf("ack", "BADPROTO", "message")).attr("error"));

        f.deliverText(f.bob0, "still fine");
        assertEquals("still fine", ((Text) f.events(ClientEvent.MessageReceived.class).getLast().content()).text());
        assertEquals(io.wabridge.client.WaClient.State.OPEN, f.h.client.state());
    }

    @Test
    void aCopyFromOurOwnPhoneBelongsToItsDestinationChatAndGetsASenderReceipt() throws Exception {
        MessagingFixture f = new MessagingFixture().login();
        f.startSession(f.ownPhone, 1);
        Message inner = Message.newBuilder().setConversation("sent from my phone").build();
        EncryptedMessage encrypted = f.encrypt(f.ownPhone, MessageContentCodec.wrapForOwnDevices(inner, BOB.toString()));
        f.connection().send(f.incoming(f.ownPhone, "OWN1", encrypted).toBuilder()
                .attr("recipient", BOB.toString()).build());

        ClientEvent.MessageReceived m = f.events(ClientEvent.MessageReceived.class).getLast();
        assertTrue(m.fromMe());
        assertEquals(BOB, m.chat());
        assertEquals(f.ownPhone.jid, m.sender());
        assertEquals(inner, m.message());
        Node receipt = f.connection().received().get(f.indexOf("receipt", "OWN1", null));
        assertEquals("sender", receipt.attr("type"));
        assertEquals(BOB.toString(), receipt.attr("recipient"));
    }

    @Test
    void aDuplicateOfAnAcknowledgedMessageIsAnsweredWithoutASecondEvent() throws Exception {
        MessagingFixture f = new MessagingFixture().login();
        f.startSession(f.bob0, 0);
        EncryptedMessage encrypted = f.encrypt(f.bob0, Message.newBuilder().setConversation("once").build());
        f.connection().send(f.incoming(f.bob0, "DUP", encrypted));
        f.connection().send(f.incoming(f.bob0, "DUP", encrypted));
        assertEquals(1, f.events(ClientEvent.MessageReceived.class).size());
        assertEquals(2, f.sent("receipt").stream().filter(r -> "DUP".equals(r.attr("id"))).count());
        assertTrue(f.events(ClientEvent.DecryptFailed.class).isEmpty());
    }

    @Test
    void receiptsBecomeEventsAndAreAcknowledgedAfterTheHandOff() throws Exception {
        MessagingFixture f = new MessagingFixture().login();
        List<CompletableFuture<Void>> handOffs = new ArrayList<>();
        f.h.handOff = event -> {
            CompletableFuture<Void> stage = new CompletableFuture<>();
            handOffs.add(stage);
            return stage;
        };
        f.connection().send(Node.builder("receipt").attr("from", "15550002222:3@s.whatsapp.net").attr("id", "R1")
                .attr("t", "1767226000").attr("type", "read")
                .children(Node.builder("list").children(Node.builder("item").attr("id", "R2").build()).build()).build());
        ClientEvent.Receipt receipt = f.events(ClientEvent.Receipt.class).getLast();
        assertEquals(List.of("R1", "R2"), receipt.ids());
        assertEquals(io.wabridge.client.receipt.ReceiptType.READ, receipt.type());
        assertEquals(Jid.parse("15550002222:3@s.whatsapp.net"), receipt.from());
        assertEquals(BOB, receipt.chat());
        assertEquals(-1, f.indexOf("ack", "R1", "receipt"));
        handOffs.getFirst().complete(null);
        Node ack = f.connection().received().get(f.indexOf("ack", "R1", "receipt"));
        assertEquals("read", ack.attr("type"));
        assertEquals("15550002222:3@s.whatsapp.net", ack.attr("to"));

        f.h.handOff = null;
        f.connection().send(Node.builder("receipt").attr("from", "15550002222@s.whatsapp.net").attr("id", "R3").build());
        assertEquals(io.wabridge.client.receipt.ReceiptType.DELIVERED, f.events(ClientEvent.Receipt.class).getLast().type());
        assertTrue(f.indexOf("ack", "R3", "receipt") >= 0);
    }

    @Test
    void identityChangesAreReported() throws Exception {
        MessagingFixture f = new MessagingFixture().login();
        f.startSession(f.bob0, 0);
        f.deliverText(f.bob0, "first identity");
        // Bob reinstalls: same device, new identity key, new session
        var reinstalled = io.wabridge.client.signal.SignalParty.create(f.peers, "bob0-new", f.bob0.jid);
        reinstalled.cipher.processBundle(CLIENT, io.wabridge.client.testing.MessagingServer.uploadedBundle(f.h.uploads.getFirst(), 7, 1));
        f.connection().send(f.incoming(reinstalled, "NEWID", f.encrypt(reinstalled, Message.newBuilder().setConversation("new me").build())));
        assertEquals(List.of(f.bob0.jid), f.events(ClientEvent.IdentityChanged.class).stream().map(ClientEvent.IdentityChanged::device).toList());
        assertEquals("new me", ((Text) f.events(ClientEvent.MessageReceived.class).getLast().content()).text());
    }

    /** Bob's phone and the client have answered each other: Bob now sends plain msg (SignalMessage). */
    private static void confirmedSession(MessagingFixture f) throws Exception {
        f.startSession(f.bob0, 0);
        f.deliverText(f.bob0, "establish");
        f.decryptFor(f.bob0, SendTest.sendAndGetStanza(f, "reply"));
    }

    /** A fixture whose server records, when each receipt arrives, whether Bob's session was already stored. */
    static final class ClientHarnessWithReceiptProbe {
        final List<Boolean> sessionStoredAtReceipt = new ArrayList<>();
        final MessagingFixture fixture = new MessagingFixture();

        ClientHarnessWithReceiptProbe() {
            var previous = fixture.h.extraHandlers;
            fixture.h.extraHandlers = c -> {
                previous.accept(c);
                c.router().on(StanzaMatcher.tag("receipt"), r -> sessionStoredAtReceipt.add(
                        fixture.h.store.signalSessions().load(SignalAddresses.of(fixture.bob0.jid)).isPresent()));
            };
        }
    }


}

package io.wabridge.client.messaging;

import static io.wabridge.client.messaging.MessagingFixture.BOB;
import static io.wabridge.client.messaging.MessagingFixture.CLIENT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.binary.Node;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.message.MessageIdGenerator;
import io.wabridge.client.message.content.MessageRef;
import io.wabridge.client.message.content.Reaction;
import io.wabridge.client.message.content.Text;
import io.wabridge.client.send.MessageRejectedException;
import io.wabridge.client.send.SendResult;
import io.wabridge.client.send.SendTimeoutException;
import io.wabridge.client.store.Credentials;
import io.wabridge.client.store.MessageKey;
import io.wabridge.client.testing.MessagingServer;
import io.wabridge.proto.wa.Message;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Sending through a real WaClient against the loopback server, with real Signal parties on the other side. */
class SendTest {

    private static Set<String> participants(Node stanza) {
        return stanza.child("participants").children("to").stream().map(n -> n.attr("jid")).collect(Collectors.toSet());
    }

    @Test
    void fansOutToEveryKeyedDeviceOfTheRecipientAndOurOtherDevicesWithADeterministicId() throws Exception {
        MessagingFixture f = new MessagingFixture().login();
        CompletableFuture<SendResult> sent = f.h.client.sendMessage(BOB, new Text("hello bob"), "order-42");

        SendResult result = sent.get();
        Credentials c = f.h.credentials();
        String expectedId = MessageIdGenerator.create(CLIENT, c.identityKey(), f.h.time.clock()).forIdempotencyKey("order-42");
        assertEquals(expectedId, result.messageId());
        assertEquals(1767225700L, result.timestamp().getEpochSecond());
        assertEquals(3, result.devices());

        Node stanza = f.sent("message").getLast();
        assertEquals(expectedId, stanza.attr("id"));
        assertEquals("15550002222@s.whatsapp.net", stanza.attr("to"));
        assertEquals("text", stanza.attr("type"));
        // device 5 has no key-index and our own device 7 never gets a copy
        assertEquals(Set.of("15550002222@s.whatsapp.net", "15550002222:3@s.whatsapp.net", "15550001111@s.whatsapp.net"),
                participants(stanza));
        for (Node to : stanza.child("participants").children("to")) {
            assertEquals("pkmsg", to.child("enc").attr("type"));
            assertEquals("2", to.child("enc").attr("v"));
        }
        assertArrayEquals(c.account(), stanza.child("device-identity").bytes());

        assertEquals("hello bob", f.decryptFor(f.bob0, stanza).getConversation());
        assertEquals("hello bob", f.decryptFor(f.bob3, stanza).getConversation());
        Message own = f.decryptFor(f.ownPhone, stanza);
        assertEquals("15550002222@s.whatsapp.net", own.getDeviceSentMessage().getDestinationJid());
        assertEquals("hello bob", own.getDeviceSentMessage().getMessage().getConversation());

        // kept for retry receipts, and the Signal state was flushed before the stanza went out
        assertTrue(f.h.store.messages().load(new MessageKey("15550002222@s.whatsapp.net", expectedId)).isPresent());
        assertTrue(f.h.store.signalSessions().load(io.wabridge.client.signal.SignalAddresses.of(f.bob3.jid)).isPresent());
        assertEquals(List.of(List.of(f.bob0.jid, f.bob3.jid, f.ownPhone.jid)), f.server.fetchedDevices);
    }

    @Test
    void whileACommitIsBeingStoredItsStanzasWaitAndLaterSendsFollowInTheNextCommitInOrder() throws Exception {
        MessagingFixture f = new MessagingFixture().login();
        f.h.client.sendMessage(BOB, new Text("warm-up"), "w").get(); // devices and sessions known
        int before = f.sent("message").size();
        f.h.storeIo.hold();
        CompletableFuture<SendResult> one = f.h.client.sendMessage(BOB, new Text("one"), "k1");
        assertEquals(1, f.h.storeIo.heldCount(), "the devices' sessions are read on the store's I/O executor first");
        f.h.storeIo.runHeld();
        assertEquals(1, f.h.storeIo.heldCount(), "the commit's flush is out");
        CompletableFuture<SendResult> two = f.h.client.sendMessage(BOB, new Text("two"), "k2");
        assertEquals(before, f.sent("message").size(), "no ciphertext leaves before its state is stored");
        assertFalse(one.isDone() || two.isDone());

        f.h.storeIo.release();
        List<Node> sent = f.sent("message");
        assertEquals(before + 2, sent.size());
        assertEquals("one", f.decryptFor(f.bob0, sent.get(before)).getConversation());
        assertEquals("two", f.decryptFor(f.bob0, sent.get(before + 1)).getConversation());
        assertEquals(one.get().messageId(), sent.get(before).attr("id"));
        assertEquals(two.get().messageId(), sent.get(before + 1).attr("id"));
        assertTrue(f.h.store.messages().load(new MessageKey("15550002222@s.whatsapp.net", two.get().messageId()))
                .isPresent(), "kept for retry receipts");
    }

    @Test
    void aCommitWhoseFlushFailsFailsItsSendsAndWritesNothing() throws Exception {
        MessagingFixture f = new MessagingFixture().login();
        f.h.client.sendMessage(BOB, new Text("warm-up"), "w").get();
        int before = f.sent("message").size();
        f.h.storeIo.hold();
        CompletableFuture<SendResult> one = f.h.client.sendMessage(BOB, new Text("one"), "k1");
        f.h.stores.open(f.h.client.sessionId(), 1).claim(); // a newer owner: every write of ours is refused now
        f.h.storeIo.release();
        ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, one::get);
        assertTrue(failure.getCause().getMessage().contains("fenced"), failure.toString());
        assertEquals(before, f.sent("message").size(), "nothing written");
    }

    @Test
    void sameIdempotencyKeyGivesTheSameIdAndNoKeyGivesWebStyleRandomIds() throws Exception {
        MessagingFixture f = new MessagingFixture().login();
        String a = f.h.client.sendMessage(BOB, new Text("one"), "k").get().messageId();
        String b = f.h.client.sendMessage(BOB, new Text("one again"), "k").get().messageId();
        String c = f.h.client.sendMessage(BOB, new Text("two")).get().messageId();
        String d = f.h.client.sendMessage(BOB, new Text("three")).get().messageId();
        assertEquals(a, b);
        assertFalse(c.equals(d));
        assertTrue(MessageIdGenerator.isWebFormat(c));
    }

    @Test
    void devicesAreQueriedOnceThenCachedAndDeviceIdentityGoesOnlyWithPkmsg() throws Exception {
        MessagingFixture f = new MessagingFixture().login();
        Node first = sendAndGetStanza(f, "first");
        // every device answers, so the client's sessions are confirmed and it sends plain msg from now on
        for (var party : List.of(f.bob0, f.bob3, f.ownPhone)) {
            f.decryptFor(party, first);
            f.deliverText(party, "ack from " + party.jid);
        }
        Node second = sendAndGetStanza(f, "second");
        assertEquals(1, f.server.usyncQueries);
        assertEquals(1, f.server.keyFetches);
        for (Node to : second.child("participants").children("to")) {
            assertEquals("msg", to.child("enc").attr("type"));
        }
        assertNull(second.child("device-identity"));
        assertEquals("second", f.decryptFor(f.bob3, second).getConversation());
    }

    @Test
    void aDevicesNotificationDropsTheCachedListSoTheNextSendQueriesAgain() throws Exception {
        MessagingFixture f = new MessagingFixture().login();
        sendAndGetStanza(f, "first");
        assertEquals(1, f.server.usyncQueries);

        var bob7 = io.wabridge.client.signal.SignalParty.create(f.peers, "bob7", BOB.withDevice(7));
        f.server.bundles.put(bob7.jid, bob7.bundle(1));
        f.server.devices.put(BOB, List.of(MessagingServer.device(0), MessagingServer.device(3, 1), MessagingServer.device(7, 2)));
        f.connection().send(Node.builder("notification").attr("from", "15550002222@s.whatsapp.net")
                .attr("type", "devices").attr("id", "dn-1")
                .children(Node.builder("add").children(Node.builder("device").attr("jid", "15550002222:7@s.whatsapp.net").build()).build())
                .build());
        assertTrue(f.indexOf("ack", "dn-1", "notification") >= 0, "the notification is acknowledged");

        Node second = sendAndGetStanza(f, "second");
        assertEquals(2, f.server.usyncQueries);
        assertTrue(participants(second).contains("15550002222:7@s.whatsapp.net"));
        assertEquals("second", f.decryptFor(bob7, second).getConversation());
    }

    @Test
    void aParticipantHashMismatchInTheAckDropsTheCachedLists() throws Exception {
        MessagingFixture f = new MessagingFixture().login();
        f.server.ackFor = m -> MessagingServer.ack(m).toBuilder().attr("phash", "2:AAAAAAAA").build();
        sendAndGetStanza(f, "first");
        sendAndGetStanza(f, "second");
        assertEquals(2, f.server.usyncQueries);
    }

    @Test
    void reactionsAreTypedReactionAndHiddenWhenUndecryptable() throws Exception {
        MessagingFixture f = new MessagingFixture().login();
        f.h.client.sendMessage(BOB, new Reaction(new MessageRef(BOB.toString(), false, "ABC", null), "👍", 5L)).get();
        Node stanza = f.sent("message").getLast();
        assertEquals("reaction", stanza.attr("type"));
        assertEquals("hide", stanza.child("participants").children("to").getFirst().child("enc").attr("decrypt-fail"));
        assertEquals("👍", f.decryptFor(f.bob0, stanza).getReactionMessage().getText());
    }

    @Test
    void anErrorAckFailsTheSendWithTheCode() {
        MessagingFixture f = new MessagingFixture().login();
        f.server.ackFor = m -> MessagingServer.ack(m).toBuilder().attr("error", "479").build();
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> f.h.client.sendMessage(BOB, new Text("refused")).get());
        MessageRejectedException rejected = assertInstanceOf(MessageRejectedException.class, e.getCause());
        assertEquals(479, rejected.code());
    }

    @Test
    void noAckWithinTheTimeoutFailsTheSend() {
        MessagingFixture f = new MessagingFixture().login();
        f.server.ackFor = m -> null;
        CompletableFuture<SendResult> sent = f.h.client.sendMessage(BOB, new Text("lost"));
        assertFalse(sent.isDone());
        f.h.time.advance(Duration.ofSeconds(31));
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, sent::get);
        assertInstanceOf(SendTimeoutException.class, e.getCause());
    }

    @Test
    void devicesWithoutBundlesAreSkippedButARecipientWithNoneFails() throws Exception {
        MessagingFixture f = new MessagingFixture().login();
        f.server.bundles.remove(f.bob3.jid);
        Node stanza = sendAndGetStanza(f, "partial");
        assertEquals(Set.of("15550002222@s.whatsapp.net", "15550001111@s.whatsapp.net"), participants(stanza));

        Jid carol = Jid.pn("15550003333");
        f.server.devices.put(carol, List.of(MessagingServer.device(0)));
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> f.h.client.sendMessage(carol, new Text("nobody home")).get());
        assertTrue(e.getCause().getMessage().contains("no device of 15550003333@s.whatsapp.net"), e.getCause().getMessage());
    }

    @Test
    void sendingBeforeLoginOrToABroadcastOrADeviceFailsClearly() {
        MessagingFixture f = new MessagingFixture();
        ExecutionException notOpen = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> f.h.client.sendMessage(BOB, new Text("early")).get());
        assertInstanceOf(IllegalStateException.class, notOpen.getCause());
        f.login();
        ExecutionException broadcast = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> f.h.client.sendMessage(Jid.STATUS_BROADCAST, new Text("hi all")).get());
        assertInstanceOf(UnsupportedOperationException.class, broadcast.getCause());
        ExecutionException device = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> f.h.client.sendMessage(BOB.withDevice(3), new Text("hi")).get());
        assertInstanceOf(IllegalArgumentException.class, device.getCause());
    }

    @Test
    void markReadSendsOneReadReceiptForTheChatWithTheOtherIdsListed() throws Exception {
        MessagingFixture f = new MessagingFixture().login();
        f.h.client.markRead(BOB, List.of("A1", "A2", "A3"), null).get();
        Node receipt = f.sent("receipt").getLast();
        assertEquals("A1", receipt.attr("id"));
        assertEquals("15550002222@s.whatsapp.net", receipt.attr("to"));
        assertEquals("read", receipt.attr("type"));
        assertNotNull(receipt.attr("t"));
        assertNull(receipt.attr("participant"));
        assertEquals(List.of("A2", "A3"), receipt.child("list").children("item").stream().map(n -> n.attr("id")).toList());
    }

    @Test
    void aBurstOfSendsIsCommittedTogetherAndGoesOutInOrderWithNoChainStepLostOrReused() throws Exception {
        MessagingFixture f = new MessagingFixture().login();
        sendAndGetStanza(f, "first");
        int before = f.sent("message").size();
        List<CompletableFuture<SendResult>> burst = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            burst.add(f.h.client.sendMessage(BOB, new Text("burst " + i)));
        }
        for (CompletableFuture<SendResult> sent : burst) {
            assertEquals(3, sent.get().devices());
        }
        List<Node> stanzas = f.sent("message");
        assertEquals(before + 20, stanzas.size());
        for (int i = 0; i < 20; i++) {
            Node stanza = stanzas.get(before + i);
            assertEquals(burst.get(i).get().messageId(), stanza.attr("id"));
            // each device decrypts the messages one after the other: no chain step was lost or reused
            assertEquals("burst " + i, f.decryptFor(f.bob3, stanza).getConversation());
            assertEquals("burst " + i, f.decryptFor(f.bob0, stanza).getConversation());
        }
    }

    @Test
    void aSendWaitingForABundleIsNotOvertakenByALaterOne() throws Exception {
        MessagingFixture f = new MessagingFixture().login();
        sendAndGetStanza(f, "first"); // bob's devices and sessions are known from now on
        Jid carol = Jid.pn("15550003333");
        var carol0 = io.wabridge.client.signal.SignalParty.create(f.peers, "carol0", carol.withDevice(0));
        f.server.bundles.put(carol0.jid, carol0.bundle(1));
        f.server.devices.put(carol, List.of(MessagingServer.device(0)));
        int before = f.sent("message").size();
        // carol's send waits for her bundle, held back by the server until bob's send was started
        var answerKeys = f.h.keyRequests;
        java.util.concurrent.CompletableFuture<Runnable> heldKeys = new CompletableFuture<>();
        f.h.keyRequests = (c, iq) -> heldKeys.complete(() -> answerKeys.accept(c, iq));
        CompletableFuture<SendResult> toCarol = f.h.client.sendMessage(carol, new Text("to carol"));
        CompletableFuture<SendResult> toBob = f.h.client.sendMessage(BOB, new Text("to bob"));
        heldKeys.get(10, java.util.concurrent.TimeUnit.SECONDS).run();
        String carolId = toCarol.get().messageId();
        String bobId = toBob.get().messageId();
        List<Node> stanzas = f.sent("message");
        assertEquals(List.of(carolId, bobId), List.of(stanzas.get(before).attr("id"), stanzas.get(before + 1).attr("id")),
                "written in the order the sends were started");
        assertEquals("to carol", f.decryptFor(carol0, stanzas.get(before)).getConversation());
    }

    static Node sendAndGetStanza(MessagingFixture f, String text) throws Exception {
        f.h.client.sendMessage(BOB, new Text(text)).get();
        return f.sent("message").getLast();
    }
}

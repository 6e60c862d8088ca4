package io.wabridge.client.messaging;

import static io.wabridge.client.messaging.MessagingFixture.BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.WaClientConfig;
import io.wabridge.client.binary.Node;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.lid.LidMappings;
import io.wabridge.client.signal.SignalParty;
import io.wabridge.client.testing.MessagingServer;
import io.wabridge.client.binary.BigEndian;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.message.content.Text;
import io.wabridge.client.testing.ClientHarness;
import io.wabridge.client.testing.StoreCalls;
import io.wabridge.client.testing.TestPhone;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Which store calls the client still makes on the session's executor, flow by flow: pairing and login (with the
 * first prekey upload), a pkmsg and a message received from a contact, a LID mapping learnt from a message, a send,
 * a second send, a first send to a new contact, a retry receipt, a presence subscription, a prekey top-up, receipts
 * and a notification naming users whose LID mappings are not cached, our own LID mapping named after more users than
 * the cache keeps, bad-MAC retry receipts (the second with a fresh prekey),
 * logout, and a group key rotation.
 * Every store call is recorded with where it ran ({@link StoreCalls}); the test fails when a flow's set of executor
 * calls is not exactly the one listed here, so a new blocking call shows up, and so does one moved off. A message's
 * path (LID mappings, chats and contacts, Signal records) reads ahead and writes behind. The listing for the whole
 * client suite: run it with {@code -Dwabridge.test.storeCalls=<file>}.
 */
class StoreOffExecutorTest {

    /**
     * None of these flows makes a store call on the executor (README "Reads ahead, off the executor"; the rare calls
     * left elsewhere are listed there). The credentials are held in memory and stored behind
     * ({@code CredentialsCell}): loaded (created with their signed prekey's record) on the store I/O executor when a
     * connection starts, together with our own LID mapping, before the connection exists; saved there in version
     * order (pairing with its identity, before the pair-success reply leaves; the prekey top-up's next id, before the
     * upload leaves); logout's wipe runs there too, the next load after it. A send reads its chat, contact, LID
     * mapping, privacy tokens and Signal sessions ahead; a retry receipt its stored message and the device's session;
     * the state a send, a resend or a group key rotation changed is flushed by the sender's commit; the login's signed
     * prekey age and app-state key are read on the store I/O executor; the LID mappings a receipt's or notification's
     * attributes name are read ahead before it is handled.
     */
    private static final Map<String, Set<String>> EXPECTED = expected();

    private static Map<String, Set<String>> expected() {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        m.put("pairing and login", Set.of());
        m.put("pkmsg received", Set.of());
        m.put("message received", Set.of());
        m.put("a pkmsg naming a prekey we do not have", Set.of());
        m.put("LID mapping learnt from a message", Set.of());
        m.put("send", Set.of());
        m.put("second send", Set.of());
        m.put("first send to a new contact", Set.of());
        m.put("retry receipt", Set.of());
        m.put("a retry receipt whose keys start a new session", Set.of());
        m.put("presence subscription", Set.of());
        m.put("prekey top-up", Set.of());
        m.put("receipts and a notification naming users whose LID mappings are not cached", Set.of());
        m.put("our own LID mapping named after more users than the cache keeps", Set.of());
        m.put("bad-MAC retry receipts, the second with a fresh prekey", Set.of());
        m.put("logout", Set.of());
        return m;
    }

    private final StoreCalls calls = new StoreCalls();
    private final List<StoreCalls.Call> all = new java.util.ArrayList<>();

    @Test
    void theMainFlowsMakeNoStoreCallOnTheExecutorButTheListedOnes() throws Exception {
        Map<String, Set<String>> found = new LinkedHashMap<>();
        MessagingFixture f = new MessagingFixture(new ClientHarness(WaClientConfig.defaults(), new TestPhone(),
                "test-account", calls::watch));
        f.login();
        found.put("pairing and login", phase());

        f.startSession(f.bob0, 0);
        f.deliverText(f.bob0, "one");
        found.put("pkmsg received", phase());

        f.deliverText(f.bob0, "two");
        found.put("message received", phase());

        SignalParty mallory = f.party("mallory0", Jid.pn("15550005555").withDevice(0));
        io.wabridge.client.signal.DeviceKeyBundle real = MessagingServer.uploadedBundle(f.h.uploads.getFirst(), 7, 1);
        mallory.cipher.processBundle(MessagingFixture.CLIENT, new io.wabridge.client.signal.DeviceKeyBundle(
                real.registrationId(), real.deviceId(), 999_999, real.preKey(), real.signedPreKeyId(),
                real.signedPreKey(), real.signature(), real.identityKey()));
        f.connection().send(f.incoming(mallory, "HOSTILE-1", f.encrypt(mallory,
                io.wabridge.proto.wa.Message.newBuilder().setConversation("no such prekey").build())));
        assertTrue(f.sent("receipt").stream().anyMatch(r -> "HOSTILE-1".equals(r.attr("id")))
                || f.indexOf("ack", "HOSTILE-1", null) >= 0, "the hostile pkmsg is answered");
        found.put("a pkmsg naming a prekey we do not have", phase());

        f.connection().send(f.incoming(f.bob0, "IN-lid", f.encrypt(f.bob0,
                io.wabridge.proto.wa.Message.newBuilder().setConversation("three").build())).toBuilder()
                .attr("sender_lid", "90210123456789@lid").build());
        assertTrue(f.events(ClientEvent.LidMappingLearned.class).stream()
                .anyMatch(l -> l.lid().toString().equals("90210123456789@lid")), f.h.events.toString());
        found.put("LID mapping learnt from a message", phase());

        f.h.client.sendMessage(BOB, new Text("reply"), "cmd-1").get();
        found.put("send", phase());

        String again = f.h.client.sendMessage(BOB, new Text("again"), "cmd-2").get().messageId();
        found.put("second send", phase());

        Jid carol = Jid.pn("15550003333");
        SignalParty carol0 = f.party("carol0", carol.withDevice(0));
        f.server.devices.put(carol, List.of(MessagingServer.device(0)));
        f.h.client.sendMessage(carol, new Text("hello carol"), "cmd-3").get();
        assertEquals("hello carol", f.decryptFor(carol0, f.sent("message").getLast()).getConversation());
        found.put("first send to a new contact", phase());

        int messages = f.sent("message").size();
        f.connection().send(Node.builder("receipt").attr("from", f.bob3.jid).attr("id", again).attr("type", "retry")
                .attr("t", "1767225900").child(Node.builder("retry").attr("count", 1).attr("id", again)
                        .attr("t", "1767225700").attr("v", "1").build())
                .child(Node.builder("registration").bytes(BigEndian.bytes(f.bob3.credentials.registrationId(), 4))
                        .build()).build());
        assertEquals(messages + 1, f.sent("message").size(), "the retry receipt is answered");
        assertEquals("again", MessagingFixture.decrypt(f.bob3, f.sent("message").getLast().child("enc")).getConversation());
        found.put("retry receipt", phase());

        String lost = f.h.client.sendMessage(BOB, new Text("new session please"), "cmd-4").get().messageId();
        SignalParty reinstalled = SignalParty.create(f.peers, "bob3-new", f.bob3.jid); // new identity and keys
        f.connection().send(RetryReceiptTest.retryReceipt(reinstalled, lost, 2, RetryReceiptTest.keysOf(reinstalled, 2)));
        assertEquals("new session please", MessagingFixture.decrypt(reinstalled, f.sent("message").getLast().child("enc"))
                .getConversation());
        found.put("a retry receipt whose keys start a new session", phase());

        f.h.client.subscribePresence(Jid.pn("15550004444")).get();
        assertTrue(f.sent("presence").stream().anyMatch(p -> "15550004444@s.whatsapp.net".equals(p.attr("to"))),
                f.sent("presence").toString());
        found.put("presence subscription", phase());

        f.connection().send(Node.builder("notification").attr("from", "s.whatsapp.net").attr("type", "encrypt")
                .attr("id", "low-1").children(Node.builder("count").attr("value", "3").build()).build());
        found.put("prekey top-up", phase());

        for (int i = 0; i < LidMappings.DEFAULT_CACHE_USERS + 100; i++) { // more users than LidMappings caches
            f.connection().send(Node.builder("receipt").attr("from", Jid.pn("1555100" + (1000 + i)))
                    .attr("sender_lid", "9021100000" + (1000 + i) + "@lid").attr("id", "R" + i)
                    .attr("t", "1767225900").build());
        }
        f.connection().send(Node.builder("notification").attr("from", Jid.pn("15551009999")).attr("type", "devices")
                .attr("lid", "90211000009999@lid").attr("id", "N-devices").attr("t", "1767225900").build());
        assertTrue(f.indexOf("ack", "R" + (LidMappings.DEFAULT_CACHE_USERS + 99), null) >= 0, "receipts acked");
        assertTrue(f.indexOf("ack", "R" + (LidMappings.DEFAULT_CACHE_USERS + 99), null)
                < f.indexOf("ack", "N-devices", null), "in order");
        assertTrue(f.events(ClientEvent.LidMappingLearned.class).stream()
                .anyMatch(l -> l.lid().toString().equals("90211000009999@lid")), "the notification's mapping learnt");
        found.put("receipts and a notification naming users whose LID mappings are not cached", phase());
        f.connection().send(Node.builder("receipt").attr("from", MessagingFixture.ME.withDevice(7))
                .attr("sender_lid", Jid.parse(TestPhone.LID).toNonAd()).attr("id", "R-own")
                .attr("t", "1767225900").build());
        assertTrue(f.indexOf("ack", "R-own", null) >= 0, "own receipt acked");
        found.put("our own LID mapping named after more users than the cache keeps", phase());

        byte[] bad = f.encrypt(f.bob0, io.wabridge.proto.wa.Message.newBuilder().setConversation("lost").build())
                .ciphertext().clone();
        bad[bad.length - 1] ^= 0x01; // the MAC
        f.connection().send(f.incoming(f.bob0.jid, "BAD1", "msg", bad));
        f.connection().send(f.incoming(f.bob0.jid, "BAD1", "msg", bad));
        assertTrue(f.sent("receipt").stream().anyMatch(r -> "BAD1".equals(r.attr("id")) && r.child("keys") != null),
                f.sent("receipt").toString());
        found.put("bad-MAC retry receipts, the second with a fresh prekey", phase());

        f.h.client.logout();
        found.put("logout", phase());

        assertEquals(List.of("one", "two", "three"), f.events(ClientEvent.MessageReceived.class).stream()
                .map(m -> ((Text) m.content()).text()).toList());
        assertEquals(EXPECTED, found, "store calls on the session's executor:\n" + StoreCalls.describe(all));
    }

    @Test
    void groupSendsAndAKeyRotationMakeNoStoreCallOnTheExecutor() throws Exception {
        MessagingFixture f = new MessagingFixture(new ClientHarness(WaClientConfig.defaults(), new TestPhone(),
                "test-account", calls::watch));
        f.login();
        Jid group = Jid.parse("120363040000000002@g.us");
        List<Jid> members = new java.util.concurrent.CopyOnWriteArrayList<>(List.of(MessagingFixture.ME, BOB));
        f.connection().router().on(io.wabridge.client.stanza.StanzaMatcher.iq("get", "w:g2"), iq -> {
            var g = Node.builder("group").attr("id", group.user()).attr("subject", "Team").attr("addressing_mode", "pn");
            for (Jid m : members) {
                g.child(Node.builder("participant").attr("jid", m).build());
            }
            f.connection().send(ClientHarness.result(iq).toBuilder().children(g.build()).build());
        });
        String first = f.h.client.sendMessage(group, new Text("before"), "g-1").get().messageId();
        Set<String> firstGroupSend = phase();

        f.connection().send(Node.builder("receipt").attr("from", group).attr("participant", f.bob3.jid)
                .attr("id", first).attr("type", "retry").attr("t", "1767225900")
                .child(Node.builder("retry").attr("count", 1).attr("id", first).attr("t", "1767225700").attr("v", "1").build())
                .child(Node.builder("registration").bytes(BigEndian.bytes(f.bob3.credentials.registrationId(), 4)).build())
                .build());
        assertEquals(f.bob3.jid.toString(), f.sent("message").getLast().attr("participant"), "resent to bob3");
        Set<String> groupRetry = phase();

        f.connection().send(Node.builder("notification").attr("type", "devices").attr("from", BOB).attr("id", "D1")
                .children(Node.builder("add").children(Node.builder("device").attr("jid", BOB.withDevice(4)).build())
                        .build()).build());
        f.h.client.sendMessage(group, new Text("after a new device"), "g-1b").get();
        Set<String> afterDeviceNotification = phase();

        members.remove(BOB);
        f.connection().send(Node.builder("notification").attr("type", "w:gp2").attr("from", group)
                .attr("id", "N1").attr("participant", MessagingFixture.ME).children(Node.builder("remove")
                        .children(Node.builder("participant").attr("jid", BOB).build()).build()).build());
        assertTrue(f.indexOf("ack", "N1", null) >= 0, "notification acked");
        Set<String> rotation = phase();
        f.h.client.sendMessage(group, new Text("after"), "g-2").get();
        assertEquals(Map.of("first group send", Set.of(), "a retry receipt in the group", Set.of(),
                        "a group send after a member's device notification", Set.of(), "key rotation", Set.of()),
                Map.of("first group send", firstGroupSend, "a retry receipt in the group", groupRetry,
                        "a group send after a member's device notification", afterDeviceNotification,
                        "key rotation", rotation),
                "store calls on the session's executor:\n" + StoreCalls.describe(all));
    }

    @Test
    void aPkmsgAfterTheSendersIdentityChangedMakesNoStoreCallOnTheExecutor() throws Exception {
        MessagingFixture f = new MessagingFixture(new ClientHarness(WaClientConfig.defaults(), new TestPhone(),
                "test-account", calls::watch));
        f.login();
        f.startSession(f.bob0, 0);
        f.deliverText(f.bob0, "first identity");
        phase();

        SignalParty reinstalled = SignalParty.create(f.peers, "bob0-new", f.bob0.jid); // same device, new identity
        reinstalled.cipher.processBundle(MessagingFixture.CLIENT, MessagingServer.uploadedBundle(f.h.uploads.getFirst(), 7, 1));
        f.connection().send(f.incoming(reinstalled, "NEWID", f.encrypt(reinstalled,
                io.wabridge.proto.wa.Message.newBuilder().setConversation("new me").build())));
        assertEquals(List.of(f.bob0.jid), f.events(ClientEvent.IdentityChanged.class).stream()
                .map(ClientEvent.IdentityChanged::device).toList());
        assertEquals("new me", ((Text) f.events(ClientEvent.MessageReceived.class).getLast().content()).text());
        assertEquals(Set.of(), phase(), "store calls on the session's executor:\n" + StoreCalls.describe(all));
    }

    @Test
    void aSendStartedWhileAnEarlierOneWaitsForABundleAndCommitsMakesNoStoreCallOnTheExecutor() throws Exception {
        MessagingFixture f = new MessagingFixture(new ClientHarness(WaClientConfig.defaults(), new TestPhone(),
                "test-account", calls::watch));
        f.login();
        f.h.client.sendMessage(BOB, new Text("first"), "s-1").get(); // bob's sessions are stored and kept
        Jid carol = Jid.pn("15550003333");
        SignalParty carol0 = f.party("carol0", carol.withDevice(0));
        f.server.devices.put(carol, List.of(MessagingServer.device(0)));
        phase();
        // carol's send waits for her bundle while bob's reads ahead; carol's commit then stores her new session, and
        // bob's send, built after it, must still know its sessions are stored without asking
        var answerKeys = f.h.keyRequests;
        java.util.concurrent.CompletableFuture<Runnable> heldKeys = new java.util.concurrent.CompletableFuture<>();
        f.h.keyRequests = (c, iq) -> heldKeys.complete(() -> answerKeys.accept(c, iq));
        var toCarol = f.h.client.sendMessage(carol, new Text("to carol"), "s-2");
        var toBob = f.h.client.sendMessage(BOB, new Text("to bob"), "s-3");
        heldKeys.get(30, java.util.concurrent.TimeUnit.SECONDS).run();
        toCarol.get(30, java.util.concurrent.TimeUnit.SECONDS);
        toBob.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals("to carol", f.decryptFor(carol0, f.sent("message").get(f.sent("message").size() - 2))
                .getConversation());
        assertEquals(Set.of(), phase(), "store calls on the session's executor:\n" + StoreCalls.describe(all));
    }

    /**
     * A contact sends us, pairwise in a 1:1 message, the distribution message of a group whose sender key we do not
     * hold: the group is named only inside the ciphertext, so the batch's read-ahead could not name the record; it is
     * read on the store I/O executor after the batch's decrypt pass and stored before the batch's flush and receipt.
     * Then a group message from that sender decrypts, in a later batch and in the same batch as another distribution.
     */
    @Test
    void aSenderKeyDistributionInsideA1to1MessageMakesNoStoreCallOnTheExecutor() throws Exception {
        MessagingFixture f = new MessagingFixture(new ClientHarness(WaClientConfig.defaults(), new TestPhone(),
                "test-account", calls::watch));
        f.login();
        f.startSession(f.bob0, 0);
        f.deliverText(f.bob0, "first");
        phase();

        Jid group = Jid.parse("120363040000000004@g.us");
        io.wabridge.client.signal.group.GroupCipher bobGroup =
                new io.wabridge.client.signal.group.GroupCipher(f.bob0.stores.senderKeys());
        String id = "SKDM1";
        f.connection().send(f.incoming(f.bob0, id, f.encrypt(f.bob0, distribution(bobGroup, group, f.bob0.jid))));
        assertTrue(f.indexOf("receipt", id, null) >= 0, "the distribution alone is delivered");
        assertEquals(List.of(), f.events(ClientEvent.DecryptFailed.class), "no failure");
        assertTrue(f.h.store.senderKeys().load(new io.wabridge.client.store.SenderKeyName(group.toString(),
                io.wabridge.client.signal.SignalAddresses.of(f.bob0.jid))).isPresent(), "stored with the batch's flush");
        Set<String> inA1to1 = phase();

        f.connection().send(groupMessage(group, f.bob0.jid, "G1", skmsg(bobGroup, group, f.bob0.jid, "in the group")));
        assertEquals(new Text("in the group"), f.events(ClientEvent.MessageReceived.class).getLast().content(),
                "a later batch's group message from that sender decrypts");
        Set<String> laterGroupMessage = phase();

        // one batch: a 1:1 distribution for another group and that group's message right behind it (a batch held out
        // by a read on the store I/O executor keeps both waiting together)
        Jid second = Jid.parse("120363040000000005@g.us");
        f.h.storeIo.hold();
        f.deliverText(f.bob0, "holding a batch out");
        f.connection().send(f.incoming(f.bob0, "SKDM2", f.encrypt(f.bob0, distribution(bobGroup, second, f.bob0.jid))));
        f.connection().send(groupMessage(second, f.bob0.jid, "G2", skmsg(bobGroup, second, f.bob0.jid, "same batch")));
        f.h.storeIo.release();
        assertEquals(new Text("same batch"), f.events(ClientEvent.MessageReceived.class).getLast().content(),
                "a group message in the distribution's batch decrypts: " + f.events(ClientEvent.DecryptFailed.class));
        assertEquals(List.of(), f.events(ClientEvent.DecryptFailed.class), "no failure");
        Set<String> sameBatch = phase();
        assertEquals(Map.of("a distribution in a 1:1 message", Set.of(), "a later group message", Set.of(),
                        "a distribution and the group's message in one batch", Set.of()),
                Map.of("a distribution in a 1:1 message", inA1to1, "a later group message", laterGroupMessage,
                        "a distribution and the group's message in one batch", sameBatch),
                "store calls on the session's executor:\n" + StoreCalls.describe(all));
    }

    private static io.wabridge.proto.wa.Message distribution(io.wabridge.client.signal.group.GroupCipher sender,
                                                             Jid group, Jid from) {
        byte[] skdm = sender.createDistribution(new io.wabridge.client.store.SenderKeyName(group.toString(),
                io.wabridge.client.signal.SignalAddresses.of(from)));
        return io.wabridge.proto.wa.Message.newBuilder().setSenderKeyDistributionMessage(
                io.wabridge.proto.wa.SenderKeyDistributionMessage.newBuilder().setGroupId(group.toString())
                        .setAxolotlSenderKeyDistributionMessage(com.google.protobuf.ByteString.copyFrom(skdm))).build();
    }

    private static Node skmsg(io.wabridge.client.signal.group.GroupCipher sender, Jid group, Jid from, String text)
            throws Exception {
        byte[] padded = io.wabridge.client.message.MessagePlaintext.encode(
                io.wabridge.proto.wa.Message.newBuilder().setConversation(text).build(), new java.util.Random(5));
        byte[] ciphertext = sender.encrypt(new io.wabridge.client.store.SenderKeyName(group.toString(),
                io.wabridge.client.signal.SignalAddresses.of(from)), padded);
        return Node.builder("enc").attr("v", "2").attr("type", "skmsg").bytes(ciphertext).build();
    }

    private static Node groupMessage(Jid group, Jid from, String id, Node enc) {
        return Node.builder("message").attr("from", group).attr("participant", from).attr("id", id)
                .attr("t", "1767225900").attr("type", "text").attr("notify", "Bob").children(enc).build();
    }

    private Set<String> phase() {
        Set<String> names = new TreeSet<>(calls.onExecutorNames());
        all.addAll(calls.onExecutor());
        calls.clear();
        return names;
    }
}

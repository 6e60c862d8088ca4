package io.wabridge.client.messaging;

import static io.wabridge.client.messaging.MessagingFixture.BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.WaClientConfig;
import io.wabridge.client.binary.Node;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.message.content.Text;
import io.wabridge.client.send.SendResult;
import io.wabridge.client.signal.store.SignalStores;
import io.wabridge.client.store.AccountStore;
import io.wabridge.client.store.IdentityStore;
import io.wabridge.client.store.PreKeyStore;
import io.wabridge.client.store.SenderKeyStore;
import io.wabridge.client.store.SignalSessionStore;
import io.wabridge.client.testing.ClientHarness;
import io.wabridge.client.testing.TestPhone;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Reads that miss the session's memory (a contact's Signal session or identity not loaded yet, the one-time prekey a
 * pkmsg names) run on the store's I/O executor before the executor decrypts or encrypts: while such a read is held
 * the executor goes on (it answers the server's ping), and no Signal store read happens on the executor at all.
 */
class ReadAheadTest {

    private static final Set<String> READS = Set.of("load", "loadAll", "contains", "deviceIds", "count", "maxId");

    /** Every Signal store read of the client, named by where it ran: the read-ahead, or anywhere else. */
    private final List<String> readAhead = new ArrayList<>();
    private final List<String> elsewhere = new ArrayList<>();
    private volatile boolean failSenderKeyReads;

    private MessagingFixture fixture() {
        return new MessagingFixture(new ClientHarness(WaClientConfig.defaults(), new TestPhone(), "test-account",
                this::watched)).login();
    }

    @Test
    void aMessageFromAContactNotInMemoryIsReadAheadWhileTheExecutorGoesOn() throws Exception {
        MessagingFixture f = fixture();
        f.startSession(f.bob0, 0); // Bob's first message is a pkmsg: session, identity and prekey are in the store only
        elsewhere.clear();
        readAhead.clear();
        f.h.storeIo.hold();
        String first = f.deliverText(f.bob0, "one");
        assertEquals(1, f.h.storeIo.heldCount(), "the read is out on the store's I/O executor (Bob's LID mapping first)");
        assertTrue(f.events(ClientEvent.MessageReceived.class).isEmpty(), "nothing decrypted before the read");

        assertAnswersAPing(f, "ping-1");

        f.h.storeIo.release();
        assertEquals(List.of("one"), texts(f));
        assertTrue(f.indexOf("receipt", first, null) >= 0, f.connection().received().toString());
        assertTrue(readAhead.containsAll(List.of("signalSessions.loadAll", "identities.loadAll", "preKeys.loadAll")),
                readAhead.toString());
        assertEquals(List.of(), elsewhere, "no Signal store read on the session's executor");

        // the next message (still a pkmsg: its identity and prekey are read ahead): the session flushed a moment ago
        // is kept in memory and not read again; the read ahead only asks, off the executor, whether the store still
        // has it (MongoDB's and PostgreSQL's stores answer from memory: KnownAddresses)
        f.h.storeIo.hold();
        f.deliverText(f.bob0, "two");
        assertEquals(1, f.h.storeIo.heldCount());
        f.h.storeIo.release();
        assertEquals(List.of("one", "two"), texts(f));
        assertEquals(List.of(), elsewhere, "no Signal store call on the session's executor");
        assertTrue(readAhead.stream().filter(r -> r.equals("signalSessions.loadAll")).count() == 1,
                "the flushed session is not read ahead again: " + readAhead);
    }

    @Test
    void aSendToAContactNotInMemoryReadsItsSessionsAheadWhileTheExecutorGoesOn() throws Exception {
        MessagingFixture f = fixture();
        elsewhere.clear();
        readAhead.clear();
        f.h.storeIo.hold();
        CompletableFuture<SendResult> sent = f.h.client.sendMessage(BOB, new Text("hello"), "cmd-1");
        assertEquals(1, f.h.storeIo.heldCount(), "the devices' sessions are read on the store's I/O executor");
        assertEquals(0, f.server.keyFetches, "no bundle asked for before the sessions are known");
        assertTrue(f.sent("message").isEmpty());

        assertAnswersAPing(f, "ping-2");

        f.h.storeIo.release();
        assertTrue(sent.isDone() && !sent.isCompletedExceptionally(), String.valueOf(sent));
        assertEquals("hello", f.decryptFor(f.bob0, f.sent("message").getFirst()).getConversation());
        assertTrue(readAhead.containsAll(List.of("signalSessions.loadAll", "identities.loadAll")), readAhead.toString());
        assertEquals(List.of(), elsewhere, "no Signal store read on the session's executor");
    }

    @Test
    void aReplyAfterABatchReadsItsSessionsAheadToo() throws Exception {
        MessagingFixture f = fixture();
        f.startSession(f.bob0, 0);
        f.deliverText(f.bob0, "one");
        f.deliverText(f.bob0, "two");
        assertEquals(List.of("one", "two"), texts(f));
        elsewhere.clear(); // the batch's read-ahead is closed: the send reads its own

        f.h.client.sendMessage(BOB, new Text("reply"), "cmd-2").get();
        assertEquals(List.of(), elsewhere.stream().filter(c -> !c.equals("signalSessions.contains")).toList(),
                "the send read its sessions ahead too (the one it flushed itself is only checked, from memory)");
    }

    @Test
    void theNextSendToTheSameContactReadsNoRecordItsLastFlushWrote() throws Exception {
        MessagingFixture f = fixture();
        f.h.client.sendMessage(BOB, new Text("first"), "cmd-3").get();
        elsewhere.clear();
        readAhead.clear();

        f.h.client.sendMessage(BOB, new Text("second"), "cmd-4").get();
        assertEquals("second", f.decryptFor(f.bob0, f.sent("message").getLast()).getConversation());
        assertEquals(List.of(), elsewhere, "no Signal store read on the session's executor");
        assertTrue(readAhead.stream().noneMatch(r -> r.endsWith("loadAll")),
                "the flushed sessions are only confirmed, no record or identity read: " + readAhead);
    }

    @Test
    void aReceiptNamingAUserNotInMemoryWaitsForItsLidMappingAndHoldsTheNotificationsBehindIt() {
        MessagingFixture f = fixture();
        f.h.storeIo.hold();
        f.connection().send(Node.builder("receipt").attr("from", "15550007777@s.whatsapp.net")
                .attr("sender_lid", "90210000007777@lid").attr("id", "R-new").attr("t", "1767225900").build());
        assertEquals(1, f.h.storeIo.heldCount(), "the user's LID mapping is read on the store's I/O executor");
        f.connection().send(Node.builder("notification").attr("from", BOB).attr("type", "devices")
                .attr("id", "N-after").attr("t", "1767225901").build());
        f.connection().send(Node.builder("receipt").attr("from", BOB).attr("id", "R-after").attr("t", "1767225902")
                .build());
        assertEquals(-1, f.indexOf("ack", "R-new", null), "not handled before the read");
        assertEquals(-1, f.indexOf("ack", "N-after", null), "a notification behind it waits: their order is kept");
        assertEquals(-1, f.indexOf("ack", "R-after", null), "and so does a receipt");

        assertAnswersAPing(f, "ping-3");

        f.h.storeIo.release();
        int receipt = f.indexOf("ack", "R-new", null);
        assertTrue(receipt >= 0 && receipt < f.indexOf("ack", "R-after", null) && f.indexOf("ack", "N-after", null) >= 0,
                "handled in arrival order once the read is in (a receipt is acknowledged after its hand-off)");
        assertTrue(f.events(ClientEvent.LidMappingLearned.class).stream()
                .anyMatch(l -> l.lid().toString().equals("90210000007777@lid") && l.source().equals("receipt")),
                f.h.events.toString());
    }

    /**
     * A distribution message in a 1:1 message names its group only inside: its sender key is read after the batch's
     * decrypt pass, on the store I/O executor. When that read fails the batch fails as any read-ahead failure does:
     * nothing answered, nothing stored, the connection goes; the stanza delivered again is stored and answered.
     */
    @Test
    void aDistributionInA1to1MessageWhoseSenderKeyReadFailsLeavesItsBatchUnansweredAndIsDeliveredAgain()
            throws Exception {
        MessagingFixture f = fixture();
        f.startSession(f.bob0, 0);
        f.deliverText(f.bob0, "first");
        io.wabridge.client.jid.Jid group = io.wabridge.client.jid.Jid.parse("120363040000000006@g.us");
        io.wabridge.client.store.SenderKeyName name = new io.wabridge.client.store.SenderKeyName(group.toString(),
                io.wabridge.client.signal.SignalAddresses.of(f.bob0.jid));
        byte[] skdm = new io.wabridge.client.signal.group.GroupCipher(f.bob0.stores.senderKeys()).createDistribution(name);
        Node stanza = f.incoming(f.bob0, "SKDM-F", f.encrypt(f.bob0, io.wabridge.proto.wa.Message.newBuilder()
                .setSenderKeyDistributionMessage(io.wabridge.proto.wa.SenderKeyDistributionMessage.newBuilder()
                        .setGroupId(group.toString())
                        .setAxolotlSenderKeyDistributionMessage(com.google.protobuf.ByteString.copyFrom(skdm)))
                .build()));
        var firstConnection = f.connection();
        failSenderKeyReads = true;
        firstConnection.send(stanza);
        assertEquals(-1, f.indexOf("receipt", "SKDM-F", null), "nothing answered");
        assertEquals(-1, f.indexOf("ack", "SKDM-F", "message"));
        assertTrue(firstConnection.isClosed(), "the connection goes: the server delivers again");
        failSenderKeyReads = false;
        assertTrue(f.h.store.senderKeys().load(name).isEmpty(), "nothing stored");

        f.h.time.advance(java.time.Duration.ofSeconds(30));
        assertTrue(f.h.server.connections().size() >= 2 && !f.connection().isClosed(), "reconnected: " + f.h.events);
        f.connection().send(stanza);
        assertTrue(f.indexOf("receipt", "SKDM-F", null) >= 0, "delivered again, answered");
        assertTrue(f.h.store.senderKeys().load(name).isPresent(), "stored");
        assertTrue(f.events(ClientEvent.DecryptFailed.class).isEmpty(), f.h.events.toString());
    }

    private static void assertAnswersAPing(MessagingFixture f, String id) {
        f.connection().send(Node.builder("iq").attr("from", "s.whatsapp.net").attr("type", "get")
                .attr("xmlns", "urn:xmpp:ping").attr("id", id).build());
        assertTrue(f.connection().received("iq").stream().anyMatch(n -> id.equals(n.attr("id"))
                && "result".equals(n.attr("type"))), "the executor answered the server's ping while the read was held");
    }

    private static List<String> texts(MessagingFixture f) {
        return f.events(ClientEvent.MessageReceived.class).stream().map(m -> ((Text) m.content()).text()).toList();
    }

    private AccountStore watched(AccountStore store) {
        return proxy(AccountStore.class, store, (name, value) -> switch (name) {
            case "signalSessions" -> proxy(SignalSessionStore.class, value, null);
            case "identities" -> proxy(IdentityStore.class, value, null);
            case "preKeys" -> proxy(PreKeyStore.class, value, null);
            case "senderKeys" -> proxy(SenderKeyStore.class, value, null);
            default -> value;
        });
    }

    @SuppressWarnings("unchecked")
    private <T> T proxy(Class<T> type, Object target, java.util.function.BiFunction<String, Object, Object> wrapResult) {
        String domain = type == AccountStore.class ? "" : domainOf(type);
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, method, args) -> {
            if (wrapResult == null && READS.contains(method.getName())) {
                (fromReadAhead() ? readAhead : elsewhere).add(domain + "." + method.getName());
            }
            if (failSenderKeyReads && "senderKeys".equals(domain) && READS.contains(method.getName())) {
                throw new IllegalStateException("sender key store down");
            }
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            return wrapResult == null ? result : wrapResult.apply(method.getName(), result);
        });
    }

    private static String domainOf(Class<?> type) {
        if (type == SignalSessionStore.class) {
            return "signalSessions";
        }
        if (type == IdentityStore.class) {
            return "identities";
        }
        return type == PreKeyStore.class ? "preKeys" : "senderKeys";
    }

    /** Whether the store is called from the read-ahead (SignalStores.read, on the store's I/O executor). */
    private static boolean fromReadAhead() {
        return StackWalker.getInstance().walk(frames -> frames.anyMatch(frame ->
                frame.getClassName().equals(SignalStores.class.getName()) && frame.getMethodName().equals("read")));
    }
}

package io.wabridge.client.messaging;

import static io.wabridge.client.messaging.MessagingFixture.BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.WaClient;
import io.wabridge.client.binary.MalformedNodeException;
import io.wabridge.client.binary.Node;
import io.wabridge.client.binary.NodeCodec;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.fuzz.Fuzzer;
import io.wabridge.client.message.content.Text;
import io.wabridge.client.stanza.StanzaRouter;
import io.wabridge.proto.wa.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Feeds hostile stanzas into a logged-in client's stanza router, every handler included (messages with real and
 * broken Signal payloads, receipts and retry receipts, notifications, {@code <ib>}, iq requests, presence,
 * chatstates, acks, calls): frame bytes are mutated, decoded with the client's codec (what does not decode is the node
 * decoder's business, see {@code NodeFrameFuzzTest}) and dispatched on the session. The session must never see an
 * exception escape, never leave OPEN (except for the stanzas whose documented job is to end it: {@code stream:error},
 * {@code failure}, {@code xmlstreamend}, which are not fed), and still send and receive afterwards. A handler that
 * throws is caught by the router (and logged); that is counted here and must not be a programming error (null
 * pointer, class cast, index, state), which is what this test exists to find.
 */
class StanzaFuzzTest {

    /** Stanzas whose documented effect is to end the connection: covered by the lifecycle tests, not fed here. */
    private static final Set<String> ENDING = Set.of("stream:error", "failure", "xmlstreamend");
    private static final Set<Class<?>> PROGRAMMING_ERRORS = Set.of(NullPointerException.class, ClassCastException.class,
            IndexOutOfBoundsException.class, ArrayIndexOutOfBoundsException.class, StringIndexOutOfBoundsException.class,
            IllegalStateException.class, ArithmeticException.class, UnsupportedOperationException.class,
            NegativeArraySizeException.class);

    @Test
    void hostileStanzasNeverEscapeNorStallTheSession() throws Exception {
        MessagingFixture f = new MessagingFixture().login();
        f.startSession(f.bob0, 0);
        f.startSession(f.bob3, 1);
        f.deliverText(f.bob0, "warm-up"); // a Signal session exists: msg and pkmsg seeds both reach the ratchet
        NodeCodec codec = NodeCodec.forVersion(3);
        StanzaRouter router = f.connection().clientRouter();
        Map<String, Integer> handlerFailures = new TreeMap<>();
        List<String> programmingErrors = new ArrayList<>();
        Map<String, String> firstFailure = new TreeMap<>();
        router.onHandlerFailure((stanza, failure) -> {
            handlerFailures.merge(failure.getClass().getSimpleName(), 1, Integer::sum);
            firstFailure.putIfAbsent(failure.getClass().getSimpleName(), failure.getMessage() + " on " + stanza);
            if (PROGRAMMING_ERRORS.contains(failure.getClass()) && programmingErrors.size() < 5) {
                programmingErrors.add(failure + " on " + stanza);
            }
        });

        List<Node> seedStanzas = seeds(f);
        Set<String> seedTags = new java.util.HashSet<>();
        seedStanzas.forEach(n -> seedTags.add(n.tag()));
        Fuzzer.Report report = Fuzzer.target("stanza", input -> {
            Node stanza;
            try {
                stanza = codec.decode(input);
            } catch (MalformedNodeException e) {
                return "undecodable";
            }
            return feed(f, router, stanza, seedTags);
        })
                .seeds(seedStanzas.stream().map(codec::encode).toList())
                .token("s.whatsapp.net").token("type").token("id").token("from").token("participant")
                .iterations(3_000)
                .run();

        // Structured: whole-node mutations of the seeds (attributes dropped or given hostile values, children
        // dropped, duplicated or swapped between stanzas, content replaced), which byte flips rarely produce intact.
        StanzaMutator mutator = new StanzaMutator(Fuzzer.seedOf("stanza-structured"), seedStanzas);
        Map<String, Integer> structured = new TreeMap<>();
        long executions = Fuzzer.iterationsOr(3_000);
        for (long i = 0; i < executions; i++) {
            Node stanza = codec.decode(codec.encode(mutator.next())); // as it arrives from the wire
            try {
                structured.merge(feed(f, router, stanza, seedTags), 1, Integer::sum);
            } catch (Throwable t) {
                throw new AssertionError("structured stanza fuzz (seed " + Fuzzer.seedOf("stanza-structured")
                        + ", execution " + i + ") escaped with " + t + " on " + stanza, t);
            }
        }
        System.out.println("fuzz stanza-structured: " + executions + " executions, outcomes " + structured);

        assertTrue(programmingErrors.isEmpty(), "handlers failed with programming errors: " + programmingErrors
                + " (all failures " + handlerFailures + ")");
        assertTrue(report.countStartingWith("dispatched:") > 200, report.toString());
        assertTrue(structured.keySet().stream().filter(k -> k.startsWith("dispatched:")).count() >= 10,
                structured.toString());
        assertTrue(structured.entrySet().stream().filter(e -> e.getKey().startsWith("dispatched:"))
                .mapToInt(Map.Entry::getValue).sum() > executions / 2, structured.toString());
        System.out.println("stanza handler failures (caught by the router): " + handlerFailures + ", first of each: "
                + firstFailure);

        // the session still works both ways
        assertEquals(WaClient.State.OPEN, f.h.client.state());
        String sent = f.h.client.sendMessage(BOB, new Text("still here")).get().messageId();
        assertTrue(f.indexOf("message", sent, null) >= 0, "the message went out");
        int before = f.events(ClientEvent.MessageReceived.class).size();
        f.deliverText(f.bob3, "and still receiving");
        List<ClientEvent.MessageReceived> received = f.events(ClientEvent.MessageReceived.class);
        assertEquals(before + 1, received.size(), "the next message is received");
        assertEquals(new Text("and still receiving"), received.getLast().content());
    }

    /** Dispatches one stanza on the session and checks it is still open; returns the outcome's label. */
    private static String feed(MessagingFixture f, StanzaRouter router, Node stanza, Set<String> seedTags) {
        if (ENDING.contains(stanza.tag())) {
            return "ending:" + stanza.tag();
        }
        router.dispatch(stanza); // on the session's (synchronous) executor: anything thrown reaches the fuzzer
        if (f.h.client.state() != WaClient.State.OPEN || router.isClosed()) {
            throw new AssertionError("the session left OPEN (" + f.h.client.state() + ") after " + stanza);
        }
        return "dispatched:" + (seedTags.contains(stanza.tag()) ? stanza.tag() : "other");
    }

    private static List<Node> seeds(MessagingFixture f) throws Exception {
        List<Node> stanzas = new ArrayList<>();
        stanzas.add(f.incoming(f.bob0, "S1", f.encrypt(f.bob0, Message.newBuilder().setConversation("seed").build())));
        stanzas.add(f.incoming(f.bob3, "S2", f.encrypt(f.bob3, Message.newBuilder().setConversation("pkmsg").build())));
        stanzas.add(f.incoming(BOB.withDevice(9), "S3", "skmsg", new byte[] {0x33, 1, 2, 3}));
        stanzas.add(Node.builder("receipt").attr("from", f.bob0.jid).attr("id", "R1").attr("t", "1767225800").build());
        stanzas.add(Node.builder("receipt").attr("from", f.bob0.jid).attr("id", "R2").attr("type", "read")
                .child(Node.builder("list").child(Node.builder("item").attr("id", "R3").build()).build()).build());
        stanzas.add(Node.builder("receipt").attr("from", f.bob3.jid).attr("id", "R4").attr("type", "retry")
                .child(Node.builder("retry").attr("count", "1").attr("id", "R4").attr("t", "1767225700").attr("v", "1")
                        .build())
                .child(Node.builder("registration").bytes(new byte[] {0, 0, 0, 1}).build()).build());
        stanzas.add(Node.builder("notification").attr("from", BOB).attr("id", "N1").attr("type", "devices")
                .child(Node.builder("add").child(Node.builder("device").attr("jid", BOB.withDevice(4)).build()).build())
                .build());
        stanzas.add(Node.builder("notification").attr("from", "s.whatsapp.net").attr("id", "N2").attr("type", "encrypt")
                .child(Node.builder("count").attr("value", "3").build()).build());
        stanzas.add(Node.builder("notification").attr("from", "s.whatsapp.net").attr("id", "N3").attr("type", "server_sync")
                .child(Node.builder("collection").attr("name", "regular").attr("version", "7").build()).build());
        stanzas.add(Node.builder("ib").attr("from", "s.whatsapp.net")
                .child(Node.builder("offline").attr("count", "0").build()).build());
        stanzas.add(Node.builder("ib").attr("from", "s.whatsapp.net")
                .child(Node.builder("dirty").attr("type", "account_sync").attr("timestamp", "1767225800").build()).build());
        stanzas.add(Node.builder("ib").attr("from", "s.whatsapp.net")
                .child(Node.builder("edge_routing").child(Node.builder("routing_info").bytes(new byte[] {8, 1}).build())
                        .build()).build());
        stanzas.add(Node.builder("iq").attr("from", "s.whatsapp.net").attr("id", "Q1").attr("type", "get")
                .attr("xmlns", "urn:xmpp:ping").build());
        stanzas.add(Node.builder("iq").attr("from", "s.whatsapp.net").attr("id", "Q2").attr("type", "result").build());
        stanzas.add(Node.builder("presence").attr("from", BOB).attr("type", "unavailable").attr("last", "1767225800")
                .build());
        stanzas.add(Node.builder("chatstate").attr("from", BOB).child(Node.of("composing")).build());
        stanzas.add(Node.builder("ack").attr("class", "message").attr("id", "A1").attr("from", BOB).build());
        stanzas.add(Node.builder("call").attr("from", BOB).attr("id", "C1")
                .child(Node.builder("offer").attr("call-id", "X").build()).build());
        stanzas.add(Node.builder("success").attr("t", "1767225600").attr("lid", f.h.phone.lid).build());
        return stanzas;
    }
}

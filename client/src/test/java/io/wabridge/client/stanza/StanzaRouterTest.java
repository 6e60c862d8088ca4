package io.wabridge.client.stanza;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.binary.Node;
import io.wabridge.client.testing.VirtualTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class StanzaRouterTest {
    private final VirtualTime scheduler = new VirtualTime();
    private final List<Node> sent = new ArrayList<>();
    private final StanzaRouter router = new StanzaRouter(sent::add, scheduler, Runnable::run, new StanzaIds("7.9-"));

    private static Node iq(String id, String type) {
        return Node.builder("iq").attr("id", id).attr("type", type).attr("from", "s.whatsapp.net").build();
    }

    private static Throwable failureOf(CompletableFuture<Node> future) {
        ExecutionException e = assertThrows(ExecutionException.class, future::get);
        return e.getCause();
    }

    @Test
    void aResponseWithTheRequestIdCompletesTheRequest() throws Exception {
        CompletableFuture<Node> result = router.sendIq(
                Node.builder("iq").attr("xmlns", "encrypt").attr("type", "get").children(Node.of("count")).build(),
                Duration.ofSeconds(10));

        assertEquals("7.9-1", sent.getFirst().attr("id"), "an iq without id gets the next one");
        assertFalse(result.isDone());
        Node response = Node.builder("iq").attr("id", "7.9-1").attr("type", "result")
                .children(Node.builder("count").attr("value", "30").build()).build();
        router.dispatch(response);

        assertSame(response, result.get());
        assertEquals(0, router.pendingCount());
        assertEquals(0, scheduler.liveTasks(), "the timeout is cancelled");
    }

    @Test
    void anErrorResponseFailsWithItsCodeAndText() {
        CompletableFuture<Node> result = router.sendIq(iq("a1", "set"), Duration.ofSeconds(10));
        router.dispatch(Node.builder("iq").attr("id", "a1").attr("type", "error")
                .children(Node.builder("error").attr("code", "406").attr("text", "not-acceptable").build()).build());

        IqErrorException error = assertInstanceOf(IqErrorException.class, failureOf(result));
        assertEquals(406, error.code());
        assertEquals("not-acceptable", error.text());
    }

    @Test
    void anAckOrAnIqOfAnotherTypeWithTheRequestIdFailsItAtOnceInsteadOfAtTheTimeout() {
        CompletableFuture<Node> acked = router.sendIq(iq("b1", "set"), Duration.ofSeconds(10));
        router.dispatch(Node.builder("ack").attr("id", "b1").attr("class", "iq").build());
        IqErrorException error = assertInstanceOf(IqErrorException.class, failureOf(acked));
        assertEquals(0, error.code());
        assertTrue(error.text().contains("<ack>"), error.text());

        CompletableFuture<Node> odd = router.sendIq(iq("b2", "get"), Duration.ofSeconds(10));
        router.dispatch(iq("b2", "set"));
        assertTrue(failureOf(odd).getMessage().contains("type=set"));
        assertEquals(0, router.pendingCount());
        assertEquals(0, scheduler.liveTasks(), "both timeouts cancelled");

        // An ack nothing waits for goes on to the handlers (the message sender's acks).
        List<Node> acks = new ArrayList<>();
        router.on(StanzaMatcher.tag("ack"), acks::add);
        router.dispatch(Node.builder("ack").attr("id", "msg-1").attr("class", "message").build());
        assertEquals(1, acks.size());
    }

    @Test
    void anErrorCodeThatIsNotANumberStillFailsTheRequestWithItsText() {
        CompletableFuture<Node> result = router.sendIq(iq("c1", "get"), Duration.ofSeconds(10));
        router.dispatch(Node.builder("iq").attr("id", "c1").attr("type", "error")
                .children(Node.builder("error").attr("code", "frobnicated").attr("text", "odd").build()).build());
        IqErrorException error = assertInstanceOf(IqErrorException.class, failureOf(result));
        assertEquals(0, error.code());
        assertTrue(error.text().contains("frobnicated"), error.text());
    }

    @Test
    void aRequestWithoutResponseTimesOutAndALateResponseIsUnhandled() {
        List<Node> unhandled = new ArrayList<>();
        router.onUnhandled(unhandled::add);
        CompletableFuture<Node> result = router.sendIq(
                Node.builder("iq").attr("id", "slow").attr("xmlns", "usync").attr("type", "get").build(), Duration.ofSeconds(5));

        scheduler.advance(Duration.ofMillis(4_999));
        assertFalse(result.isDone());
        scheduler.advance(Duration.ofMillis(1));
        IqTimeoutException timeout = assertInstanceOf(IqTimeoutException.class, failureOf(result));
        assertTrue(timeout.getMessage().contains("usync"), timeout.getMessage());
        assertEquals(0, router.pendingCount());

        router.dispatch(iq("slow", "result"));
        assertEquals(1, unhandled.size());
        assertEquals(1, router.unhandledCount());
    }

    @Test
    void closingFailsEveryWaitingRequestAndRefusesNewOnes() {
        CompletableFuture<Node> first = router.sendIq(iq("x1", "get"), Duration.ofSeconds(10));
        CompletableFuture<Node> second = router.sendIq(iq("x2", "get"), Duration.ofSeconds(10));

        router.close("stream error 515");

        assertInstanceOf(ConnectionClosedException.class, failureOf(first));
        assertInstanceOf(ConnectionClosedException.class, failureOf(second));
        assertEquals(0, scheduler.liveTasks());
        CompletableFuture<Node> late = router.sendIq(iq("x3", "get"), Duration.ofSeconds(10));
        assertTrue(failureOf(late).getMessage().contains("515"));
        assertEquals(2, sent.size(), "nothing is written after close");
    }

    @Test
    void aFailedWriteFailsTheRequestWithoutLeavingItPending() {
        StanzaRouter broken = new StanzaRouter(stanza -> { throw new IllegalStateException("socket gone"); },
                scheduler, Runnable::run);
        CompletableFuture<Node> result = broken.sendIq(iq("w1", "get"), Duration.ofSeconds(10));
        assertEquals("socket gone", failureOf(result).getMessage());
        assertEquals(0, broken.pendingCount());
        assertEquals(0, scheduler.liveTasks());
    }

    @Test
    void twoRequestsWithOneIdAreRefused() {
        router.sendIq(iq("dup", "get"), Duration.ofSeconds(10));
        assertThrows(IllegalArgumentException.class, () -> router.sendIq(iq("dup", "get"), Duration.ofSeconds(10)));
        assertThrows(IllegalArgumentException.class, () -> router.sendIq(Node.of("message"), Duration.ofSeconds(1)));
    }

    @Test
    void theMostSpecificMatchingHandlerTakesTheStanza() {
        List<String> calls = new ArrayList<>();
        router.on(StanzaMatcher.tag("iq"), s -> calls.add("any iq"))
                .on(StanzaMatcher.iq("set", "md"), s -> calls.add("md set"))
                .on(StanzaMatcher.tag("notification"), s -> calls.add("notification"))
                .on(StanzaMatcher.tagAndType("notification", "encrypt"), s -> calls.add("encrypt notification"));

        router.dispatch(Node.builder("iq").attr("id", "1").attr("type", "set").attr("xmlns", "md")
                .children(Node.of("pair-device")).build());
        router.dispatch(Node.builder("iq").attr("id", "2").attr("type", "set")
                .children(Node.builder("pair-success").attr("xmlns", "md").build()).build());
        router.dispatch(Node.builder("iq").attr("id", "3").attr("type", "get").attr("xmlns", "urn:xmpp:ping").build());
        router.dispatch(Node.builder("notification").attr("type", "encrypt").build());
        router.dispatch(Node.builder("notification").attr("type", "devices").build());

        assertEquals(List.of("md set", "md set", "any iq", "encrypt notification", "notification"), calls);
        assertEquals(0, router.unhandledCount());
    }

    @Test
    void aFailingHandlerIsReportedAndRoutingGoesOn() {
        List<Exception> failures = new ArrayList<>();
        List<Node> handled = new ArrayList<>();
        router.on(StanzaMatcher.tag("message"), s -> {
            if (s.attr("id").equals("bad")) {
                throw new IllegalStateException("cannot decrypt");
            }
            handled.add(s);
        }).onHandlerFailure((stanza, e) -> failures.add(e));

        router.dispatch(Node.builder("message").attr("id", "bad").build());
        router.dispatch(Node.builder("message").attr("id", "good").build());

        assertEquals(1, failures.size());
        assertEquals("cannot decrypt", failures.getFirst().getMessage());
        assertEquals(1, handled.size());
        assertEquals(1, router.handlerFailures());
    }

    private static Node stanza(String tag, String id) {
        return Node.builder(tag).attr("id", id).attr("from", "15550001111@s.whatsapp.net").build();
    }

    /** Routes receipts, notifications and messages to {@code handled} (their ids). */
    private void handleInto(List<String> handled) {
        for (String tag : List.of("receipt", "notification", "message")) {
            router.on(StanzaMatcher.tag(tag), node -> handled.add(node.attr("id")));
        }
    }

    @Test
    void heldStanzasWaitForTheirLookAheadInArrivalOrderWhileOthersAreRouted() {
        List<String> handled = new ArrayList<>();
        handleInto(handled);
        List<List<String>> asked = new ArrayList<>();
        List<CompletableFuture<Void>> reads = new ArrayList<>();
        router.lookAhead(n -> n.is("receipt") || n.is("notification"), batch -> {
            asked.add(batch.stream().map(n -> n.attr("id")).toList());
            CompletableFuture<Void> read = asked.size() == 1 ? new CompletableFuture<>() : CompletableFuture.completedFuture(null);
            reads.add(read);
            return read;
        });

        router.dispatch(stanza("receipt", "R1"));
        router.dispatch(stanza("notification", "N1"));
        router.dispatch(stanza("message", "M1"));
        router.dispatch(stanza("receipt", "R2"));
        assertEquals(List.of("M1"), handled, "the message is routed at once, the others wait for R1's look-ahead");
        assertEquals(List.of(List.of("R1")), asked);
        assertEquals(3, router.heldCount());

        reads.getFirst().complete(null);
        assertEquals(List.of("M1", "R1", "N1", "R2"), handled);
        assertEquals(List.of(List.of("R1"), List.of("N1", "R2")), asked,
                "the stanzas waiting behind are looked up together, once");
        assertEquals(0, router.heldCount());

        router.dispatch(stanza("receipt", "R3"));
        assertEquals(List.of("M1", "R1", "N1", "R2", "R3"), handled, "a look-ahead done at once routes at once");
    }

    @Test
    void aFailedLookAheadIsLoggedAndTheStanzaRoutedAnyway() {
        List<String> handled = new ArrayList<>();
        handleInto(handled);
        CompletableFuture<Void> read = new CompletableFuture<>();
        router.lookAhead(n -> n.is("receipt"), batch -> {
            if (batch.getFirst().attr("id").equals("R1")) {
                throw new IllegalStateException("store down");
            }
            return read;
        });

        router.dispatch(stanza("receipt", "R1"));
        router.dispatch(stanza("receipt", "R2"));
        router.dispatch(stanza("receipt", "R3"));
        assertEquals(List.of("R1"), handled);
        read.completeExceptionally(new IllegalStateException("store down"));
        assertEquals(List.of("R1", "R2", "R3"), handled, "its handler reads what it needs itself");
    }

    @Test
    void stanzasWaitingForALookAheadAreDroppedWhenTheConnectionCloses() {
        List<String> handled = new ArrayList<>();
        handleInto(handled);
        CompletableFuture<Void> read = new CompletableFuture<>();
        router.lookAhead(n -> n.is("receipt"), batch -> read);

        router.dispatch(stanza("receipt", "R1"));
        router.dispatch(stanza("receipt", "R2"));
        router.close("gone");
        read.complete(null);
        assertEquals(List.of(), handled, "not answered: the server delivers them again");
        assertEquals(0, router.heldCount());
    }

    @Test
    void aLookAheadThatHangsTimesOutAndItsStanzasAreRoutedAnywayAndItsLateAnswerIsIgnored() {
        List<String> handled = new ArrayList<>();
        handleInto(handled);
        List<CompletableFuture<Void>> reads = new ArrayList<>();
        router.lookAhead(n -> n.is("receipt"), batch -> {
            CompletableFuture<Void> read = new CompletableFuture<>();
            reads.add(read);
            return read;
        }, Duration.ofSeconds(20));

        router.dispatch(stanza("receipt", "R1"));
        router.dispatch(stanza("receipt", "R2"));
        scheduler.advance(Duration.ofSeconds(19));
        assertEquals(List.of(), handled, "still waiting for the store");
        scheduler.advance(Duration.ofSeconds(2));
        assertEquals(List.of("R1"), handled, "routed anyway: its handler reads inline");
        assertEquals(1, router.lookAheadsTimedOut());
        assertEquals(2, reads.size(), "R2 is looked up on its own");

        reads.getFirst().complete(null); // the hung read answers late: nothing routed twice, R2 still waits
        assertEquals(List.of("R1"), handled);
        reads.getLast().complete(null);
        assertEquals(List.of("R1", "R2"), handled);
        assertEquals(0, scheduler.liveTasks(), "the second timeout is cancelled");
    }

    @Test
    void pastTheHoldCapASelectedStanzaIsRoutedAtOnceNotDropped() {
        List<String> handled = new ArrayList<>();
        handleInto(handled);
        CompletableFuture<Void> read = new CompletableFuture<>();
        router.lookAhead(n -> n.is("receipt"), batch -> read, Duration.ofSeconds(20), 3);

        for (int i = 1; i <= 5; i++) {
            router.dispatch(stanza("receipt", "R" + i));
        }
        assertEquals(List.of("R4", "R5"), handled, "beyond the cap: routed at once, inline");
        assertEquals(3, router.heldCount());
        assertEquals(2, router.routedPastHoldCap());
        read.complete(null);
        assertEquals(List.of("R4", "R5", "R1", "R2", "R3"), handled, "nothing dropped");
    }

    @Test
    void serverPingsAreAnswered() {
        ServerPingResponder.install(router);
        router.dispatch(Node.builder("iq").attr("id", "p-1").attr("type", "get").attr("xmlns", "urn:xmpp:ping").build());
        assertEquals(1, sent.size());
        assertEquals("result", sent.getFirst().attr("type"));
        assertEquals("p-1", sent.getFirst().attr("id"));
    }

    @Test
    void idsAreUniquePerConnectionWithARandomPrefix() {
        StanzaIds ids = new StanzaIds();
        String first = ids.next();
        assertTrue(first.matches("\\d+\\.\\d+-1"), first);
        assertTrue(ids.next().endsWith("-2"));
        assertFalse(new StanzaIds().next().equals(first) && new StanzaIds().next().equals(first));
    }
}

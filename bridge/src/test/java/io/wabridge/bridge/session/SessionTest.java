package io.wabridge.bridge.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SessionTest {
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    private final SessionStates states = new SessionStates(new SimpleMeterRegistry());
    private final Session session = new Session("acme", 3, pool, states);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void aStepStartsOnlyWhenTheOneBeforeItFinishedEvenAsynchronously() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        CompletableFuture<String> pairing = new CompletableFuture<>(); // e.g. waiting for WhatsApp
        CompletableFuture<String> first = session.enqueue(() -> {
            log.add("first started");
            return pairing;
        });
        CompletableFuture<String> second = session.enqueue(() -> {
            log.add("second started");
            return CompletableFuture.completedFuture("two");
        });
        Thread.sleep(50); // give a wrong implementation the chance to run the second step early
        assertEquals(List.of("first started"), log);
        assertFalse(session.idle());

        pairing.complete("one");
        assertEquals("one", first.get(5, TimeUnit.SECONDS));
        assertEquals("two", second.get(5, TimeUnit.SECONDS));
        assertEquals(List.of("first started", "second started"), log);
        assertTrue(session.idle());
    }

    @Test
    void aFailedOrThrowingStepDoesNotStopTheOnesAfterIt() throws Exception {
        CompletableFuture<Object> failed = session.enqueue(() -> CompletableFuture.failedFuture(new IllegalStateException("x")));
        CompletableFuture<Object> thrown = session.enqueue(() -> {
            throw new IllegalArgumentException("y");
        });
        CompletableFuture<String> after = session.enqueue(() -> CompletableFuture.completedFuture("ran"));
        assertEquals("ran", after.get(5, TimeUnit.SECONDS));
        assertTrue(failed.isCompletedExceptionally());
        assertTrue(thrown.isCompletedExceptionally());
    }

    @Test
    void stepsRunOnTheSessionsLaneAndMoveTheStateGauge() throws Exception {
        assertEquals(1, states.count(SessionState.CLOSED));
        assertTrue(session.enqueue(() -> CompletableFuture.completedFuture(session.onLane())).get(5, TimeUnit.SECONDS));
        session.enqueue(() -> {
            session.state(SessionState.OPEN);
            return CompletableFuture.completedFuture(null);
        }).get(5, TimeUnit.SECONDS);
        assertEquals(0, states.count(SessionState.CLOSED));
        assertEquals(1, states.count(SessionState.OPEN));
        session.removed();
        assertEquals(0, states.count(SessionState.OPEN));
    }

    @Test
    void aPipelinedStepLetsTheNextOneStartWhenItReleasesAndABarrierWaitsForAll() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        CompletableFuture<String> firstAck = new CompletableFuture<>(); // e.g. WhatsApp's ack of the first send
        CompletableFuture<String> first = session.enqueuePipelined(release -> {
            log.add("first handed over");
            release.run();
            return firstAck;
        });
        CompletableFuture<String> second = session.enqueuePipelined(release -> {
            log.add("second handed over");
            return CompletableFuture.completedFuture("two"); // finishing releases too
        });
        CompletableFuture<String> barrier = session.enqueue(() -> {
            log.add("barrier");
            return CompletableFuture.completedFuture("b");
        });
        assertEquals("two", second.get(5, TimeUnit.SECONDS));
        Thread.sleep(50); // give a wrong implementation the chance to run the barrier early
        assertEquals(List.of("first handed over", "second handed over"), log);
        assertFalse(session.idle());

        firstAck.complete("one");
        assertEquals("b", barrier.get(5, TimeUnit.SECONDS));
        assertEquals("one", first.get(5, TimeUnit.SECONDS));
        assertEquals(List.of("first handed over", "second handed over", "barrier"), log);
        assertTrue(session.idle());
    }

    @Test
    void aPipelinedStepThatDoesNotReleaseKeepsTheNextOneWaitingUntilItFinishes() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        CompletableFuture<String> opened = new CompletableFuture<>(); // e.g. waiting for the session to open
        CompletableFuture<String> first = session.enqueuePipelined(release -> {
            log.add("first");
            return opened;
        });
        CompletableFuture<String> afterBarrier = session.enqueue(() -> CompletableFuture.completedFuture("x"));
        CompletableFuture<String> second = session.enqueuePipelined(release -> {
            log.add("second");
            return CompletableFuture.completedFuture("two");
        });
        Thread.sleep(50);
        assertEquals(List.of("first"), log);
        opened.completeExceptionally(new IllegalStateException("did not open"));
        assertEquals("two", second.get(5, TimeUnit.SECONDS));
        assertEquals("x", afterBarrier.get(5, TimeUnit.SECONDS));
        assertTrue(first.isCompletedExceptionally());
        assertEquals(List.of("first", "second"), log);
    }
}

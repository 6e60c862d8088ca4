package io.wabridge.bridge.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {
    private static final TopicPartition P0 = new TopicPartition("commands", 0);
    private static final TopicPartition P1 = new TopicPartition("commands", 1);

    private final OffsetTracker tracker = new OffsetTracker();

    @Test
    void theCommitPositionStopsAtTheOldestUnfinishedRecord() {
        OffsetTracker.Completion first = tracker.track(P0, 10);
        OffsetTracker.Completion second = tracker.track(P0, 11);
        OffsetTracker.Completion third = tracker.track(P0, 12);
        assertEquals(Map.of(P0, new OffsetAndMetadata(10)), tracker.committable(), "nothing finished: stay at 10");

        third.done();
        second.done();
        assertEquals(Map.of(P0, new OffsetAndMetadata(10)), tracker.committable(), "later ones finished first");

        first.done();
        assertEquals(Map.of(P0, new OffsetAndMetadata(13)), tracker.committable(), "all finished: one past the last");
        assertEquals(0, tracker.inFlight());
    }

    @Test
    void gapsInOffsetsAreFine() {
        tracker.track(P0, 3).done();
        OffsetTracker.Completion later = tracker.track(P0, 9); // 4..8 were compacted away or transaction markers
        assertEquals(new OffsetAndMetadata(9), tracker.committable().get(P0));
        later.done();
        assertEquals(new OffsetAndMetadata(10), tracker.committable().get(P0));
    }

    @Test
    void aCommittedPositionIsNotOfferedAgainUntilItMoves() {
        tracker.track(P0, 0).done();
        Map<TopicPartition, OffsetAndMetadata> due = tracker.committable();
        tracker.committed(due);
        assertTrue(tracker.committable().isEmpty());
        OffsetTracker.Completion next = tracker.track(P0, 1);
        assertTrue(tracker.committable().isEmpty(), "position still 1");
        next.done();
        assertEquals(Map.of(P0, new OffsetAndMetadata(2)), tracker.committable());
        tracker.committed(Map.of(P0, new OffsetAndMetadata(1))); // a late callback of an older commit
        assertEquals(Map.of(P0, new OffsetAndMetadata(2)), tracker.committable());
    }

    @Test
    void partitionsAreIndependentAndCompletionsAreIdempotent() {
        OffsetTracker.Completion a = tracker.track(P0, 5);
        OffsetTracker.Completion b = tracker.track(P1, 7);
        b.done();
        b.done();
        assertEquals(1, tracker.inFlight());
        assertEquals(Map.of(P0, new OffsetAndMetadata(5), P1, new OffsetAndMetadata(8)), tracker.committable());
        a.done();
        assertEquals(0, tracker.inFlight());
    }

    @Test
    void offsetsOfAPartitionMustIncrease() {
        tracker.track(P0, 5);
        assertThrows(IllegalArgumentException.class, () -> tracker.track(P0, 5));
    }

    @Test
    void releasingAPartitionForgetsItAndItsLateCompletions() {
        OffsetTracker.Completion unfinished = tracker.track(P0, 1);
        tracker.track(P1, 1);
        tracker.release(List.of(P0));
        assertEquals(1, tracker.inFlight());
        unfinished.done();
        assertEquals(1, tracker.inFlight(), "a completion after release changes nothing");
        assertEquals(Map.of(P1, new OffsetAndMetadata(1)), tracker.committable());
        assertTrue(tracker.positions(List.of(P0)).isEmpty());
    }

    @Test
    void drainingWaitsForTheUnfinishedRecordsOfThosePartitionsOnly() throws Exception {
        OffsetTracker.Completion slow = tracker.track(P0, 1);
        tracker.track(P1, 1); // never finished: not waited for
        assertFalse(tracker.awaitDrained(List.of(P0), Duration.ofMillis(20)));
        CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(() -> {
            try {
                return tracker.awaitDrained(List.of(P0), Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        slow.done();
        assertTrue(drained.get(10, TimeUnit.SECONDS));
        assertEquals(Map.of(P0, new OffsetAndMetadata(2)), tracker.positions(List.of(P0)));
    }
}

package io.wabridge.bridge.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GroupCommitTest {

    @Test
    void whatArrivesWhileABatchRunsGoesTogetherInTheNext() throws Exception {
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<List<Integer>> batches = new CopyOnWriteArrayList<>();
        try (GroupCommit<Integer, Integer> group = new GroupCommit<>("test-group", 10, (items, results) -> {
            batches.add(List.copyOf(items));
            firstRunning.countDown();
            await(release);
            for (int i = 0; i < items.size(); i++) {
                results.get(i).complete(items.get(i) * 2);
            }
        })) {
            CompletableFuture<Integer> first = group.submit(1);
            assertTrue(firstRunning.await(10, TimeUnit.SECONDS));
            CompletableFuture<Integer> b = group.submit(2);
            CompletableFuture<Integer> c = group.submit(3);
            CompletableFuture<Integer> d = group.submit(4);
            release.countDown();
            assertEquals(2, first.get(10, TimeUnit.SECONDS));
            assertEquals(4, b.get(10, TimeUnit.SECONDS));
            assertEquals(6, c.get(10, TimeUnit.SECONDS));
            assertEquals(8, d.get(10, TimeUnit.SECONDS));
            assertEquals(List.of(List.of(1), List.of(2, 3, 4)), batches);
        }
    }

    @Test
    void aBatchIsCutAtItsMaximum() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        try (GroupCommit<Integer, Integer> group = new GroupCommit<>("test-group", 2, (items, results) -> {
            await(release);
            sizes.add(items.size());
            results.forEach(r -> r.complete(0));
        })) {
            List<CompletableFuture<Integer>> all = new java.util.ArrayList<>();
            for (int i = 0; i < 5; i++) {
                all.add(group.submit(i));
            }
            release.countDown();
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            assertTrue(sizes.stream().allMatch(n -> n <= 2), "batches " + sizes);
            assertEquals(5, sizes.stream().mapToInt(Integer::intValue).sum());
        }
    }

    @Test
    void aBatchThatThrowsFailsWhatItLeftOpenAndTheNextBatchStillRuns() throws Exception {
        try (GroupCommit<Integer, Integer> group = new GroupCommit<>("test-group", 10, (items, results) -> {
            if (items.contains(-1)) {
                results.get(0).complete(0);
                throw new IllegalStateException("store down");
            }
            results.forEach(r -> r.complete(1));
        })) {
            var failed = group.submit(-1);
            assertEquals(0, failed.get(10, TimeUnit.SECONDS), "completed before the failure: kept");
            var later = group.submit(5);
            assertEquals(1, later.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void afterCloseRequestsFail() {
        GroupCommit<Integer, Integer> group = new GroupCommit<>("test-group", 10, (items, results) ->
                results.forEach(r -> r.complete(1)));
        group.close();
        ExecutionException e = assertThrows(ExecutionException.class, () -> group.submit(1).get(10, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, e.getCause());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

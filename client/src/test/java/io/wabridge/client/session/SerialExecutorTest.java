package io.wabridge.client.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SerialExecutorTest {

    @Test
    void tasksFromManyThreadsRunOneAtATimeInSubmissionOrderPerProducer() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        SerialExecutor serial = new SerialExecutor(pool, "s");
        int producers = 8;
        int perProducer = 5_000;
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger maxConcurrent = new AtomicInteger();
        List<List<Integer>> seen = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            seen.add(new ArrayList<>()); // only touched on the serial executor
        }
        CountDownLatch done = new CountDownLatch(producers * perProducer);
        ExecutorService submitters = Executors.newFixedThreadPool(producers);
        for (int p = 0; p < producers; p++) {
            int producer = p;
            submitters.execute(() -> {
                for (int i = 0; i < perProducer; i++) {
                    int n = i;
                    serial.execute(() -> {
                        maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
                        seen.get(producer).add(n);
                        assertTrue(serial.inExecutor());
                        concurrent.decrementAndGet();
                        done.countDown();
                    });
                }
            });
        }
        assertTrue(done.await(30, TimeUnit.SECONDS));
        assertEquals(1, maxConcurrent.get(), "never two tasks at once");
        for (List<Integer> order : seen) {
            assertEquals(perProducer, order.size());
            for (int i = 0; i < perProducer; i++) {
                assertEquals(i, order.get(i));
            }
        }
        submitters.shutdownNow();
        pool.shutdownNow();
    }

    @Test
    void aFailingTaskDoesNotStopTheFollowingOnes() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        SerialExecutor serial = new SerialExecutor(pool, "s");
        CountDownLatch after = new CountDownLatch(1);
        serial.execute(() -> { throw new IllegalStateException("boom"); });
        serial.execute(after::countDown);
        assertTrue(after.await(5, TimeUnit.SECONDS));
        pool.shutdownNow();
    }
}

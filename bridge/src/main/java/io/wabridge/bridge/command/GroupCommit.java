package io.wabridge.bridge.command;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BiConsumer;
import org.jboss.logging.Logger;

/**
 * Group commit of one kind of store call: what the sessions ask for while a call is under way is sent together in
 * the next one, so N sessions cost one round trip instead of N, and a lone request goes at once (no timer, no added
 * latency when idle). Each request's future completes when its batch answered; the batch function completes the
 * futures itself (per-item failures), and if it throws, every future it left open fails with that.
 *
 * <p>One daemon thread per instance, started on the first request; {@link #close()} stops it and fails what waits.
 */
final class GroupCommit<T, R> implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(GroupCommit.class);

    private record Request<T, R>(T item, CompletableFuture<R> result) {}

    private final String name;
    private final int maxBatch;
    private final BiConsumer<List<T>, List<CompletableFuture<R>>> batch;
    private final BlockingQueue<Request<T, R>> queue = new LinkedBlockingQueue<>();
    private Thread thread;
    private volatile boolean closed;

    /**
     * @param batch runs one batch on this instance's thread: the items, and their futures (same order) to complete
     */
    GroupCommit(String name, int maxBatch, BiConsumer<List<T>, List<CompletableFuture<R>>> batch) {
        this.name = name;
        this.maxBatch = maxBatch;
        this.batch = batch;
    }

    CompletableFuture<R> submit(T item) {
        CompletableFuture<R> result = new CompletableFuture<>();
        if (closed) {
            result.completeExceptionally(new IllegalStateException(name + " is closed"));
            return result;
        }
        startOnce();
        queue.add(new Request<>(item, result));
        if (closed) { // closed meanwhile: the thread may be gone, do not leave the request waiting
            failAll(new IllegalStateException(name + " is closed"));
        }
        return result;
    }

    private synchronized void startOnce() {
        if (thread == null) {
            thread = Thread.ofPlatform().daemon().name(name).start(this::loop);
        }
    }

    private void loop() {
        List<Request<T, R>> taken = new ArrayList<>(maxBatch);
        List<T> items = new ArrayList<>(maxBatch);
        List<CompletableFuture<R>> results = new ArrayList<>(maxBatch);
        while (!closed) {
            try {
                taken.add(queue.take());
            } catch (InterruptedException e) {
                break;
            }
            queue.drainTo(taken, maxBatch - 1);
            for (Request<T, R> r : taken) {
                items.add(r.item());
                results.add(r.result());
            }
            try {
                batch.accept(items, results);
            } catch (RuntimeException e) {
                LOG.debugf("%s: a batch of %d failed: %s", name, items.size(), e.toString());
                for (CompletableFuture<R> r : results) {
                    r.completeExceptionally(e);
                }
            } catch (Error e) {
                for (CompletableFuture<R> r : results) {
                    r.completeExceptionally(e);
                }
                throw e;
            }
            taken.clear();
            items.clear();
            results.clear();
        }
        failAll(new IllegalStateException(name + " is closed"));
    }

    private void failAll(RuntimeException e) {
        Request<T, R> r;
        while ((r = queue.poll()) != null) {
            r.result().completeExceptionally(e);
        }
    }

    @Override
    public void close() {
        closed = true;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            t.interrupt();
        }
        failAll(new IllegalStateException(name + " is closed"));
    }
}

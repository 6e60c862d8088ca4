package io.wabridge.client.receive;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Keeps Signal state changes apart from received messages that are out for hand-off. While a batch of received
 * messages waits for its hand-off, their ratchet state sits unflushed in the write-behind stores; a send that
 * encrypted and flushed meanwhile would make that state durable before the messages are, and a crash then would
 * lose them (the server redelivers, but they no longer decrypt). So work that changes Signal state and flushes
 * waits here until the batch has been flushed. One per account, used on its serial executor only.
 */
public final class CommitGate {

    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    private boolean held;
    private boolean sendsPending;
    private Runnable afterSends;

    /** Closes the gate (a receive batch is out for hand-off). */
    public void hold() {
        if (held) {
            throw new IllegalStateException("gate already held");
        }
        held = true;
    }

    /** Opens the gate and runs what waited, in order, until something holds it again. */
    public void release() {
        held = false;
        while (!held && !waiting.isEmpty()) {
            waiting.poll().run();
        }
    }

    public boolean isHeld() {
        return held;
    }

    /** Runs {@code work} now if the gate is open, else once it opens; the result follows the work's future. */
    public <T> CompletableFuture<T> submit(Supplier<CompletableFuture<T>> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable task = () -> {
            try {
                work.get().whenComplete((value, failure) -> {
                    if (failure != null) {
                        result.completeExceptionally(failure);
                    } else {
                        result.complete(value);
                    }
                });
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        };
        if (held) {
            waiting.add(task);
        } else {
            task.run();
        }
        return result;
    }

    /**
     * Sends were encrypted but their Signal state is not flushed yet (they are committed together, see
     * MessageSender): a receive batch must not start meanwhile, since a failed batch drops all pending state.
     */
    public void sendsPending() {
        sendsPending = true;
    }

    /** The pending sends were flushed (or failed): a receive batch that waited for them starts now. */
    public void sendsCommitted() {
        sendsPending = false;
        Runnable resume = afterSends;
        afterSends = null;
        if (resume != null) {
            resume.run();
        }
    }

    public boolean hasPendingSends() {
        return sendsPending;
    }

    /** Runs {@code resume} once the pending sends are committed (one waiter: the receive pipeline). */
    public void afterSends(Runnable resume) {
        afterSends = resume;
    }

    /** Fails nothing: queued work still runs on release (it re-checks its connection itself). */
    public int waitingCount() {
        return waiting.size();
    }
}

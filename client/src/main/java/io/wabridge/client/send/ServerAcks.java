package io.wabridge.client.send;

import io.wabridge.client.binary.Node;
import io.wabridge.client.stanza.Scheduler;
import io.wabridge.client.stanza.StanzaMatcher;
import io.wabridge.client.stanza.StanzaRouter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Matches the server's {@code <ack class=message id>} to the message sends waiting for it. Each wait has a timeout
 * (which hops onto the session executor); a closed connection fails them all. Used on the session executor only.
 */
public final class ServerAcks {

    private record Waiter(CompletableFuture<Node> ack, Scheduler.Cancellable timer) {}

    private final Scheduler scheduler;
    private final Executor executor;
    private final Map<String, Waiter> waiting = new HashMap<>();

    public ServerAcks(Scheduler scheduler, Executor executor) {
        this.scheduler = scheduler;
        this.executor = executor;
    }

    public void install(StanzaRouter router) {
        router.on(StanzaMatcher.tag("ack"), this::onAck);
    }

    /** Completes with the ack node, or fails with {@link SendTimeoutException}. */
    public CompletableFuture<Node> await(String id, Duration timeout) {
        Waiter previous = waiting.get(id);
        if (previous != null) {
            return previous.ack();
        }
        CompletableFuture<Node> ack = new CompletableFuture<>();
        Scheduler.Cancellable timer = scheduler.schedule(() -> executor.execute(() -> {
            Waiter w = waiting.get(id);
            if (w != null && w.ack() == ack) {
                waiting.remove(id);
                ack.completeExceptionally(new SendTimeoutException(id, timeout));
            }
        }), timeout);
        waiting.put(id, new Waiter(ack, timer));
        return ack;
    }

    void onAck(Node ack) {
        if (!"message".equals(ack.attr("class"))) {
            return;
        }
        Waiter w = ack.attr("id") == null ? null : waiting.remove(ack.attr("id"));
        if (w != null) {
            w.timer().cancel();
            w.ack().complete(ack);
        }
    }

    /** Fails every wait (the connection closed before the acks came). */
    public void failAll(String reason) {
        List<Map.Entry<String, Waiter>> all = new ArrayList<>(waiting.entrySet());
        waiting.clear();
        for (var entry : all) {
            entry.getValue().timer().cancel();
            entry.getValue().ack().completeExceptionally(new MessageSendException(entry.getKey(),
                    "connection closed before the server acknowledged message " + entry.getKey() + ": " + reason));
        }
    }

    public int waitingCount() {
        return waiting.size();
    }
}

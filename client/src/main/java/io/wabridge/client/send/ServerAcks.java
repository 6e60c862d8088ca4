package io.wabridge.client.send;

import io.wabridge.client.binary.Node;
import io.wabridge.client.interop.Leniency;
import io.wabridge.client.interop.LeniencyCounters;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matches the server's {@code <ack id>} to the message sends waiting for it, by id whatever its {@code class} (as
 * whatsmeow does: a server that says {@code class=receipt} for our message still delivered it; the mismatch is
 * logged at debug and counted). A message ack nothing waits for is counted and dropped. Each wait has a timeout (which
 * hops onto the session executor); a closed connection fails them all. Used on the session executor only.
 */
public final class ServerAcks {
    private static final Logger LOG = LoggerFactory.getLogger(ServerAcks.class);

    private record Waiter(CompletableFuture<Node> ack, Scheduler.Cancellable timer) {}

    private final Scheduler scheduler;
    private final Executor executor;
    private final Map<String, Waiter> waiting = new HashMap<>();
    private final LeniencyCounters counters;

    public ServerAcks(Scheduler scheduler, Executor executor, LeniencyCounters counters) {
        this.scheduler = scheduler;
        this.executor = executor;
        this.counters = counters;
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
        String id = ack.attr("id");
        Waiter w = id == null ? null : waiting.remove(id);
        if (w == null) {
            // Acks of our receipts and presences are normal; a message ack nothing waits for is a send that timed
            // out already or a previous connection's: counted, never an error.
            String ackClass = ack.attr("class");
            if (ackClass == null || "message".equals(ackClass)) {
                counters.count(Leniency.ACK_UNMATCHED);
                LOG.debug("message ack nothing waits for: {}", ack);
            }
            return;
        }
        if (!"message".equals(ack.attr("class"))) {
            counters.count(Leniency.ACK_CLASS_MISMATCH);
            LOG.debug("ack of message {} has class={}, taken as the message's ack", id, ack.attr("class"));
        }
        w.timer().cancel();
        w.ack().complete(ack);
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

package io.wabridge.bench;

import io.wabridge.client.events.ClientEvent;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A client's event listener for throughput probes: counts {@code MessageReceived} events towards an expected
 * number (with the {@link System#nanoTime()} of the first and of the last), and queues every other event for
 * {@link #await}.
 */
public final class MessageCounter {
    private final BlockingQueue<ClientEvent> events = new LinkedBlockingQueue<>();
    private volatile CompletableFuture<Void> allReceived = new CompletableFuture<>();
    private volatile int expected = Integer.MAX_VALUE;
    private int received;
    private volatile long firstReceivedAt;
    private volatile long lastReceivedAt;
    private volatile long openAt;

    /** Starts counting afresh towards {@code count} message events; call before they can arrive. */
    public void expect(int count) {
        received = 0;
        allReceived = new CompletableFuture<>();
        expected = count;
    }

    /** Completes when the expected number of message events arrived. */
    public CompletableFuture<Void> allReceived() {
        return allReceived;
    }

    public long firstReceivedAt() {
        return firstReceivedAt;
    }

    public long lastReceivedAt() {
        return lastReceivedAt;
    }

    /** When the last {@code Open} event arrived. */
    public long openAt() {
        return openAt;
    }

    /** The listener; called on the client's session executor. */
    public void onEvent(ClientEvent event) {
        if (event instanceof ClientEvent.MessageReceived) {
            if (++received == 1) {
                firstReceivedAt = System.nanoTime();
            }
            if (received == expected) {
                lastReceivedAt = System.nanoTime();
                allReceived.complete(null);
            }
            return;
        }
        if (event instanceof ClientEvent.Open) {
            openAt = System.nanoTime();
        }
        events.add(event);
    }

    /** The next non-message event of {@code type}, within 60 s. */
    public <T extends ClientEvent> T await(Class<T> type) throws InterruptedException {
        return ProbeSupport.await(events, type, Duration.ofSeconds(60));
    }
}

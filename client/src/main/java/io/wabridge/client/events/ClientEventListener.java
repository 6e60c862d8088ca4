package io.wabridge.client.events;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Receives a client's events on the account's session executor: calls never overlap for one account and arrive
 * in order. Do not block; an exception thrown here is logged and does not disturb the client.
 */
@FunctionalInterface
public interface ClientEventListener {

    void onEvent(ClientEvent event);

    /**
     * Hands off an event whose stanza the server delivers again until it is acknowledged:
     * {@link ClientEvent.MessageReceived} and {@link ClientEvent.Receipt}. The client acknowledges the stanza
     * only once the returned stage completes normally, so an implementation that completes it when the event is
     * durably stored elsewhere (e.g. acknowledged by Kafka) gets at-least-once delivery. A stage that fails makes
     * the client drop the connection without acknowledging, so the server delivers the messages again.
     *
     * <p>Called on the session executor like {@link #onEvent}; the stage may complete on any thread. By default the
     * event goes to {@link #onEvent} and counts as handed off at once.
     */
    default CompletionStage<Void> handOff(ClientEvent event) {
        onEvent(event);
        return CompletableFuture.completedFuture(null);
    }
}

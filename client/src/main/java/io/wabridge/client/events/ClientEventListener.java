package io.wabridge.client.events;

/**
 * Receives a client's events on the account's session executor: calls never overlap for one account and arrive
 * in order. Do not block; an exception thrown here is logged and does not disturb the client.
 */
@FunctionalInterface
public interface ClientEventListener {
    void onEvent(ClientEvent event);
}

package io.wabridge.simulator.messaging;

import io.wabridge.client.binary.Node;

/**
 * Where the server hands stanzas for one device: its logged-in connection, or the simulated phone itself.
 * Implementations only enqueue (onto the device's own executor) and never block, because routers call them while
 * holding a mailbox lock.
 */
@FunctionalInterface
public interface StanzaSink {
    void deliver(Node stanza);
}

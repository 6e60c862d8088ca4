package io.wabridge.simulator.messaging;

import io.wabridge.client.binary.Node;

/**
 * What the server does with group stanzas: a {@code <message>} or {@code <receipt>} to a {@code @g.us} JID and the
 * {@code w:g2} iqs. Implemented by {@code io.wabridge.simulator.group}, which builds on this package; the router
 * hands such stanzas over when one is set ({@link MessagingService#groups}), and answers them with 501 otherwise.
 */
public interface GroupStanzas {

    void onMessage(DeviceEndpoint sender, Node message);

    void onReceipt(DeviceEndpoint sender, Node receipt);

    /** The answer to an {@code <iq xmlns="w:g2">}. */
    Node onIq(DeviceEndpoint sender, Node iq);
}

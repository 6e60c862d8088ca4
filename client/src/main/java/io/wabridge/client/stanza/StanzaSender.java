package io.wabridge.client.stanza;

import io.wabridge.client.binary.Node;
import java.util.List;

/** Writes one stanza to the connection (encode, encrypt, frame). */
@FunctionalInterface
public interface StanzaSender {
    void send(Node stanza);

    /**
     * Writes several stanzas in order; a transport may put them on the wire together (one flush). The list is
     * not kept after the call.
     */
    default void sendAll(List<Node> stanzas) {
        for (Node stanza : stanzas) {
            send(stanza);
        }
    }
}

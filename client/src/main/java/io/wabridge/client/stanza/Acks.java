package io.wabridge.client.stanza;

import io.wabridge.client.binary.Node;

/** {@code <ack>} stanzas: how a client confirms it took a notification (or receipt), so the server stops resending. */
public final class Acks {
    private Acks() {}

    /** {@code <ack id to=from class=tag [type] [participant] [recipient]>}, as WhatsApp Web builds it. */
    public static Node ackFor(Node stanza) {
        var ack = Node.builder("ack").attr("class", stanza.tag());
        String id = stanza.attr("id");
        if (id != null) {
            ack.attr("id", id);
        }
        String from = stanza.attr("from");
        if (from != null) {
            ack.attr("to", from);
        }
        for (String key : new String[] {"type", "participant", "recipient"}) {
            String value = stanza.attr(key);
            if (value != null) {
                ack.attr(key, value);
            }
        }
        return ack.build();
    }
}

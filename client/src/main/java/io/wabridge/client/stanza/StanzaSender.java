package io.wabridge.client.stanza;

import io.wabridge.client.binary.Node;

/** Writes one stanza to the connection (encode, encrypt, frame). */
@FunctionalInterface
public interface StanzaSender {
    void send(Node stanza);
}

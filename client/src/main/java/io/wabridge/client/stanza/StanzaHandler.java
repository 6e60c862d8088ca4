package io.wabridge.client.stanza;

import io.wabridge.client.binary.Node;

/** Handles one inbound stanza on the session's executor. */
@FunctionalInterface
public interface StanzaHandler {
    void handle(Node stanza) throws Exception;
}

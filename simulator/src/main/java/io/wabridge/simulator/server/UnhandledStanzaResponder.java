package io.wabridge.simulator.server;

import io.wabridge.client.binary.Node;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the simulator does with a stanza no handler took: a request iq ({@code get}/{@code set}) gets a 501 error so
 * the client never waits for a timeout; everything else (acks, receipts for nothing, telemetry) is only logged.
 */
public final class UnhandledStanzaResponder {
    private static final Logger LOG = LoggerFactory.getLogger(UnhandledStanzaResponder.class);

    private UnhandledStanzaResponder() {}

    public static void install(ServerSession session) {
        session.router().onUnhandled(stanza -> answer(session, stanza));
    }

    static void answer(ServerSession session, Node stanza) {
        String type = stanza.attr("type");
        if (stanza.is("iq") && stanza.hasAttr("id") && ("get".equals(type) || "set".equals(type))) {
            LOG.info("connection {}: no handler for {}; answering 501", session.connection().id(), stanza);
            session.send(ServerStanzas.iqError(stanza, 501, "feature-not-implemented"));
        } else {
            LOG.debug("connection {}: ignoring unhandled {}", session.connection().id(), stanza);
        }
    }
}

package io.wabridge.simulator.server;

import io.wabridge.client.binary.Node;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.stanza.StanzaMatcher;

/** Answers the client's keepalive ({@code <iq xmlns="w:p" type="get"><ping/></iq>}) as WhatsApp does. */
public final class PingHandler {
    private PingHandler() {}

    public static void install(ServerSession session) {
        session.router().on(StanzaMatcher.iq("get", "w:p"), ping -> session.send(Node.builder("iq")
                .attr("id", ping.requireAttr("id"))
                .attr("type", "result")
                .attr("from", Jid.SERVER)
                .build()));
    }
}

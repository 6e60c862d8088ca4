package io.wabridge.client.stanza;

import io.wabridge.client.binary.Node;
import io.wabridge.client.jid.Jid;

/** Answers the server's own pings ({@code <iq type="get" xmlns="urn:xmpp:ping">}) so it keeps us connected. */
public final class ServerPingResponder {
    private ServerPingResponder() {}

    public static void install(StanzaRouter router) {
        router.on(StanzaMatcher.iq("get", "urn:xmpp:ping"), ping -> router.send(
                Node.builder("iq").attr("id", ping.requireAttr("id")).attr("type", "result").attr("to", Jid.SERVER).build()));
    }
}

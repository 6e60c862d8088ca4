package io.wabridge.simulator.server;

import io.wabridge.client.binary.Node;
import io.wabridge.client.jid.Jid;

/** Builders for the small stanzas every server handler answers with. */
public final class ServerStanzas {
    private ServerStanzas() {}

    /** {@code <iq id=.. type="result" from="s.whatsapp.net"/>} answering {@code request}, with optional children. */
    public static Node iqResult(Node request, Node... children) {
        var builder = Node.builder("iq").attr("id", request.requireAttr("id")).attr("type", "result").attr("from", Jid.SERVER);
        if (children.length > 0) {
            builder.children(children);
        }
        return builder.build();
    }

    /** {@code <iq id=.. type="error" from="s.whatsapp.net"><error code=.. text=../></iq>} answering {@code request}. */
    public static Node iqError(Node request, int code, String text) {
        return iqError(request, Integer.toString(code), text);
    }

    /** {@link #iqError(Node, int, String)} with any code text, as a server other than WhatsApp may send. */
    public static Node iqError(Node request, String code, String text) {
        return Node.builder("iq").attr("id", request.requireAttr("id")).attr("type", "error").attr("from", Jid.SERVER)
                .children(Node.builder("error").attr("code", code).attr("text", text).build())
                .build();
    }

    /** {@code <failure reason=N/>}: the server refuses the connection right after the handshake (e.g. 401 logged out). */
    public static Node failure(int reason) {
        return Node.builder("failure").attr("reason", reason).build();
    }

    /** {@code <ib from="s.whatsapp.net"><offline count=N/></ib>}: the offline backlog has been delivered. */
    public static Node offlineComplete(int count) {
        return Node.builder("ib").attr("from", Jid.SERVER)
                .children(Node.builder("offline").attr("count", count).build())
                .build();
    }
}

package io.wabridge.launcher.cli;

import io.wabridge.client.binary.Node;
import io.wabridge.client.stanza.StanzaMatcher;
import io.wabridge.client.testing.TestPhone;
import io.wabridge.proto.wa.ClientPayload;
import io.wabridge.simulator.server.ServerSession;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The server's part of pairing and login, installed on the in-process simulator until it grows its own: QR refs
 * for a registering client, {@code <success lid>} for a logging-in one, and answers to the prekey, active and md
 * iqs. Tests reach each connection through {@link #sessions}.
 */
final class ServerPart {
    final BlockingQueue<ServerSession> sessions = new LinkedBlockingQueue<>();
    final List<Node> mdRequests = new CopyOnWriteArrayList<>();
    volatile int preKeyCount = 0;

    void install(ServerSession session) {
        ClientPayload payload;
        try {
            payload = ClientPayload.parseFrom(session.connection().clientPayload());
        } catch (Exception e) {
            session.close("undecodable client payload");
            return;
        }
        session.router().on(StanzaMatcher.iq("get", "encrypt"), iq -> session.send(result(iq).toBuilder()
                .children(Node.builder("count").attr("value", Integer.toString(preKeyCount)).build()).build()));
        session.router().on(StanzaMatcher.iq("set", "encrypt"), iq -> {
            Node list = iq.child("list");
            if (list != null) {
                preKeyCount += list.children().size();
            }
            session.send(result(iq));
        });
        session.router().on(StanzaMatcher.iq("set", "passive"), iq -> session.send(result(iq)));
        session.router().on(StanzaMatcher.iq("set", "md"), iq -> {
            mdRequests.add(iq);
            Node reply = result(iq);
            if (iq.child("link_code_companion_reg") != null) {
                reply = reply.toBuilder().children(Node.builder("link_code_companion_reg").children(
                        Node.builder("link_code_pairing_ref").bytes("ref-code".getBytes()).build()).build()).build();
            }
            session.send(reply);
        });
        sessions.add(session);
        if (payload.hasDevicePairingData()) {
            var pairDevice = Node.builder("pair-device");
            for (int i = 1; i <= 6; i++) {
                pairDevice.child(Node.builder("ref").bytes(("ref-" + i).getBytes()).build());
            }
            session.send(Node.builder("iq").attr("from", "@s.whatsapp.net").attr("type", "set").attr("xmlns", "md")
                    .attr("id", "pd-" + session.connection().id()).children(pairDevice.build()).build());
        } else {
            session.send(Node.builder("success").attr("t", "1767225600").attr("lid", TestPhone.LID).build());
        }
    }

    static Node result(Node iq) {
        return Node.builder("iq").attr("from", "@s.whatsapp.net").attr("type", "result").attr("id", iq.requireAttr("id")).build();
    }
}

package io.wabridge.client.testing;

import io.wabridge.client.binary.BigEndian;
import io.wabridge.client.auth.ClientPayloadFactory;
import io.wabridge.client.binary.Node;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.signal.DeviceKeyBundle;
import io.wabridge.client.stanza.StanzaMatcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The server's part of 1:1 messaging for client tests, over a {@link ClientHarness}: answers usync device-list
 * queries from {@link #devices}, prekey fetches from {@link #bundles} (real keys of test parties), acknowledges
 * every {@code <message>} the client sends ({@code <ack class=message id t>}, or what {@link #ackFor} says) and
 * counts what it saw.
 */
public final class MessagingServer {
    /** Per user (no device): the {@code <device>} entries usync returns, e.g. {@code device(0)}, {@code device(3, 1)}. */
    public final Map<Jid, List<Node>> devices = new LinkedHashMap<>();
    /** Per device: its bundle, fetched by the client with {@code <key>}. */
    public final Map<Jid, DeviceKeyBundle> bundles = new HashMap<>();
    /** The ack sent for a client message; default {@code <ack class=message id t=1767225700>}. */
    public Function<Node, Node> ackFor = MessagingServer::ack;
    public int usyncQueries;
    public int keyFetches;
    public final List<List<Jid>> fetchedDevices = new ArrayList<>();

    public MessagingServer(ClientHarness harness) {
        harness.keyRequests = (c, iq) -> {
            keyFetches++;
            List<Node> users = new ArrayList<>();
            List<Jid> asked = new ArrayList<>();
            for (Node user : iq.child("key").children("user")) {
                Jid jid = Jid.parse(user.attr("jid"));
                asked.add(jid);
                DeviceKeyBundle bundle = bundles.get(jid);
                users.add(bundle == null
                        ? Node.builder("user").attr("jid", jid).children(Node.builder("error").attr("code", "404").build()).build()
                        : userNode(jid, bundle));
            }
            fetchedDevices.add(asked);
            c.send(ClientHarness.result(iq).toBuilder().children(Node.builder("list").children(users).build()).build());
        };
        java.util.function.Consumer<LoopbackServer.Connection> previous = harness.extraHandlers;
        harness.extraHandlers = c -> {
            previous.accept(c);
            c.router().on(StanzaMatcher.iq("get", "usync"), iq -> {
                usyncQueries++;
                List<Node> users = new ArrayList<>();
                for (Node user : iq.child("usync").child("list").children("user")) {
                    Jid jid = Jid.parse(user.attr("jid"));
                    List<Node> list = devices.get(jid);
                    var entry = Node.builder("user").attr("jid", jid);
                    if (list != null) {
                        entry.children(Node.builder("devices").children(
                                Node.builder("device-list").children(list).build()).build());
                    }
                    users.add(entry.build());
                }
                c.send(ClientHarness.result(iq).toBuilder().children(Node.builder("usync")
                        .children(Node.builder("list").children(users).build()).build()).build());
            });
            c.router().on(StanzaMatcher.tag("message"), message -> {
                Node ack = ackFor.apply(message);
                if (ack != null) {
                    c.send(ack);
                }
            });
        };
    }

    public static Node ack(Node message) {
        return Node.builder("ack").attr("class", "message").attr("id", message.requireAttr("id"))
                .attr("from", message.requireAttr("to")).attr("t", "1767225700").build();
    }

    public static Node device(int id) {
        return Node.builder("device").attr("id", id).build();
    }

    public static Node device(int id, int keyIndex) {
        return Node.builder("device").attr("id", id).attr("key-index", keyIndex).build();
    }

    /** {@code <user jid><registration/><type/><identity/><skey/>[<key/>]</user>}, as the server hands bundles out. */
    public static Node userNode(Jid jid, DeviceKeyBundle b) {
        var user = Node.builder("user").attr("jid", jid).children(
                Node.builder("registration").bytes(BigEndian.bytes(b.registrationId(), 4)).build(),
                Node.builder("type").bytes(new byte[] {5}).build(),
                Node.builder("identity").bytes(b.identityKey()).build(),
                Node.builder("skey").children(
                        Node.builder("id").bytes(BigEndian.bytes(b.signedPreKeyId(), 3)).build(),
                        Node.builder("value").bytes(b.signedPreKey()).build(),
                        Node.builder("signature").bytes(b.signature()).build()).build());
        if (b.preKey() != null) {
            user.child(Node.builder("key").children(
                    Node.builder("id").bytes(BigEndian.bytes(b.preKeyId(), 3)).build(),
                    Node.builder("value").bytes(b.preKey()).build()).build());
        }
        return user.build();
    }

    /** The client's own bundle from its first prekey upload ({@code <iq xmlns=encrypt type=set>}), prekey n. */
    public static DeviceKeyBundle uploadedBundle(Node upload, int deviceId, int keyIndexInUpload) {
        Node key = upload.child("list").children("key").get(keyIndexInUpload);
        Node skey = upload.child("skey");
        return new DeviceKeyBundle(uint(upload.child("registration").bytes()), deviceId, uint(key.child("id").bytes()),
                key.child("value").bytes(), uint(skey.child("id").bytes()), skey.child("value").bytes(),
                skey.child("signature").bytes(), upload.child("identity").bytes());
    }

    private static int uint(byte[] b) {
        int v = 0;
        for (byte x : b) {
            v = v << 8 | (x & 0xFF);
        }
        return v;
    }
}

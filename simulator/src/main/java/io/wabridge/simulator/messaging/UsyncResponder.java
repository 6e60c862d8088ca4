package io.wabridge.simulator.messaging;

import io.wabridge.client.binary.Node;
import io.wabridge.client.binary.NodeBuilder;
import io.wabridge.client.jid.InvalidJidException;
import io.wabridge.client.jid.Jid;
import io.wabridge.simulator.account.Accounts;
import io.wabridge.simulator.account.LinkedDevice;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.server.ServerStanzas;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Answers {@code <iq xmlns="usync" type="get"><usync sid mode context><query>PROTOCOLS</query><list><user
 * jid=../>..</list></usync></iq>} for the protocols messaging needs:
 * <ul>
 *   <li>{@code <devices version="2"/>}: {@code <devices><device-list><device id="0"/><device id="N"
 *       key-index="K"/>..</device-list><key-index-list ts=..>ADVSignedKeyIndexList</key-index-list></devices>}
 *       (the phone is device 0 and has no key index; companions carry the index the phone signed them under);</li>
 *   <li>{@code <lid/>}: {@code <lid val="LID@lid"/>};</li>
 *   <li>{@code <contact/>}: {@code <contact type="in|out"/>};</li>
 *   <li>{@code <status/>}: {@code <status t>ABOUT</status>}, or {@code <status code="401"/>} when the user's privacy
 *       hides it from the asking account (see {@link io.wabridge.simulator.account.AccountProfile});</li>
 *   <li>{@code <business/>}: {@code <business><verified_name name/></business>} for business accounts only.</li>
 * </ul>
 * A user without an account gets none of these children (only {@code <contact type="out">}), which every client
 * reads as "no devices". Other protocols are left out of the answer.
 */
public final class UsyncResponder {
    /**
     * Users one query may list: a guard against a runaway request only. Baileys ({@code getUSyncDevices}) and whatsmeow
     * ask for every user of a send in one query, so the server answers a full group's (1,024 users) in one; the
     * guard was 1,000, which refused a 1,024-member group's first send.
     */
    static final int MAX_USERS = 8192;

    private UsyncResponder() {}

    /** @param asking the account whose device asks (its interoperability switches apply) */
    public static Node answer(Node iq, Accounts accounts, PhoneAccount asking) {
        Node usync = iq.child("usync");
        Node query = usync == null ? null : usync.child("query");
        Node list = usync == null ? null : usync.child("list");
        if (query == null || list == null || list.children("user").size() > MAX_USERS) {
            return ServerStanzas.iqError(iq, 400, "bad-request");
        }
        List<String> protocols = new ArrayList<>();
        for (Node protocol : query.children()) {
            if (isAnswered(protocol.tag())) {
                protocols.add(protocol.tag());
            }
        }
        List<Node> users = new ArrayList<>();
        for (Node user : list.children("user")) {
            Node answered = user(user, protocols, accounts, asking);
            if (answered != null) {
                users.add(answered);
            }
        }
        List<Node> results = new ArrayList<>(protocols.size());
        for (String protocol : protocols) {
            results.add(Node.of(protocol));
        }
        NodeBuilder answer = Node.builder("usync")
                .attr("sid", usync.attr("sid"))
                .attr("mode", usync.attr("mode", "query"))
                .attr("context", usync.attr("context"))
                .attr("index", "0")
                .attr("last", "true")
                .children(Node.builder("result").children(results).build(), Node.builder("list").children(users).build());
        return ServerStanzas.iqResult(iq, answer.build());
    }

    private static boolean isAnswered(String protocol) {
        return protocol.equals("devices") || protocol.equals("lid") || protocol.equals("contact")
                || protocol.equals("status") || protocol.equals("business");
    }

    /** The answer for one listed user, or null if the entry names nobody. */
    private static Node user(Node user, List<String> protocols, Accounts accounts, PhoneAccount asking) {
        Jid jid = userJid(user);
        if (jid == null) {
            return null;
        }
        Optional<PhoneAccount> account = accounts.find(jid);
        List<Node> children = new ArrayList<>(protocols.size());
        for (String protocol : protocols) {
            switch (protocol) {
                case "devices" -> account.ifPresent(a -> children.add(a == asking && asking.interop().emptyOwnDeviceList()
                        ? Node.builder("devices").children(Node.of("device-list")).build() : devices(a)));
                case "lid" -> account.ifPresent(a -> children.add(Node.builder("lid").attr("val", a.lidJid()).build()));
                case "contact" -> {
                    NodeBuilder contact = Node.builder("contact").attr("type", account.isPresent() ? "in" : "out");
                    Node asked = user.child("contact");
                    if (asked != null && asked.contentString() != null) {
                        contact.text(asked.contentString());
                    }
                    children.add(contact.build());
                }
                case "status" -> account.ifPresent(a -> children.add(status(a, asking)));
                case "business" -> account.map(a -> a.profile().business()).ifPresent(b -> children.add(
                        Node.builder("business").child(Node.builder("verified_name").attr("name", b.verifiedName()).build())
                                .build()));
                default -> throw new IllegalStateException("unanswered protocol " + protocol);
            }
        }
        return Node.builder("user").attr("jid", jid).children(children).build();
    }

    /** A user's about text as {@code asking} may see it. */
    private static Node status(PhoneAccount account, PhoneAccount asking) {
        var profile = account.profile();
        if (!profile.visibleTo(profile.aboutVisibility(), account, asking)) {
            return Node.builder("status").attr("code", 401).attr("type", "fail").build();
        }
        NodeBuilder status = Node.builder("status");
        if (profile.aboutSetAt() != null) {
            status.attr("t", profile.aboutSetAt().getEpochSecond());
        }
        String about = profile.about();
        if (about != null) {
            status.bytes(about.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return status.build();
    }

    /** The user a list entry names: its {@code jid}, or the phone number of its {@code <contact>}. */
    private static Jid userJid(Node user) {
        try {
            Jid jid = user.jidAttr("jid");
            if (jid != null) {
                return jid.toNonAd();
            }
        } catch (InvalidJidException e) {
            return null;
        }
        Node contact = user.child("contact");
        String text = contact == null ? null : contact.contentString();
        if (text == null) {
            return null;
        }
        String digits = text.startsWith("+") ? text.substring(1) : text;
        int at = digits.indexOf('@');
        if (at >= 0) {
            digits = digits.substring(0, at);
        }
        return digits.matches("[0-9]{1,20}") ? Jid.pn(digits) : null;
    }

    /** The account's device list: the phone, then each companion with its key index, and the signed index list. */
    static Node devices(PhoneAccount account) {
        List<LinkedDevice> companions = account.devices();
        List<Node> devices = new ArrayList<>(companions.size() + 1);
        devices.add(Node.builder("device").attr("id", 0).build());
        long timestamp = account.createdAt().getEpochSecond();
        for (LinkedDevice companion : companions) {
            devices.add(Node.builder("device").attr("id", companion.id()).attr("key-index", companion.keyIndex()).build());
            timestamp = Math.max(timestamp, companion.linkedAt().getEpochSecond());
        }
        List<Node> children = new ArrayList<>(2);
        children.add(Node.builder("device-list").children(devices).build());
        if (!companions.isEmpty()) {
            children.add(Node.builder("key-index-list").attr("ts", timestamp)
                    .bytes(KeyIndexLists.signed(account, companions, timestamp)).build());
        }
        return Node.builder("devices").children(children).build();
    }
}

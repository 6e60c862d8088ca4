package io.wabridge.simulator.newsletter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wabridge.client.binary.Node;
import io.wabridge.client.binary.NodeBuilder;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.jid.JidServer;
import io.wabridge.client.stanza.StanzaMatcher;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.messaging.DeviceEndpoint;
import io.wabridge.simulator.messaging.MessageRouter;
import io.wabridge.simulator.server.ServerSession;
import io.wabridge.simulator.server.ServerStanzas;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server's newsletters (WhatsApp channels), as WhatsApp answers them:
 * <ul>
 *   <li>{@code w:mex} GraphQL iqs, by query id (WhatsApp Web's ids as whatsmeow sends them, and Baileys 7's):
 *       fetch metadata by JID or invite ({@code xwa2_newsletter}), the followed list
 *       ({@code xwa2_newsletter_subscribed}), create ({@code xwa2_newsletter_create}), follow, unfollow, mute,
 *       unmute ({@code xwa2_newsletter_join_v2|leave_v2|mute_v2|unmute_v2}). Refusals are GraphQL errors with
 *       {@code extensions.error_code}: 404 unknown newsletter, 403 unfollow/mute of one not followed, 400 bad
 *       variables, 501 an unknown query id;</li>
 *   <li>{@code newsletter} iqs: {@code <messages type=jid jid count before>} (posts with content, views and
 *       reactions; 404 unknown), {@code <message_updates count after>} to the newsletter, {@code <live_updates>}
 *       to the newsletter (a 300 s subscription to counts; 403 when not following);</li>
 *   <li>a {@code <message to=NL><plaintext>} from an owner or admin is a post: acked with its {@code server_id},
 *       delivered to every device of the owner, admins and followers but the sending one (403 to anyone else, 404
 *       unknown); a {@code <message type=reaction server_id><reaction code>} from a follower counts (403 when not
 *       following, 404 unknown post) and pushes {@code <notification type=newsletter><live_updates>} to the
 *       devices subscribed to live updates; a {@code <receipt type=view><list><item server_id>} counts views;</li>
 *   <li>following, leaving and muting are told to every device of the account ({@code <notification type=mex>
 *       <update op_name>} with {@code xwa2_notify_newsletter_on_join|on_leave|on_mute_change}).</li>
 * </ul>
 * Thread-safe.
 */
public final class NewsletterServer {
    /** How long a live-updates subscription lasts. */
    public static final Duration LIVE_UPDATES = Duration.ofSeconds(300);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> QUERIES = Map.ofEntries(
            Map.entry("6563316087068696", "fetch"), Map.entry("9779843322044422", "fetch"),
            Map.entry("6388546374527196", "subscribed"), Map.entry("8621797084555037", "subscribed"),
            Map.entry("6234210096708695", "create"), Map.entry("8823471724422422", "create"),
            Map.entry("27527996220149684", "create"),
            Map.entry("9926858900719341", "follow"), Map.entry("24404358912487870", "follow"),
            Map.entry("6392786840836363", "unfollow"), Map.entry("9767147403369991", "unfollow"),
            Map.entry("8782612271820087", "unfollow"),
            Map.entry("6274038279359549", "mute"), Map.entry("29766401636284406", "mute"),
            Map.entry("5971669009605755", "mute"),
            Map.entry("6068417879924485", "unmute"), Map.entry("9864994326891137", "unmute"),
            Map.entry("6104029483058502", "unmute"));

    private final MessageRouter router;
    private final Clock clock;
    private final Map<Jid, SimNewsletter> newsletters = new ConcurrentHashMap<>();
    private final AtomicLong notificationIds = new AtomicLong();
    private final SecureRandom random = new SecureRandom();

    public NewsletterServer(MessageRouter router, Clock clock) {
        this.router = router;
        this.clock = clock;
        router.onNewsletter(this::onStanza);
    }

    /** Creates a newsletter owned by {@code owner} (as its phone would); nobody is told. */
    public SimNewsletter create(String name, String description, PhoneAccount owner) {
        Jid jid = Jid.of("120363" + String.format("%012d", Math.floorMod(random.nextLong(), 1_000_000_000_000L)),
                JidServer.NEWSLETTER);
        byte[] code = new byte[12];
        random.nextBytes(code);
        SimNewsletter n = new SimNewsletter(jid, HexFormat.of().formatHex(code), name,
                description == null ? "" : description, owner, clock.instant());
        newsletters.put(jid, n);
        return n;
    }

    public Optional<SimNewsletter> find(Jid jid) {
        return jid == null ? Optional.empty() : Optional.ofNullable(newsletters.get(jid.toNonAd()));
    }

    /**
     * Posts {@code plaintext} (a serialized Message) as if from {@code author}'s phone (owner or admin), delivered
     * to every device of the audience but the author's primary; returns the post's server id.
     */
    public long publish(SimNewsletter n, PhoneAccount author, String id, byte[] plaintext) {
        SimNewsletter.Post p = n.add(id, "text", clock.instant().getEpochSecond(), plaintext, null);
        fanOut(n, p, author, 0);
        return p.serverId();
    }

    /** Answers {@code w:mex} and {@code newsletter} iqs of a logged-in device. */
    public void install(ServerSession session, PhoneAccount account, int deviceId) {
        session.router().on(StanzaMatcher.iq("get", "w:mex"), iq -> session.send(mex(account, iq)));
        for (String type : new String[] {"get", "set"}) {
            session.router().on(StanzaMatcher.iq(type, "newsletter"),
                    iq -> session.send(newsletterIq(account, deviceId, iq)));
        }
    }

    // ---- w:mex ----

    Node mex(PhoneAccount actor, Node iq) {
        Node query = iq.child("query");
        byte[] body = query == null ? null : query.bytes();
        if (body == null) {
            return ServerStanzas.iqError(iq, 400, "bad-request");
        }
        JsonNode variables;
        try {
            variables = JSON.readTree(body).path("variables");
        } catch (IOException e) {
            return result(iq, error(400, "invalid JSON"));
        }
        String op = QUERIES.get(query.attr("query_id", ""));
        if (op == null) {
            return result(iq, error(501, "unknown query " + query.attr("query_id")));
        }
        ObjectNode data = JSON.createObjectNode();
        switch (op) {
            case "fetch" -> {
                JsonNode input = variables.path("input");
                String key = input.path("key").asText("");
                Optional<SimNewsletter> n = "INVITE".equalsIgnoreCase(input.path("type").asText(""))
                        ? newsletters.values().stream().filter(x -> x.invite().equals(key)).findFirst()
                        : find(Jid.tryParse(key));
                if (n.isEmpty()) {
                    return result(iq, error(404, "Not found"));
                }
                data.set("xwa2_newsletter", metadata(n.get(), variables.path("fetch_viewer_metadata").asBoolean(false)
                        ? actor : null));
            }
            case "subscribed" -> {
                ArrayNode list = data.putArray("xwa2_newsletter_subscribed");
                for (SimNewsletter n : newsletters.values()) {
                    if (n.follows(actor)) {
                        list.add(metadata(n, actor));
                    }
                }
            }
            case "create" -> {
                JsonNode input = variables.has("newsletter_input") ? variables.path("newsletter_input")
                        : variables.path("input");
                String name = input.path("name").asText("");
                if (name.isBlank()) {
                    return result(iq, error(400, "name required"));
                }
                SimNewsletter n = create(name, input.path("description").asText(""), actor);
                data.set("xwa2_newsletter_create", metadata(n, actor));
                notifyAccount(actor, "NotificationNewsletterJoin", "xwa2_notify_newsletter_on_join", metadata(n, actor));
            }
            default -> {
                Optional<SimNewsletter> found = find(Jid.tryParse(variables.path("newsletter_id").asText("")));
                if (found.isEmpty()) {
                    return result(iq, error(404, "Not found"));
                }
                SimNewsletter n = found.get();
                switch (op) {
                    case "follow" -> {
                        boolean added = !n.admin(actor) && n.follow(actor);
                        data.set("xwa2_newsletter_join_v2", metadata(n, actor));
                        if (added) {
                            notifyAccount(actor, "NotificationNewsletterJoin", "xwa2_notify_newsletter_on_join",
                                    metadata(n, actor));
                        }
                    }
                    case "unfollow" -> {
                        if (!n.unfollow(actor)) {
                            return result(iq, error(403, "not following"));
                        }
                        data.set("xwa2_newsletter_leave_v2", JSON.createObjectNode().put("id", n.jid().toString()));
                        notifyAccount(actor, "NotificationNewsletterLeave", "xwa2_notify_newsletter_on_leave",
                                JSON.createObjectNode().put("id", n.jid().toString()).put("role", "GUEST"));
                    }
                    default -> { // mute, unmute
                        if (!n.follows(actor)) {
                            return result(iq, error(403, "not following"));
                        }
                        boolean on = "mute".equals(op);
                        n.mute(actor, on);
                        data.set(on ? "xwa2_newsletter_mute_v2" : "xwa2_newsletter_unmute_v2",
                                JSON.createObjectNode().put("id", n.jid().toString()));
                        notifyAccount(actor, "NotificationNewsletterMuteChange", "xwa2_notify_newsletter_on_mute_change",
                                JSON.createObjectNode().put("id", n.jid().toString()).put("mute", on ? "ON" : "OFF"));
                    }
                }
            }
        }
        ObjectNode root = JSON.createObjectNode();
        root.set("data", data);
        return result(iq, root);
    }

    private ObjectNode metadata(SimNewsletter n, PhoneAccount viewer) {
        ObjectNode m = JSON.createObjectNode();
        m.put("id", n.jid().toString());
        m.putObject("state").put("type", "ACTIVE");
        ObjectNode thread = m.putObject("thread_metadata");
        thread.put("creation_time", Long.toString(n.created().getEpochSecond()));
        thread.put("invite", n.invite());
        thread.putObject("name").put("text", n.name()).put("id", "1").put("update_time", "0");
        thread.putObject("description").put("text", n.description()).put("id", "1").put("update_time", "0");
        thread.put("subscribers_count", Integer.toString(n.subscribers()));
        thread.put("verification", "UNVERIFIED");
        thread.putObject("picture").put("id", "").put("type", "IMAGE").put("direct_path", "");
        thread.putObject("preview").put("id", "").put("type", "PREVIEW").put("direct_path", "");
        thread.putObject("settings").putObject("reaction_codes").put("value", "ALL");
        if (viewer != null) {
            ObjectNode v = m.putObject("viewer_metadata");
            v.put("mute", n.muted(viewer) ? "ON" : "OFF");
            v.put("role", n.role(viewer).toUpperCase(java.util.Locale.ROOT));
        }
        return m;
    }

    private static ObjectNode error(int code, String message) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode e = root.putArray("errors").addObject();
        e.put("message", message);
        e.putObject("extensions").put("error_code", code).put("is_retryable", false).put("severity", "CRITICAL");
        return root;
    }

    private static Node result(Node iq, JsonNode json) {
        return ServerStanzas.iqResult(iq, Node.builder("result")
                .bytes(json.toString().getBytes(StandardCharsets.UTF_8)).build());
    }

    /** Tells every device of {@code account}: {@code <notification type=mex><update op_name>{"data":{FIELD:..}}}. */
    private void notifyAccount(PhoneAccount account, String opName, String field, JsonNode value) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("data").set(field, value);
        Node n = Node.builder("notification").attr("type", "mex").attr("from", Jid.SERVER)
                .attr("id", "nl" + notificationIds.incrementAndGet()).attr("t", clock.instant().getEpochSecond())
                .child(Node.builder("update").attr("op_name", opName)
                        .bytes(root.toString().getBytes(StandardCharsets.UTF_8)).build())
                .build();
        for (int device : account.deviceIds()) {
            router.deliver(account, device, n);
        }
    }

    // ---- newsletter iqs ----

    Node newsletterIq(PhoneAccount actor, int deviceId, Node iq) {
        Node content = iq.children().isEmpty() ? null : iq.children().getFirst();
        if (content == null) {
            return ServerStanzas.iqError(iq, 400, "bad-request");
        }
        Jid to = Jid.tryParse(iq.attr("to"));
        switch (content.tag()) {
            case "messages" -> {
                Optional<SimNewsletter> n = find(Jid.tryParse(content.attr("jid")));
                if (n.isEmpty()) {
                    return ServerStanzas.iqError(iq, 404, "item-not-found");
                }
                int count = (int) Math.min(100, Math.max(1, number(content.attr("count"), 50)));
                return ServerStanzas.iqResult(iq, posts(n.get(), "messages",
                        n.get().before(number(content.attr("before"), 0), count), true));
            }
            case "message_updates" -> {
                Optional<SimNewsletter> n = find(to);
                if (n.isEmpty()) {
                    return ServerStanzas.iqError(iq, 404, "item-not-found");
                }
                int count = (int) Math.min(100, Math.max(1, number(content.attr("count"), 50)));
                Node messages = posts(n.get(), "messages", n.get().after(number(content.attr("after"), 0), count), true);
                return ServerStanzas.iqResult(iq, Node.builder("message_updates").child(messages).build());
            }
            case "live_updates" -> {
                Optional<SimNewsletter> n = find(to);
                if (n.isEmpty()) {
                    return ServerStanzas.iqError(iq, 404, "item-not-found");
                }
                if (!n.get().follows(actor)) {
                    return ServerStanzas.iqError(iq, 403, "forbidden");
                }
                n.get().live(actor.phoneNumber() + ":" + deviceId, clock.instant().plus(LIVE_UPDATES));
                return ServerStanzas.iqResult(iq, Node.builder("live_updates")
                        .attr("duration", LIVE_UPDATES.toSeconds()).build());
            }
            default -> {
                return ServerStanzas.iqError(iq, 501, "feature-not-implemented");
            }
        }
    }

    private Node posts(SimNewsletter n, String tag, List<SimNewsletter.Post> posts, boolean content) {
        List<Node> out = new ArrayList<>(posts.size());
        for (SimNewsletter.Post p : posts) {
            out.add(post(n, p, content));
        }
        return Node.builder(tag).attr("jid", n.jid()).attr("t", clock.instant().getEpochSecond()).children(out).build();
    }

    private Node post(SimNewsletter n, SimNewsletter.Post p, boolean content) {
        NodeBuilder m = Node.builder("message").attr("server_id", p.serverId).attr("id", p.id).attr("type", p.type)
                .attr("t", p.t);
        List<Node> children = new ArrayList<>();
        if (content) {
            children.add(plaintext(p));
        }
        children.add(Node.builder("views_count").attr("count", n.views(p)).build());
        Map<String, Long> counts = n.reactions(p);
        if (!counts.isEmpty()) {
            List<Node> reactions = new ArrayList<>();
            counts.forEach((code, count) -> reactions.add(Node.builder("reaction").attr("code", code)
                    .attr("count", count).build()));
            children.add(Node.builder("reactions").children(reactions).build());
        }
        return m.children(children).build();
    }

    private static Node plaintext(SimNewsletter.Post p) {
        NodeBuilder pt = Node.builder("plaintext").bytes(p.plaintext);
        if (p.mediaType != null) {
            pt.attr("mediatype", p.mediaType);
        }
        return pt.build();
    }

    // ---- stanzas to a newsletter ----

    private void onStanza(DeviceEndpoint sender, Node stanza) {
        Jid to = Jid.tryParse(stanza.attr("to"));
        Optional<SimNewsletter> found = find(to);
        String id = stanza.attr("id", "");
        if (stanza.is("receipt")) {
            found.ifPresent(n -> view(n, sender.account(), stanza));
            sender.replies().deliver(Node.builder("ack").attr("class", "receipt").attr("id", id)
                    .attr("from", to == null ? Jid.SERVER : to).build());
            return;
        }
        if (found.isEmpty()) {
            sender.replies().deliver(ack(id, to, 404, 0));
            return;
        }
        SimNewsletter n = found.get();
        PhoneAccount actor = sender.account();
        if ("reaction".equals(stanza.attr("type"))) {
            SimNewsletter.Post p = n.post(number(stanza.attr("server_id"), 0));
            if (!n.follows(actor)) {
                sender.replies().deliver(ack(id, to, 403, 0));
                return;
            }
            if (p == null) {
                sender.replies().deliver(ack(id, to, 404, 0));
                return;
            }
            Node reaction = stanza.child("reaction");
            n.react(p, actor, reaction == null || stanza.hasAttr("edit") ? null : reaction.attr("code"));
            sender.replies().deliver(ack(id, to, 0, p.serverId));
            liveUpdate(n, p);
            return;
        }
        Node plaintext = stanza.child("plaintext");
        if (!n.admin(actor)) {
            sender.replies().deliver(ack(id, to, 403, 0));
            return;
        }
        if (plaintext == null || plaintext.bytes() == null) {
            sender.replies().deliver(ack(id, to, 400, 0));
            return;
        }
        SimNewsletter.Post p = n.add(id, stanza.attr("type", "text"), clock.instant().getEpochSecond(),
                plaintext.bytes(), plaintext.attr("mediatype"));
        sender.replies().deliver(ack(id, to, 0, p.serverId));
        fanOut(n, p, actor, sender.deviceId());
    }

    private void view(SimNewsletter n, PhoneAccount viewer, Node receipt) {
        if (!"view".equals(receipt.attr("type")) || !n.follows(viewer)) {
            return;
        }
        Node list = receipt.child("list");
        for (Node item : list == null ? List.<Node>of() : list.children("item")) {
            SimNewsletter.Post p = n.post(number(item.attr("server_id"), 0));
            if (p != null && n.view(p, viewer)) {
                liveUpdate(n, p);
            }
        }
    }

    /** A post to every device of the audience but the sending device. */
    private void fanOut(SimNewsletter n, SimNewsletter.Post p, PhoneAccount author, int authorDevice) {
        Node message = Node.builder("message").attr("from", n.jid()).attr("id", p.id).attr("server_id", p.serverId)
                .attr("t", p.t).attr("type", p.type).child(plaintext(p)).build();
        for (PhoneAccount a : n.audience()) {
            for (int device : a.deviceIds()) {
                if (a != author || device != authorDevice) {
                    router.deliver(a, device, message);
                }
            }
        }
    }

    /** Counts of one post to the devices subscribed to live updates. */
    private void liveUpdate(SimNewsletter n, SimNewsletter.Post p) {
        Node notification = Node.builder("notification").attr("type", "newsletter").attr("from", n.jid())
                .attr("id", "nl" + notificationIds.incrementAndGet()).attr("t", clock.instant().getEpochSecond())
                .child(Node.builder("live_updates").child(post(n, p, false)).build()).build();
        for (PhoneAccount a : n.audience()) {
            for (int device : a.deviceIds()) {
                if (n.liveFor(a.phoneNumber() + ":" + device, clock.instant())) {
                    router.deliver(a, device, notification);
                }
            }
        }
    }

    private static Node ack(String id, Jid from, int error, long serverId) {
        NodeBuilder ack = Node.builder("ack").attr("class", "message").attr("id", id)
                .attr("from", from == null ? Jid.SERVER : from);
        if (error != 0) {
            ack.attr("error", error);
        }
        if (serverId > 0) {
            ack.attr("server_id", serverId);
        }
        return ack.build();
    }

    private static long number(String s, long fallback) {
        try {
            return s == null || s.isEmpty() ? fallback : Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}

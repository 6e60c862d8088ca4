package io.wabridge.simulator.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wabridge.client.jid.InvalidJidException;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.message.content.MessageContent;
import io.wabridge.client.message.content.MessageRef;
import io.wabridge.client.message.content.Reaction;
import io.wabridge.client.message.content.Text;
import io.wabridge.simulator.account.AccountRegistry;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.account.UnknownAccountException;
import io.wabridge.simulator.contact.ContactMessage;
import io.wabridge.simulator.contact.SimulatedContact;
import io.wabridge.simulator.messaging.MessagingService;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The control API's simulated phones as messaging parties (every account's phone is one):
 *
 * <pre>
 * POST /contacts                       {"phone": "15550002222", "name": "Bob"?, "lidOnly": true?} 201 contact
 * GET  /contacts/{phone}                                                                        200 contact
 * POST /contacts/{phone}/send          {"to": "15550001111"|JID, "text": "hi"}                   200 {id, to}
 *                                      {"to", "kind": "reaction", "messageId", "emoji", "fromMe"?}
 *                                      {"to", "kind": "disappearing", "seconds": 86400} (the chat's timer; 0 = off)
 * GET  /contacts/{phone}/messages?after=SEQ&amp;wait=MS                                         200 {messages, next}
 * POST /contacts/{phone}/read          {"id": MESSAGE_ID}                                        200 {id}
 * POST /contacts/{phone}/corrupt-next                                                           200 {armed}
 * POST /contacts/{phone}/burst         {"to": "15550001111"|JID, "count": 2000, "text": "m"?}    200 {count, devices, startedAtNanos}
 * POST /contacts/{phone}/decrypt       {"enabled": false}                                         200 {decrypting}
 * POST /contacts/{phone}/privacy-token {"to": "15550001111"|JID}                                  200 {to, token}
 * POST /contacts/{phone}/status        {"audience": ["15550001111"|JID, ...], "text": "hi",
 *                                       "textArgb"?, "backgroundArgb"?, "font"?}                  200 {id, audience}
 * GET  /contacts/{phone}/status-seen                                                            200 {seen}
 * </pre>
 * {@code status} posts a text status to {@code status@broadcast} for the audience's devices (see
 * {@link SimulatedContact#postStatus}); a status the phone received is listed by {@code messages} with chat
 * {@code status@broadcast}, and {@code read} of it sends the seen receipt ({@code read} to {@code status@broadcast},
 * the author in {@code participant}). {@code status-seen} lists the seen receipts the server recorded for this
 * phone's statuses: {@code {"ids": [...], "viewer": DEVICE_JID, "type": "read"|"read-self"}}, oldest first.
 * {@code burst} encrypts {@code count} texts ({@code text} + " " + i) for the user's linked devices first, then routes
 * them all at once (see {@link SimulatedContact#sendBurst}); {@code startedAtNanos} is the simulator's monotonic
 * clock ({@code System.nanoTime()}) when routing began. {@code decrypt} off makes the phone ack what it receives
 * without decrypting it (see {@link SimulatedContact#decrypting}).
 * {@code messages} lists what the phone received and decrypted, numbered by {@code seq}: pass the last seen
 * {@code seq} as {@code after} to page on; {@code wait} (at most 60 s) waits for at least one.
 */
final class ContactRoutes {
    private static final Duration MAX_WAIT = Duration.ofSeconds(60);
    private static final Pattern CONTACTS = Pattern.compile("/contacts/?");
    private static final Pattern CONTACT = Pattern.compile("/contacts/([^/]+)/?");
    private static final Pattern ACTION =
            Pattern.compile("/contacts/([^/]+)/(send|messages|read|corrupt-next|burst|decrypt|privacy-token|status|status-seen)/?");
    /** A burst never exceeds a device's mailbox, which would drop the oldest. */
    private static final int MAX_BURST = MessagingService.MAILBOX_CAPACITY;
    private static final Duration BURST_TIMEOUT = Duration.ofSeconds(300);

    private final AccountRegistry accounts;
    private final ObjectMapper json;

    ContactRoutes(AccountRegistry accounts, ObjectMapper json) {
        this.accounts = accounts;
        this.json = json;
    }

    ControlServer.Reply route(String method, String path, String query, ControlServer.Body body) throws IOException {
        Matcher m;
        if (CONTACTS.matcher(path).matches()) {
            ControlServer.requireMethod("POST", method, path);
            JsonNode request = body.read();
            PhoneAccount account = accounts.create(ControlServer.text(request, "phone"),
                    request.path("platform").asText("android"));
            if (request.hasNonNull("name")) {
                account.pushName(request.get("name").asText());
            }
            account.lidOnly(request.path("lidOnly").asBoolean(false));
            return new ControlServer.Reply(201, contact(accounts.messaging().contact(account)));
        }
        if ((m = ACTION.matcher(path)).matches()) {
            SimulatedContact contact = accounts.messaging().contact(accounts.require(m.group(1)));
            return switch (m.group(2)) {
                case "send" -> {
                    ControlServer.requireMethod("POST", method, path);
                    yield send(contact, body.read());
                }
                case "messages" -> {
                    ControlServer.requireMethod("GET", method, path);
                    yield messages(contact, query);
                }
                case "read" -> {
                    ControlServer.requireMethod("POST", method, path);
                    yield read(contact, ControlServer.text(body.read(), "id"));
                }
                case "status" -> {
                    ControlServer.requireMethod("POST", method, path);
                    yield postStatus(contact, body.read());
                }
                case "status-seen" -> {
                    ControlServer.requireMethod("GET", method, path);
                    ArrayNode seen = json.createArrayNode();
                    for (var s : accounts.statuses().seen()) {
                        if (s.author().sameUser(contact.account().jid())) {
                            ObjectNode one = seen.addObject().put("viewer", s.viewer().toString()).put("type", s.type());
                            s.ids().forEach(one.putArray("ids")::add);
                        }
                    }
                    ObjectNode reply = json.createObjectNode();
                    reply.set("seen", seen);
                    yield new ControlServer.Reply(200, reply);
                }
                case "burst" -> {
                    ControlServer.requireMethod("POST", method, path);
                    yield burst(contact, body.read());
                }
                case "privacy-token" -> {
                    ControlServer.requireMethod("POST", method, path);
                    Jid to = recipient(ControlServer.text(body.read(), "to"));
                    PhoneAccount holder = accounts.find(to)
                            .orElseThrow(() -> new UnknownAccountException("no account for " + to));
                    byte[] token = accounts.messaging().privacyTokens().issue(contact.account(), holder);
                    yield new ControlServer.Reply(200, json.createObjectNode().put("to", holder.jid().toString())
                            .put("token", java.util.Base64.getEncoder().encodeToString(token)));
                }
                case "decrypt" -> {
                    ControlServer.requireMethod("POST", method, path);
                    JsonNode enabled = body.read().get("enabled");
                    if (enabled == null || !enabled.isBoolean()) {
                        throw new ApiException(400, "bad_request", "field \"enabled\" (true or false) is required");
                    }
                    contact.decrypting(enabled.asBoolean());
                    yield new ControlServer.Reply(200, json.createObjectNode().put("decrypting", enabled.asBoolean()));
                }
                default -> {
                    ControlServer.requireMethod("POST", method, path);
                    contact.corruptNext();
                    yield new ControlServer.Reply(200, json.createObjectNode().put("armed", true));
                }
            };
        }
        if ((m = CONTACT.matcher(path)).matches()) {
            ControlServer.requireMethod("GET", method, path);
            return new ControlServer.Reply(200, contact(accounts.messaging().contact(accounts.require(m.group(1)))));
        }
        throw new ApiException(404, "not_found", "no such resource: " + path);
    }

    private ControlServer.Reply send(SimulatedContact contact, JsonNode request) {
        Jid to = recipient(ControlServer.text(request, "to"));
        if (accounts.find(to).isEmpty()) {
            throw new UnknownAccountException("no account for " + to);
        }
        String id = contact.send(to, content(request, to));
        return new ControlServer.Reply(200, json.createObjectNode().put("id", id).put("to", to.toString()));
    }

    private ControlServer.Reply postStatus(SimulatedContact contact, JsonNode request) {
        JsonNode audience = request.get("audience");
        if (audience == null || !audience.isArray() || audience.isEmpty()) {
            throw new ApiException(400, "empty_audience", "field \"audience\" must list at least one phone or JID");
        }
        List<PhoneAccount> viewers = new ArrayList<>();
        ArrayNode named = json.createArrayNode();
        for (JsonNode entry : audience) {
            Jid jid = recipient(entry.asText());
            viewers.add(accounts.find(jid).orElseThrow(() -> new UnknownAccountException("no account for " + jid)));
            named.add(jid.toString());
        }
        var text = io.wabridge.proto.wa.ExtendedTextMessage.newBuilder().setText(ControlServer.text(request, "text"));
        if (request.has("textArgb")) {
            text.setTextArgb((int) request.get("textArgb").asLong());
        }
        if (request.has("backgroundArgb")) {
            text.setBackgroundArgb((int) request.get("backgroundArgb").asLong());
        }
        if (request.has("font")) {
            text.setFont(request.get("font").asInt());
        }
        String id;
        try {
            id = contact.postStatus(viewers, io.wabridge.proto.wa.Message.newBuilder().setExtendedTextMessage(text).build(),
                    "text").get(SimulatedContact.SEND_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new ApiException(503, "timeout", "the status was not acked in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted", "the server is stopping");
        }
        ObjectNode reply = json.createObjectNode().put("id", id);
        reply.set("audience", named);
        return new ControlServer.Reply(200, reply);
    }

    private ControlServer.Reply burst(SimulatedContact contact, JsonNode request) {
        Jid to = recipient(ControlServer.text(request, "to"));
        PhoneAccount peer = accounts.find(to).orElseThrow(() -> new UnknownAccountException("no account for " + to));
        List<Text> texts = burstTexts(request);
        long startedAt = awaitBurst(contact.sendBurst(to, texts));
        int devices = (int) peer.deviceIds().stream().filter(d -> d != 0).count();
        return new ControlServer.Reply(200, json.createObjectNode().put("count", texts.size()).put("devices", devices)
                .put("startedAtNanos", startedAt));
    }

    /** A burst's texts: {@code count} (1 to the mailbox's capacity) of {@code text} + " " + i. */
    static List<Text> burstTexts(JsonNode request) {
        JsonNode count = request.get("count");
        if (count == null || !count.canConvertToInt() || count.asInt() < 1 || count.asInt() > MAX_BURST) {
            throw new ApiException(400, "bad_request", "field \"count\" must be a number from 1 to " + MAX_BURST);
        }
        String prefix = request.path("text").asText("burst message");
        List<Text> texts = new ArrayList<>(count.asInt());
        for (int i = 0; i < count.asInt(); i++) {
            texts.add(new Text(prefix + " " + i));
        }
        return texts;
    }

    /** Waits for a burst to be encrypted and routed; its {@code System.nanoTime()} just before the first routing. */
    static long awaitBurst(java.util.concurrent.CompletableFuture<Long> routed) {
        try {
            return routed.get(BURST_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new ApiException(503, "timeout", "the burst was not encrypted within " + BURST_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted", "the server is stopping");
        }
    }

    /**
     * What to send: {@code kind} text (the default when {@code text} is given), reaction, or disappearing (the
     * chat's timer as an {@code EPHEMERAL_SETTING}; the phone honours it in what it sends to the chat from then on).
     */
    private static MessageContent content(JsonNode request, Jid to) {
        String kind = request.path("kind").asText(request.has("text") ? "text" : "");
        return switch (kind) {
            case "text" -> new Text(ControlServer.text(request, "text"));
            case "reaction" -> new Reaction(new MessageRef(to.toString(), request.path("fromMe").asBoolean(false),
                    ControlServer.text(request, "messageId"), null), request.path("emoji").asText(""),
                    System.currentTimeMillis());
            case "disappearing" -> {
                JsonNode seconds = request.get("seconds");
                if (seconds == null || !seconds.canConvertToInt() || seconds.asInt() < 0) {
                    throw new ApiException(400, "bad_request", "field \"seconds\" (0 or more) is required");
                }
                yield new io.wabridge.client.message.content.EphemeralSetting(seconds.asInt(),
                        System.currentTimeMillis() / 1000);
            }
            default -> throw new ApiException(400, "invalid_kind",
                    "kind must be text, reaction or disappearing (or give \"text\"), got '" + kind + "'");
        };
    }

    static Jid recipient(String to) {
        if (to.matches("\\+?[0-9]{7,15}")) {
            return Jid.pn(to.startsWith("+") ? to.substring(1) : to);
        }
        try {
            return Jid.parse(to).toNonAd();
        } catch (InvalidJidException e) {
            throw new ApiException(400, "invalid_jid", "\"to\" is neither a phone number nor a JID: " + to);
        }
    }

    private ControlServer.Reply messages(SimulatedContact contact, String query) {
        long after = queryNumber(query, "after", 0);
        long waitMs = Math.min(queryNumber(query, "wait", 0), MAX_WAIT.toMillis());
        List<ContactMessage> messages;
        try {
            messages = contact.messagesAfter(after, Duration.ofMillis(waitMs));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted", "the server is stopping");
        }
        ArrayNode list = json.createArrayNode();
        long next = after;
        for (ContactMessage message : messages) {
            list.add(message(message));
            next = Math.max(next, message.seq());
        }
        ObjectNode reply = json.createObjectNode();
        reply.set("messages", list);
        reply.put("next", next);
        return new ControlServer.Reply(200, reply);
    }

    private ControlServer.Reply read(SimulatedContact contact, String id) {
        try {
            for (ContactMessage message : contact.messagesAfter(0, Duration.ZERO)) {
                if (message.id().equals(id)) {
                    if (message.chat().isStatusBroadcast()) {
                        contact.markStatusSeen(message);
                    } else {
                        contact.markRead(message);
                    }
                    return new ControlServer.Reply(200, json.createObjectNode().put("id", id));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted", "the server is stopping");
        }
        throw new ApiException(404, "unknown_message", "the phone received no message " + id);
    }

    private ObjectNode contact(SimulatedContact contact) {
        PhoneAccount account = contact.account();
        ObjectNode node = json.createObjectNode()
                .put("phone", account.phoneNumber())
                .put("jid", account.jid().toString())
                .put("lid", account.lidJid().toString())
                .put("name", account.pushName())
                .put("lidOnly", account.lidOnly());
        ArrayNode devices = node.putArray("devices");
        account.deviceIds().forEach(devices::add);
        return node;
    }

    private ObjectNode message(ContactMessage message) {
        return message(json, message);
    }

    /** One received message as JSON (also for the group routes). */
    static ObjectNode message(ObjectMapper json, ContactMessage message) {
        ObjectNode node = json.createObjectNode()
                .put("seq", message.seq())
                .put("id", message.id())
                .put("from", message.from().toString())
                .put("chat", message.chat().toString())
                .put("timestamp", message.timestamp().toString())
                .put("type", message.type())
                .put("cipherType", message.cipherType())
                .put("pushName", message.pushName())
                .put("fromOwnDevice", message.fromOwnDevice())
                .put("kind", kind(message.content()));
        if (message.text() != null) {
            node.put("text", message.text());
        }
        if (message.content() instanceof io.wabridge.client.message.content.Media media) {
            MediaRoutes.describe(node, media);
        }
        if (message.content() instanceof Reaction reaction) {
            node.put("emoji", reaction.emoji()).put("targetId", reaction.target().id());
        }
        return node;
    }

    /** {@code ExtendedText} -> {@code extended_text}. */
    private static String kind(MessageContent content) {
        return content.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    /** A query parameter's raw value, or null. */
    static String queryText(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return pair.substring(eq + 1);
            }
        }
        return null;
    }

    static long queryNumber(String query, String name, long fallback) {
        if (query == null) {
            return fallback;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                try {
                    long value = Long.parseLong(pair.substring(eq + 1));
                    if (value < 0) {
                        throw new NumberFormatException();
                    }
                    return value;
                } catch (NumberFormatException e) {
                    throw new ApiException(400, "bad_request", name + " must be a non-negative number");
                }
            }
        }
        return fallback;
    }
}

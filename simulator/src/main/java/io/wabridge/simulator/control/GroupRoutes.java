package io.wabridge.simulator.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wabridge.client.jid.InvalidJidException;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.message.content.Text;
import io.wabridge.simulator.account.AccountRegistry;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.account.UnknownAccountException;
import io.wabridge.simulator.contact.ContactMessage;
import io.wabridge.simulator.contact.SimulatedContact;
import io.wabridge.simulator.group.SimGroup;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The control API's groups:
 *
 * <pre>
 * POST /groups                       {"subject", "creator": PHONE, "participants": [PHONE..], "addressingMode": "pn"|"lid"?}  201 group
 * GET  /groups/{jid}                                                                             200 group
 * POST /groups/{jid}/send            {"from": PHONE, "text": "hi"}                               200 {id, to}
 * POST /groups/{jid}/burst           {"from": PHONE, "count": 2000, "text": "m"?}                200 {count, startedAtNanos}
 * GET  /groups/{jid}/messages?member=PHONE&amp;wait=MS                                               200 {messages}
 * POST /groups/{jid}/participants    {"action": "add"|"remove", "participants": [PHONE..], "actor": PHONE?}  200 {action, participants}
 * </pre>
 * {@code send} makes a simulated member's phone send with its own sender key; {@code messages} lists what the
 * simulated members' phones received and decrypted in the group (one member with {@code member}; {@code wait}, at
 * most 60 s, waits for at least one); {@code burst}, for measuring how fast a client receives, encrypts {@code count}
 * texts with the member's sender key first (the first carries the key pairwise to the devices lacking it), then routes
 * them all at once, {@code startedAtNanos} being the simulator's {@code System.nanoTime()} just before the first (as
 * {@code /contacts/{phone}/burst} for a 1:1 chat); {@code participants} changes the membership and tells every member (a
 * removal makes senders rotate their keys). {@code jid} may be the group id alone.
 */
final class GroupRoutes {
    private static final Duration MAX_WAIT = Duration.ofSeconds(60);
    private static final Pattern GROUPS = Pattern.compile("/groups/?");
    private static final Pattern GROUP = Pattern.compile("/groups/([^/]+)/?");
    private static final Pattern ACTION = Pattern.compile("/groups/([^/]+)/(send|burst|messages|participants)/?");

    private final AccountRegistry accounts;
    private final ObjectMapper json;

    GroupRoutes(AccountRegistry accounts, ObjectMapper json) {
        this.accounts = accounts;
        this.json = json;
    }

    ControlServer.Reply route(String method, String path, String query, ControlServer.Body body) throws IOException {
        Matcher m;
        if (GROUPS.matcher(path).matches()) {
            ControlServer.requireMethod("POST", method, path);
            JsonNode request = body.read();
            PhoneAccount creator = account(ControlServer.text(request, "creator"));
            List<PhoneAccount> others = new ArrayList<>();
            for (JsonNode p : request.path("participants")) {
                PhoneAccount a = account(p.asText());
                if (a != creator) {
                    others.add(a);
                }
            }
            String mode = request.path("addressingMode").asText("pn");
            if (!mode.equals("pn") && !mode.equals("lid")) {
                throw new ApiException(400, "bad_request", "addressingMode must be pn or lid, got '" + mode + "'");
            }
            SimGroup group = accounts.groups().create(request.path("subject").asText(""), creator, others,
                    mode.equals("lid"));
            return new ControlServer.Reply(201, group(group));
        }
        if ((m = ACTION.matcher(path)).matches()) {
            SimGroup group = group(m.group(1));
            return switch (m.group(2)) {
                case "send" -> {
                    ControlServer.requireMethod("POST", method, path);
                    JsonNode request = body.read();
                    PhoneAccount from = sender(group, request);
                    String id = accounts.messaging().contact(from).sendToGroup(group,
                            new Text(ControlServer.text(request, "text")));
                    yield new ControlServer.Reply(200, json.createObjectNode().put("id", id)
                            .put("to", group.jid().toString()));
                }
                case "burst" -> {
                    ControlServer.requireMethod("POST", method, path);
                    JsonNode request = body.read();
                    PhoneAccount from = sender(group, request);
                    List<Text> texts = ContactRoutes.burstTexts(request);
                    long startedAt = ContactRoutes.awaitBurst(accounts.messaging().contact(from)
                            .sendGroupBurst(group, texts));
                    yield new ControlServer.Reply(200, json.createObjectNode().put("count", texts.size())
                            .put("startedAtNanos", startedAt));
                }
                case "messages" -> {
                    ControlServer.requireMethod("GET", method, path);
                    yield messages(group, query);
                }
                default -> {
                    ControlServer.requireMethod("POST", method, path);
                    yield participants(group, body.read());
                }
            };
        }
        if ((m = GROUP.matcher(path)).matches()) {
            ControlServer.requireMethod("GET", method, path);
            return new ControlServer.Reply(200, group(group(m.group(1))));
        }
        throw new ApiException(404, "not_found", "no such resource: " + path);
    }

    private ControlServer.Reply participants(SimGroup group, JsonNode request) {
        String action = ControlServer.text(request, "action");
        PhoneAccount actor = request.hasNonNull("actor") ? account(request.get("actor").asText()) : group.creator();
        List<PhoneAccount> changed = new ArrayList<>();
        for (JsonNode p : request.path("participants")) {
            changed.add(account(p.asText()));
        }
        List<PhoneAccount> done = switch (action) {
            case "add" -> accounts.groups().add(group, actor, changed);
            case "remove" -> accounts.groups().remove(group, actor, changed);
            default -> throw new ApiException(400, "bad_request", "action must be add or remove, got '" + action + "'");
        };
        ObjectNode reply = json.createObjectNode().put("action", action);
        ArrayNode list = reply.putArray("participants");
        done.forEach(a -> list.add(group.address(a).toString()));
        return new ControlServer.Reply(200, reply);
    }

    private ControlServer.Reply messages(SimGroup group, String query) {
        String member = ContactRoutes.queryText(query, "member");
        long waitMs = Math.min(ContactRoutes.queryNumber(query, "wait", 0), MAX_WAIT.toMillis());
        List<PhoneAccount> members = member == null ? group.members() : List.of(account(member));
        long deadline = System.nanoTime() + waitMs * 1_000_000;
        ArrayNode list = json.createArrayNode();
        try {
            do {
                for (PhoneAccount a : members) {
                    SimulatedContact phone = accounts.messaging().startedContact(a.phoneNumber()).orElse(null);
                    if (phone == null) {
                        continue;
                    }
                    for (ContactMessage message : phone.messagesAfter(0, Duration.ZERO)) {
                        if (message.chat().equals(group.jid())) {
                            list.add(ContactRoutes.message(json, message).put("member", a.phoneNumber()));
                        }
                    }
                }
                if (!list.isEmpty() || System.nanoTime() >= deadline) {
                    break;
                }
                Thread.sleep(50);
            } while (true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted", "the server is stopping");
        }
        ObjectNode reply = json.createObjectNode();
        reply.set("messages", list);
        return new ControlServer.Reply(200, reply);
    }

    private ObjectNode group(SimGroup group) {
        ObjectNode node = json.createObjectNode().put("jid", group.jid().toString()).put("subject", group.subject())
                .put("addressingMode", group.lidAddressed() ? "lid" : "pn")
                .put("creator", group.creator().phoneNumber());
        ArrayNode members = node.putArray("participants");
        for (PhoneAccount a : group.members()) {
            SimGroup.Role role = group.role(a);
            members.add(json.createObjectNode().put("phone", a.phoneNumber()).put("jid", group.address(a).toString())
                    .put("role", role == null ? "member" : role.name().toLowerCase()));
        }
        return node;
    }

    private SimGroup group(String id) {
        Jid jid;
        try {
            jid = id.contains("@") ? Jid.parse(id) : Jid.group(id);
        } catch (InvalidJidException e) {
            throw new ApiException(400, "invalid_jid", "not a group JID: " + id);
        }
        return accounts.groups().find(jid).orElseThrow(() -> new ApiException(404, "group_not_found",
                "no group " + jid));
    }

    /** The request's {@code from}, a member of the group. */
    private PhoneAccount sender(SimGroup group, JsonNode request) {
        PhoneAccount from = account(ControlServer.text(request, "from"));
        if (!group.isMember(from)) {
            throw new ApiException(403, "not_a_participant", from.phoneNumber() + " is not in " + group.jid());
        }
        return from;
    }

    private PhoneAccount account(String phone) {
        String number = phone.startsWith("+") ? phone.substring(1) : phone;
        return accounts.find(number).orElseThrow(() -> new UnknownAccountException("no account for " + phone));
    }
}

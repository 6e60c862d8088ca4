package io.wabridge.simulator.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wabridge.simulator.account.AccountRegistry;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.history.SimulatedHistory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The control API's history sync:
 *
 * <pre>
 * POST /accounts/{phone}/history {"chats": [{"jid", "name"?, "archived"?, "pinned"?, "unreadCount"?, "muteEnd"?,
 *                                  "messages": [{"id", "text", "timestamp", "fromMe"?, "sender"?}]}],
 *                                 "pushNames": {JID: NAME}, "lidMappings": {PN_JID: LID_JID},
 *                                 "generate": {"chats": N, "messagesPerChat": M}?, "messagesPerChunk": 500,
 *                                 "inline": false}                           200 {chats, messages}
 * GET  /accounts/{phone}/history                                              200 {seeded, chats, messages, notificationsSent, requestsAnswered}
 * POST /accounts/{phone}/history/send {"device": N}                           200 (sends the seeded history again)
 * POST /history {"damageNext": "hash"|"zlib"|"none", "count": N}              200
 * </pre>
 * Companions linked after the seed get the history once they logged in; {@code generate} adds synthetic chats
 * with contacts 1555000xxxx and texts "history message i".
 */
final class HistoryRoutes {
    private static final Pattern HISTORY = Pattern.compile("/accounts/([^/]+)/history/?");
    private static final Pattern SEND = Pattern.compile("/accounts/([^/]+)/history/send/?");
    private static final int MAX_GENERATED = 200_000;

    private final AccountRegistry accounts;
    private final SimulatedHistory history;
    private final ObjectMapper json;

    HistoryRoutes(AccountRegistry accounts, SimulatedHistory history, ObjectMapper json) {
        this.accounts = accounts;
        this.history = history;
        this.json = json;
    }

    static boolean handles(String path) {
        return path.equals("/history") || path.equals("/history/") || HISTORY.matcher(path).matches()
                || SEND.matcher(path).matches();
    }

    ControlServer.Reply route(String method, String path, ControlServer.Body body) throws IOException {
        if (history == null) {
            throw new ApiException(404, "history_disabled", "this control server was started without history");
        }
        Matcher m;
        if ((m = SEND.matcher(path)).matches()) {
            ControlServer.requireMethod("POST", method, path);
            PhoneAccount account = accounts.require(m.group(1));
            history.sendTo(account, body.read().path("device").asInt(1));
            return new ControlServer.Reply(200, status(account));
        }
        if ((m = HISTORY.matcher(path)).matches()) {
            PhoneAccount account = accounts.require(m.group(1));
            if ("POST".equals(method)) {
                history.seed(account, seed(body.read()));
            } else {
                ControlServer.requireMethod("GET", method, path);
            }
            return new ControlServer.Reply(200, status(account));
        }
        ControlServer.requireMethod("POST", method, path);
        JsonNode request = body.read();
        String how = request.path("damageNext").asText("none").toUpperCase(Locale.ROOT);
        try {
            history.damageNext(SimulatedHistory.Damage.valueOf(how), request.path("count").asInt(1));
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "invalid_request", "damageNext must be hash, zlib or none");
        }
        return new ControlServer.Reply(200, json.createObjectNode().put("damageNext", how.toLowerCase(Locale.ROOT)));
    }

    private ObjectNode status(PhoneAccount account) {
        SimulatedHistory.Seed seed = history.seed(account.phoneNumber());
        return json.createObjectNode().put("seeded", seed != null)
                .put("chats", seed == null ? 0 : seed.chats().size())
                .put("messages", seed == null ? 0 : seed.chats().stream().mapToInt(c -> c.messages().size()).sum())
                .put("notificationsSent", history.notificationsSent())
                .put("requestsAnswered", history.requestsAnswered());
    }

    private SimulatedHistory.Seed seed(JsonNode request) {
        List<SimulatedHistory.Chat> chats = new ArrayList<>();
        for (JsonNode c : request.path("chats")) {
            List<SimulatedHistory.Msg> msgs = new ArrayList<>();
            for (JsonNode msg : c.path("messages")) {
                msgs.add(new SimulatedHistory.Msg(require(msg, "id"), msg.path("fromMe").asBoolean(false),
                        msg.hasNonNull("sender") ? msg.get("sender").asText() : null, require(msg, "text"),
                        msg.path("timestamp").asLong(0)));
            }
            chats.add(new SimulatedHistory.Chat(require(c, "jid"), c.hasNonNull("name") ? c.get("name").asText() : null,
                    c.path("archived").asBoolean(false), c.path("pinned").asBoolean(false),
                    c.path("unreadCount").asInt(0), c.path("muteEnd").asLong(0), msgs));
        }
        JsonNode generate = request.path("generate");
        if (generate.isObject()) {
            int n = generate.path("chats").asInt(0);
            int per = generate.path("messagesPerChat").asInt(0);
            if (n < 0 || per < 0 || (long) n * per > MAX_GENERATED) {
                throw new ApiException(400, "invalid_request", "generate at most " + MAX_GENERATED + " messages");
            }
            for (int i = 0; i < n; i++) {
                String jid = String.format("1555%07d@s.whatsapp.net", 9_000_000 + i);
                List<SimulatedHistory.Msg> msgs = new ArrayList<>(per);
                for (int j = 0; j < per; j++) {
                    msgs.add(new SimulatedHistory.Msg("H" + i + "X" + j, j % 2 == 0, null, "history message " + j,
                            1_700_000_000L + j));
                }
                chats.add(new SimulatedHistory.Chat(jid, "Contact " + i, false, false, 0, 0, msgs));
            }
        }
        return new SimulatedHistory.Seed(chats, map(request.path("pushNames")), map(request.path("lidMappings")),
                request.path("messagesPerChunk").asInt(500), request.path("inline").asBoolean(false));
    }

    private static Map<String, String> map(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static String require(JsonNode node, String field) {
        if (!node.hasNonNull(field)) {
            throw new ApiException(400, "invalid_request", "missing " + field);
        }
        return node.get(field).asText();
    }
}

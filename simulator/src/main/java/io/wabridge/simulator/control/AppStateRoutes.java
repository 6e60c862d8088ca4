package io.wabridge.simulator.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wabridge.client.appstate.AppStateCollection;
import io.wabridge.client.appstate.AppStateException;
import io.wabridge.client.appstate.ChatAction;
import io.wabridge.client.store.AppStateVersion;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.appstate.AppStateServer;
import java.io.IOException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The phone's chat state: {@code GET /accounts/{phone}/appstate} lists each collection's version and LTHash (hex);
 * {@code POST /accounts/{phone}/appstate} with {@code {"action":"archive|pin|mute|read|star|contact","chat":jid,
 * "value":bool, "muteUntil":ms, "messageId":id, "fromMe":bool, "name":full name}} makes the change on the phone (a
 * new patch, pushed to every companion) and answers with the collections.
 */
final class AppStateRoutes {
    static final Pattern PATH = Pattern.compile("/accounts/([^/]+)/appstate/?");

    private final AppStateServer server;
    private final ObjectMapper json;

    AppStateRoutes(AppStateServer server, ObjectMapper json) {
        this.server = server;
        this.json = json;
    }

    ControlServer.Reply route(String method, PhoneAccount account, ControlServer.Body body) throws IOException {
        switch (method) {
            case "GET" -> {
                return new ControlServer.Reply(200, view(account));
            }
            case "POST" -> {
                JsonNode r = body.read();
                String chat = r.path("chat").asText("");
                if (chat.isEmpty()) {
                    throw new ApiException(400, "bad_request", "chat is required");
                }
                boolean value = r.path("value").asBoolean(true);
                ChatAction action = switch (r.path("action").asText("")) {
                    case "archive" -> ChatAction.archive(chat, value, 0, List.of());
                    case "pin" -> ChatAction.pin(chat, value);
                    case "mute" -> ChatAction.mute(chat, value, r.path("muteUntil").asLong(-1));
                    case "read" -> ChatAction.markRead(chat, value, 0, List.of());
                    case "star" -> ChatAction.star(chat, r.path("messageId").asText(""), r.path("fromMe").asBoolean(false),
                            null, value);
                    case "contact" -> ChatAction.contactName(chat, r.path("name").asText(""), null);
                    default -> throw new ApiException(400, "bad_request",
                            "action must be one of archive, pin, mute, read, star, contact");
                };
                try {
                    server.phoneChange(account, List.of(action));
                } catch (AppStateException e) {
                    throw new ApiException(500, "app_state", e.getMessage());
                }
                return new ControlServer.Reply(200, view(account));
            }
            default -> throw ControlServer.methodNotAllowed(method, "/accounts/" + account.phoneNumber() + "/appstate");
        }
    }

    private ObjectNode view(PhoneAccount account) {
        ObjectNode out = json.createObjectNode();
        for (AppStateCollection c : AppStateCollection.values()) {
            AppStateVersion v = server.collection(account, c.wireName());
            out.putObject(c.wireName()).put("version", v.version()).put("ltHash", HexFormat.of().formatHex(v.hash()));
        }
        return out;
    }
}

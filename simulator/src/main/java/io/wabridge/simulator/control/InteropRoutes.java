package io.wabridge.simulator.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wabridge.simulator.server.InteropSwitches;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code GET /interop} shows the server's {@link InteropSwitches}; {@code POST /interop} with a JSON object sets the
 * switches it names (and first turns every switch off when it says {@code "reset":true}), answering with all of
 * them: {@code {"successWithoutLid":true,"messageAckClass":"receipt","dropNextMessageAcks":1}}. Unknown names and
 * values of the wrong kind are refused (400) with nothing changed.
 */
final class InteropRoutes {
    private final InteropSwitches switches;
    private final ObjectMapper json;

    InteropRoutes(InteropSwitches switches, ObjectMapper json) {
        this.switches = switches;
        this.json = json;
    }

    ControlServer.Reply route(String method, String path, ControlServer.Body body) throws IOException {
        return switch (method) {
            case "GET" -> new ControlServer.Reply(200, view());
            case "POST" -> {
                JsonNode request = body.read();
                check(request);
                if (request.path("reset").asBoolean(false)) {
                    switches.reset();
                }
                apply(request);
                yield new ControlServer.Reply(200, view());
            }
            default -> throw ControlServer.methodNotAllowed(method, path);
        };
    }

    private ObjectNode view() {
        return json.createObjectNode()
                .put("successWithoutLid", switches.successWithoutLid())
                .put("successLid", switches.successLid())
                .put("pairSuccessWithoutLid", switches.pairSuccessWithoutLid())
                .put("messageAckClass", switches.messageAckClass())
                .put("dropNextMessageAcks", switches.messageAcksToDrop())
                .put("duplicateMessageAcks", switches.duplicateMessageAcks())
                .put("minimalAttributes", switches.minimalAttributes())
                .put("emptyOwnDeviceList", switches.emptyOwnDeviceList())
                .put("withholdOwnPhoneKeys", switches.withholdOwnPhoneKeys())
                .put("preKeyFetchErrorCode", switches.preKeyFetchErrorCode())
                .put("activeIqErrorCode", switches.activeIqErrorCode())
                .put("activeIqAnsweredWithAck", switches.activeIqAnsweredWithAck())
                .put("unknownStanzasAfterLogin", switches.unknownStanzasAfterLogin());
    }

    /** Every field known and of its kind, before anything changes. */
    private void check(JsonNode request) {
        ObjectNode known = view();
        for (Iterator<Map.Entry<String, JsonNode>> it = request.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            boolean ok = switch (name) {
                case "reset", "successWithoutLid", "pairSuccessWithoutLid", "duplicateMessageAcks",
                     "minimalAttributes", "emptyOwnDeviceList", "withholdOwnPhoneKeys", "activeIqAnsweredWithAck",
                     "unknownStanzasAfterLogin" -> value.isBoolean();
                case "successLid", "preKeyFetchErrorCode", "activeIqErrorCode" -> value.isTextual() || value.isNull();
                case "messageAckClass" -> value.isTextual() && !value.asText().isEmpty();
                case "dropNextMessageAcks" -> value.canConvertToInt() && value.isIntegralNumber() && value.asInt() >= 0;
                default -> throw new ApiException(400, "bad_request", "unknown switch \"" + name + "\" (switches: "
                        + String.join(", ", (Iterable<String>) known::fieldNames) + ", reset)");
            };
            if (!ok) {
                throw new ApiException(400, "bad_request", "switch \"" + name + "\" has a value of the wrong kind: "
                        + value);
            }
        }
    }

    private void apply(JsonNode r) {
        flag(r, "successWithoutLid", switches::successWithoutLid);
        text(r, "successLid", switches::successLid);
        flag(r, "pairSuccessWithoutLid", switches::pairSuccessWithoutLid);
        text(r, "messageAckClass", switches::messageAckClass);
        if (r.has("dropNextMessageAcks")) {
            switches.dropNextMessageAcks(r.get("dropNextMessageAcks").asInt());
        }
        flag(r, "duplicateMessageAcks", switches::duplicateMessageAcks);
        flag(r, "minimalAttributes", switches::minimalAttributes);
        flag(r, "emptyOwnDeviceList", switches::emptyOwnDeviceList);
        flag(r, "withholdOwnPhoneKeys", switches::withholdOwnPhoneKeys);
        text(r, "preKeyFetchErrorCode", switches::preKeyFetchErrorCode);
        text(r, "activeIqErrorCode", switches::activeIqErrorCode);
        flag(r, "activeIqAnsweredWithAck", switches::activeIqAnsweredWithAck);
        flag(r, "unknownStanzasAfterLogin", switches::unknownStanzasAfterLogin);
    }

    private static void flag(JsonNode r, String name, Consumer<Boolean> set) {
        if (r.has(name)) {
            set.accept(r.get(name).asBoolean());
        }
    }

    private static void text(JsonNode r, String name, Consumer<String> set) {
        if (r.has(name)) {
            JsonNode value = r.get(name);
            set.accept(value.isNull() ? null : value.asText());
        }
    }
}

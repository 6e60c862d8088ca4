package io.wabridge.bridge.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import io.wabridge.proto.v1.CommandResult;
import io.wabridge.proto.v1.EventEnvelope;
import java.time.Instant;

/**
 * An event as the console's pages show it: a one-line summary, the few fields the pages act on (state, QR as SVG
 * and payload, pairing code, command result) and the event's JSON (without raw message bytes).
 */
final class EventView {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private EventView() {
    }

    static String of(EventEnvelope e) {
        ObjectNode n = JSON.createObjectNode();
        n.put("kind", "event");
        n.put("eventId", e.getEventId());
        n.put("type", e.getEventCase().name().toLowerCase(java.util.Locale.ROOT));
        n.put("occurredAt", instant(e.getOccurredAt()));
        n.put("causationId", e.getCausationId());
        n.put("summary", summary(e));
        switch (e.getEventCase()) {
            case CONNECTION_UPDATE -> n.put("state", e.getConnectionUpdate().getState().name());
            case QR -> {
                // the code itself only while it can still be scanned: a replayed, expired one is just a line
                n.put("expiresAt", instant(e.getQr().getExpiresAt()));
                if (e.getQr().getExpiresAt().getSeconds() > Instant.now().getEpochSecond()) {
                    n.put("qr", e.getQr().getCode());
                    n.put("qrSvg", QrSvg.of(e.getQr().getCode()));
                }
            }
            case PAIRING_CODE -> n.put("pairingCode", e.getPairingCode().getCode());
            case COMMAND_RESULT -> {
                CommandResult r = e.getCommandResult();
                n.put("ok", r.hasOk());
                if (r.hasError()) {
                    n.put("code", r.getError().getCode());
                    n.put("message", r.getError().getMessage());
                }
            }
            default -> { }
        }
        EventEnvelope shown = e.hasMessage() ? e.toBuilder().setMessage(e.getMessage().toBuilder().clearRaw()).build() : e;
        try {
            n.set("event", JSON.readTree(PRINTER.print(shown)));
        } catch (InvalidProtocolBufferException | com.fasterxml.jackson.core.JsonProcessingException ex) {
            n.put("event", "unprintable: " + ex.getMessage());
        }
        return n.toString();
    }

    static String status(boolean kafkaUp, String detail) {
        ObjectNode n = JSON.createObjectNode();
        n.put("kind", "status");
        n.put("kafka", kafkaUp ? "up" : "down");
        n.put("detail", detail);
        return n.toString();
    }

    static String error(String code, String message) {
        ObjectNode n = JSON.createObjectNode();
        n.put("kind", "error");
        n.put("code", code);
        n.put("message", message);
        return n.toString();
    }

    static String summary(EventEnvelope e) {
        return switch (e.getEventCase()) {
            case CONNECTION_UPDATE -> "connection " + e.getConnectionUpdate().getState().name()
                    + (e.getConnectionUpdate().getReason().isEmpty() ? "" : " (" + e.getConnectionUpdate().getReason() + ")");
            case QR -> "new QR code to scan";
            case PAIRING_CODE -> "pairing code " + e.getPairingCode().getCode();
            case PAIRED -> "linked as " + e.getPaired().getMe().getPn();
            case LOGGED_OUT -> "logged out" + (e.getLoggedOut().getReason().isEmpty() ? "" : " (" + e.getLoggedOut().getReason() + ")");
            case MESSAGE -> (e.getMessage().getFromMe() ? "message to " + e.getMessage().getChat()
                    : "message from " + (e.getMessage().getSender().getPn().isEmpty() ? e.getMessage().getChat()
                    : e.getMessage().getSender().getPn())) + ": " + preview(e);
            case COMMAND_RESULT -> "command " + e.getCausationId() + (e.getCommandResult().hasOk() ? " ok"
                    : " failed: " + e.getCommandResult().getError().getCode() + " " + e.getCommandResult().getError().getMessage());
            case RECEIPT -> "receipt " + e.getReceipt().getType();
            default -> e.getEventCase().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String preview(EventEnvelope e) {
        var content = e.getMessage().getContent();
        String text = content.hasExtendedText() ? content.getExtendedText().getText()
                : content.getKindCase() == io.wabridge.proto.v1.MessageContent.KindCase.TEXT ? content.getText()
                : content.getKindCase().name().toLowerCase(java.util.Locale.ROOT);
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }

    private static String instant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos()).toString();
    }
}

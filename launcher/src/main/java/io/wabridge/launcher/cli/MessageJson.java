package io.wabridge.launcher.cli;

import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.message.content.ContactCard;
import io.wabridge.client.message.content.Edit;
import io.wabridge.client.message.content.EphemeralSetting;
import io.wabridge.client.message.content.ExtendedText;
import io.wabridge.client.message.content.Location;
import io.wabridge.client.message.content.MessageContent;
import io.wabridge.client.message.content.Poll;
import io.wabridge.client.message.content.Reaction;
import io.wabridge.client.message.content.Revoke;
import io.wabridge.client.message.content.Text;
import io.wabridge.client.message.content.Unknown;

/** The CLI's JSON lines for received messages, receipts and decrypt failures. */
final class MessageJson {
    private MessageJson() {}

    static JsonLine message(ClientEvent.MessageReceived m) {
        JsonLine json = JsonLine.type("message").field("id", m.id()).field("chat", str(m.chat()))
                .field("sender", str(m.sender())).field("sender_pn", str(m.senderPn()))
                .field("sender_lid", str(m.senderLid())).field("push_name", m.pushName())
                .field("timestamp", m.timestamp().getEpochSecond()).field("from_me", m.fromMe());
        return content(json, m.content());
    }

    static JsonLine receipt(ClientEvent.Receipt r) {
        return JsonLine.type("receipt").field("receipt_type", r.type().jsonName()).field("ids", r.ids())
                .field("from", str(r.from())).field("chat", str(r.chat()))
                .field("timestamp", r.timestamp().getEpochSecond());
    }

    static JsonLine decryptFailed(ClientEvent.DecryptFailed f) {
        return JsonLine.type("decrypt_failed").field("id", f.id()).field("from", str(f.from()))
                .field("cause", f.cause().name().toLowerCase(java.util.Locale.ROOT)).field("reason", f.reason())
                .field("will_retry", f.willRetry());
    }

    static JsonLine content(JsonLine json, MessageContent content) {
        return switch (content) {
            case Text t -> json.field("kind", "text").field("text", t.text());
            case ExtendedText t -> json.field("kind", "extended_text").field("text", t.text());
            case Reaction r -> json.field("kind", "reaction").field("emoji", r.emoji())
                    .field("target_id", r.target().id()).field("target_from_me", r.target().fromMe());
            case Edit e -> json.field("kind", "edit").field("target_id", e.target().id());
            case Revoke r -> json.field("kind", "revoke").field("target_id", r.target().id());
            case Location l -> json.field("kind", "location").field("name", l.name());
            case ContactCard c -> json.field("kind", "contact").field("display_name", c.displayName());
            case Poll p -> json.field("kind", "poll").field("name", p.name()).field("options", p.options());
            case EphemeralSetting e -> json.field("kind", "ephemeral_setting");
            case io.wabridge.client.message.content.Media m -> json.field("kind", m.kind().wireName())
                    .field("mimetype", m.mimetype()).field("size", m.blob().fileLength()).field("caption", m.caption())
                    .field("file_name", m.fileName());
            case Unknown u -> json.field("kind", "unknown");
        };
    }

    private static String str(Jid jid) {
        return jid == null ? null : jid.toString();
    }
}

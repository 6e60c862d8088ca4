package io.wabridge.client.status;

import io.wabridge.client.jid.Jid;
import io.wabridge.client.message.content.MessageContent;
import io.wabridge.proto.wa.Message;
import java.time.Instant;
import java.util.Objects;

/**
 * A status someone posted (a contact, or we from another of our devices), as received from
 * {@code status@broadcast}.
 *
 * @param id        the status's message id (what {@link Statuses#markSeen} names)
 * @param author    the posting device (phone-number or LID JID with device)
 * @param authorPn  the author's phone-number user when known, else null
 * @param authorLid the author's LID user when known, else null
 * @param pushName  the author's display name from the stanza, nullable
 * @param timestamp server time of the post
 * @param fromMe    whether one of our own devices posted it
 * @param content   the typed content (text, media, a revoke of an earlier status, or
 *                  {@link io.wabridge.client.message.content.Unknown})
 * @param message   the decrypted protobuf
 * @param style     a text status's colours and font; null when it has none (media, or plain text)
 */
public record StatusPost(String id, Jid author, Jid authorPn, Jid authorLid, String pushName, Instant timestamp,
                         boolean fromMe, MessageContent content, Message message, Style style) {

    /** A text status's colours (ARGB) and font number, each null when the sender set none. */
    public record Style(Integer textArgb, Integer backgroundArgb, Integer font) {}

    public StatusPost {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(message, "message");
    }

    /** A received status: its style read from the message's {@code extendedTextMessage}, if any. */
    public static StatusPost received(String id, Jid author, Jid authorPn, Jid authorLid, String pushName,
                                      Instant timestamp, boolean fromMe, MessageContent content, Message message) {
        return new StatusPost(id, author, authorPn, authorLid, pushName, timestamp, fromMe, content, message,
                styleOf(message));
    }

    static Style styleOf(Message message) {
        if (!message.hasExtendedTextMessage()) {
            return null;
        }
        var e = message.getExtendedTextMessage();
        if (!e.hasTextArgb() && !e.hasBackgroundArgb() && !e.hasFont()) {
            return null;
        }
        return new Style(e.hasTextArgb() ? e.getTextArgb() : null, e.hasBackgroundArgb() ? e.getBackgroundArgb() : null,
                e.hasFont() ? e.getFont() : null);
    }
}

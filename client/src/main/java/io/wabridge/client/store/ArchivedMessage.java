package io.wabridge.client.store;

import java.util.List;
import java.util.Objects;

/**
 * A message kept in the session's message archive ({@link MessageStore#archive}): one received or sent message of a
 * chat, for quotes, edits and on-demand history. JIDs are strings as the client writes them.
 *
 * @param chat            the chat JID (the key the chat is kept under: its phone-number JID when known)
 * @param id              the message id
 * @param fromMe          sent by one of our own devices
 * @param sender          the sending device's JID
 * @param senderPn        the sender's phone-number JID (user), nullable
 * @param senderLid       the sender's LID (user), nullable
 * @param pushName        the sender's display name from the stanza, nullable
 * @param timestampMillis the message's server time, epoch milliseconds
 * @param message         the serialized WhatsApp {@code Message} protobuf (decrypted content)
 * @param starred         starred on the account (app state's star action)
 * @param labels          the ids of the labels on the message (app state's label_message action), sorted, no
 *                        duplicates; empty when none (never null)
 */
public record ArchivedMessage(String chat, String id, boolean fromMe, String sender, String senderPn, String senderLid,
                              String pushName, long timestampMillis, byte[] message, boolean starred,
                              List<String> labels) {

    public ArchivedMessage {
        Objects.requireNonNull(chat, "chat");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(message, "message");
        if (chat.isEmpty() || id.isEmpty()) {
            throw new IllegalArgumentException("empty chat or message id");
        }
        labels = LabelIds.of(labels);
    }

    /** A message without labels. */
    public ArchivedMessage(String chat, String id, boolean fromMe, String sender, String senderPn, String senderLid,
                           String pushName, long timestampMillis, byte[] message, boolean starred) {
        this(chat, id, fromMe, sender, senderPn, senderLid, pushName, timestampMillis, message, starred, List.of());
    }

    /** A message not starred. */
    public ArchivedMessage(String chat, String id, boolean fromMe, String sender, String senderPn, String senderLid,
                           String pushName, long timestampMillis, byte[] message) {
        this(chat, id, fromMe, sender, senderPn, senderLid, pushName, timestampMillis, message, false, List.of());
    }

    /** The same message with new content (an edit); a star and labels stay. */
    public ArchivedMessage withMessage(byte[] replacement) {
        return new ArchivedMessage(chat, id, fromMe, sender, senderPn, senderLid, pushName, timestampMillis, replacement,
                starred, labels);
    }

    /** The same message starred or not; its labels stay. */
    public ArchivedMessage withStarred(boolean star) {
        return new ArchivedMessage(chat, id, fromMe, sender, senderPn, senderLid, pushName, timestampMillis, message, star,
                labels);
    }

    /** The same message with label {@code labelId} put on ({@code labeled}) or taken off; {@code this} if unchanged. */
    public ArchivedMessage withLabel(String labelId, boolean labeled) {
        List<String> next = LabelIds.with(labels, labelId, labeled);
        return next == labels ? this : new ArchivedMessage(chat, id, fromMe, sender, senderPn, senderLid, pushName,
                timestampMillis, message, starred, next);
    }
}

package io.wabridge.client.store;

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
 */
public record ArchivedMessage(String chat, String id, boolean fromMe, String sender, String senderPn, String senderLid,
                              String pushName, long timestampMillis, byte[] message, boolean starred) {

    public ArchivedMessage {
        Objects.requireNonNull(chat, "chat");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(message, "message");
        if (chat.isEmpty() || id.isEmpty()) {
            throw new IllegalArgumentException("empty chat or message id");
        }
    }

    /** A message not starred. */
    public ArchivedMessage(String chat, String id, boolean fromMe, String sender, String senderPn, String senderLid,
                           String pushName, long timestampMillis, byte[] message) {
        this(chat, id, fromMe, sender, senderPn, senderLid, pushName, timestampMillis, message, false);
    }

    /** The same message with new content (an edit); a star stays. */
    public ArchivedMessage withMessage(byte[] replacement) {
        return new ArchivedMessage(chat, id, fromMe, sender, senderPn, senderLid, pushName, timestampMillis, replacement,
                starred);
    }

    /** The same message starred or not. */
    public ArchivedMessage withStarred(boolean star) {
        return new ArchivedMessage(chat, id, fromMe, sender, senderPn, senderLid, pushName, timestampMillis, message, star);
    }
}

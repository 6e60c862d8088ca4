package io.wabridge.simulator.contact;

import io.wabridge.client.jid.Jid;
import io.wabridge.client.message.content.ExtendedText;
import io.wabridge.client.message.content.MessageContent;
import io.wabridge.client.message.content.Text;
import io.wabridge.proto.wa.Message;
import java.time.Instant;

/**
 * A message a simulated phone received and decrypted.
 *
 * @param seq           position in the phone's inbox (1, 2, ...), for paging through the control API
 * @param id            the message id
 * @param from          the device that sent it, as the stanza's {@code from} named it
 * @param chat          the chat: the sender's user, or for a copy from another device of the phone's own account
 *                      the chat that device sent to
 * @param timestamp     the server's {@code t}
 * @param type          the stanza type ({@code text}, {@code reaction}, {@code media}, ...)
 * @param pushName      the sender's name ({@code notify}), or null
 * @param cipherType    {@code pkmsg} or {@code msg}
 * @param content       what the message says (inside a deviceSentMessage for own-device copies)
 * @param message       the whole decrypted protobuf
 * @param fromOwnDevice whether another device of the same account sent it (a deviceSentMessage copy)
 */
public record ContactMessage(long seq, String id, Jid from, Jid chat, Instant timestamp, String type, String pushName,
                             String cipherType, MessageContent content, Message message, boolean fromOwnDevice) {

    /**
     * The text of a text message (plain or extended, also when fields our schema does not model made the content
     * {@code Unknown}), or null for other kinds.
     */
    public String text() {
        return switch (content) {
            case Text t -> t.text();
            case ExtendedText t -> t.text();
            default -> {
                Message inner = message.hasDeviceSentMessage() ? message.getDeviceSentMessage().getMessage() : message;
                if (inner.hasConversation()) {
                    yield inner.getConversation();
                }
                yield inner.hasExtendedTextMessage() ? inner.getExtendedTextMessage().getText() : null;
            }
        };
    }
}

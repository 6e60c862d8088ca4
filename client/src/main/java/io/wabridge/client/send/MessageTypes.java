package io.wabridge.client.send;

import io.wabridge.proto.wa.Message;
import io.wabridge.proto.wa.ProtocolMessage;

/**
 * The stanza attributes a message's content decides, as WhatsApp clients set them (whatsmeow
 * {@code getTypeFromMessage}/{@code getEditAttribute}, Baileys {@code getMessageType}): {@code type} (text,
 * reaction, poll, media), {@code edit} (1 edit, 7 sender revoke, 8 admin revoke), the {@code <enc mediatype>}
 * and whether the receiver should hide a failed decryption ({@code decrypt-fail=hide}).
 */
public final class MessageTypes {

    public static final String EDIT_MESSAGE = "1";
    public static final String EDIT_SENDER_REVOKE = "7";
    public static final String EDIT_ADMIN_REVOKE = "8";

    private MessageTypes() {
    }

    /** The {@code <message type>}: reaction, poll, media or text. */
    public static String stanzaType(Message m) {
        Message inner = unwrap(m);
        if (inner.hasReactionMessage()) {
            return "reaction";
        }
        if (inner.hasPollCreationMessage() || inner.hasPollCreationMessageV2() || inner.hasPollCreationMessageV3()) {
            return "poll";
        }
        return mediaType(inner) != null ? "media" : "text";
    }

    /** The {@code <enc mediatype>} for media kinds we model (contact cards are "vcard"), else null. */
    public static String mediaType(Message m) {
        Message inner = unwrap(m);
        if (inner.hasContactMessage()) {
            return "vcard";
        }
        if (inner.hasImageMessage()) {
            return "image";
        }
        if (inner.hasVideoMessage()) {
            return inner.getVideoMessage().getGifPlayback() ? "gif" : "video";
        }
        if (inner.hasPtvMessage()) {
            return "ptv";
        }
        if (inner.hasAudioMessage()) {
            return inner.getAudioMessage().getPtt() ? "ptt" : "audio";
        }
        if (inner.hasDocumentMessage()) {
            return "document";
        }
        if (inner.hasStickerMessage()) {
            return "sticker";
        }
        return null;
    }

    /** The {@code <message edit>} attribute, or null. */
    public static String editAttribute(Message m) {
        if (m.hasEditedMessage() && m.getEditedMessage().hasMessage()) {
            return editAttribute(m.getEditedMessage().getMessage());
        }
        if (m.hasProtocolMessage() && m.getProtocolMessage().hasKey()) {
            ProtocolMessage p = m.getProtocolMessage();
            if (p.getType() == ProtocolMessage.Type.REVOKE) {
                return p.getKey().getFromMe() ? EDIT_SENDER_REVOKE : EDIT_ADMIN_REVOKE;
            }
            if (p.getType() == ProtocolMessage.Type.MESSAGE_EDIT && p.hasEditedMessage()) {
                return EDIT_MESSAGE;
            }
        }
        if (m.hasReactionMessage() && m.getReactionMessage().getText().isEmpty()) {
            return EDIT_SENDER_REVOKE;
        }
        return null;
    }

    /** Whether receivers should not show a placeholder when they cannot decrypt it (reactions, edits, revokes). */
    public static boolean hideDecryptFailure(Message m) {
        return editAttribute(m) != null || unwrap(m).hasReactionMessage();
    }

    private static Message unwrap(Message m) {
        Message current = m;
        for (int depth = 0; depth < 4; depth++) {
            if (current.hasEphemeralMessage() && current.getEphemeralMessage().hasMessage()) {
                current = current.getEphemeralMessage().getMessage();
            } else if (current.hasViewOnceMessage() && current.getViewOnceMessage().hasMessage()) {
                current = current.getViewOnceMessage().getMessage();
            } else if (current.hasViewOnceMessageV2() && current.getViewOnceMessageV2().hasMessage()) {
                current = current.getViewOnceMessageV2().getMessage();
            } else if (current.hasDocumentWithCaptionMessage() && current.getDocumentWithCaptionMessage().hasMessage()) {
                current = current.getDocumentWithCaptionMessage().getMessage();
            } else {
                return current;
            }
        }
        return current;
    }
}

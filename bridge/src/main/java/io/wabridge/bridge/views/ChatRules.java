package io.wabridge.bridge.views;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import io.wabridge.proto.v1.ChatView;
import io.wabridge.proto.v1.MessageContent;
import io.wabridge.proto.v1.MessageEvent;

/**
 * How messages and this account's reads change a chat. The last message is the newest by WhatsApp's timestamp
 * (ties: the greater id), whatever order the events come in. Unread counts distinct inbound messages newer than
 * the last read; the processor calls {@link #message} once per message id.
 */
final class ChatRules {

    /** Longest preview kept, in UTF-16 code units (a surrogate pair is never split). */
    static final int PREVIEW_LENGTH = 100;

    private ChatRules() {
    }

    /**
     * True for messages that are chat entries; reactions, edits and revokes change an earlier message instead, and
     * status updates ({@code status@broadcast}) are no chat.
     */
    static boolean isChatMessage(MessageEvent m) {
        if (m.getChat().isEmpty() || m.getChat().equals("status@broadcast")) {
            return false;
        }
        return switch (m.getContent().getKindCase()) {
            case REACTION, EDIT, REVOKE -> false;
            default -> true;
        };
    }

    /** The chat after one distinct message sent at {@code at}; {@code previous} is null for a new chat. */
    static ChatView message(ChatView previous, MessageEvent m, Timestamp at) {
        ChatView.Builder c = previous == null ? ChatView.newBuilder().setChat(m.getChat()) : previous.toBuilder();
        ChatView.LastMessage candidate = ChatView.LastMessage.newBuilder()
                .setId(m.getId()).setSender(m.getSender()).setKind(kind(m)).setPreview(preview(m.getContent()))
                .setTimestamp(at).setFromMe(m.getFromMe()).build();
        if (!c.hasLastMessage() || newer(candidate, c.getLastMessage())) {
            c.setLastMessage(candidate);
        }
        if (m.getFromMe()) {
            // Writing in a chat reads it, as WhatsApp's apps show it.
            read(c, at, Integer.MAX_VALUE);
        } else if (!c.hasLastReadAt() || Timestamps.compare(at, c.getLastReadAt()) > 0) {
            c.setUnread(c.getUnread() + 1);
        }
        return c.build();
    }

    /**
     * The chat after this account read {@code messages} messages of it at {@code at}: everything up to that time is
     * read; a read older than the newest message (arriving late) takes off only what it covered.
     */
    static ChatView read(ChatView previous, String chat, Timestamp at, int messages) {
        ChatView.Builder c = previous == null ? ChatView.newBuilder().setChat(chat) : previous.toBuilder();
        read(c, at, messages);
        return c.build();
    }

    private static void read(ChatView.Builder c, Timestamp at, int messages) {
        if (!c.hasLastReadAt() || Timestamps.compare(at, c.getLastReadAt()) > 0) {
            c.setLastReadAt(at);
        }
        if (!c.hasLastMessage() || Timestamps.compare(at, c.getLastMessage().getTimestamp()) >= 0) {
            c.setUnread(0);
        } else {
            c.setUnread(Math.max(0, c.getUnread() - messages));
        }
    }

    private static boolean newer(ChatView.LastMessage a, ChatView.LastMessage b) {
        int byTime = Timestamps.compare(a.getTimestamp(), b.getTimestamp());
        return byTime > 0 || byTime == 0 && a.getId().compareTo(b.getId()) >= 0;
    }

    /**
     * The content kind: its field name in MessageContent ("text", "extended_text", ...), for media the media kind
     * ("image", "video", "gif", "audio", "ptt", "document", "sticker"), "raw" for a kind the bridge does not map.
     */
    static String kind(MessageEvent m) {
        MessageContent c = m.getContent();
        if (c.getKindCase() == MessageContent.KindCase.KIND_NOT_SET) {
            return "raw";
        }
        if (c.getKindCase() == MessageContent.KindCase.MEDIA) {
            String name = c.getMedia().getKind().name();
            return name.startsWith("MEDIA_KIND_") ? name.substring("MEDIA_KIND_".length()).toLowerCase(
                    java.util.Locale.ROOT) : "media";
        }
        return MessageContent.getDescriptor().findFieldByNumber(c.getKindCase().getNumber()).getName();
    }

    static String preview(MessageContent content) {
        String text = switch (content.getKindCase()) {
            case TEXT -> content.getText();
            case EXTENDED_TEXT -> content.getExtendedText().getText();
            case LOCATION -> content.getLocation().getName();
            case CONTACT -> content.getContact().getDisplayName();
            case POLL -> content.getPoll().getName();
            case MEDIA -> content.getMedia().getCaption().isEmpty() ? content.getMedia().getFileName()
                    : content.getMedia().getCaption();
            default -> "";
        };
        if (text.length() <= PREVIEW_LENGTH) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(PREVIEW_LENGTH - 1)) ? PREVIEW_LENGTH - 1 : PREVIEW_LENGTH;
        return text.substring(0, end);
    }
}

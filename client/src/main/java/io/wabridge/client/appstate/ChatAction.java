package io.wabridge.client.appstate;

import io.wabridge.proto.wa.MessageKey;
import io.wabridge.proto.wa.SyncActionValue;
import java.util.List;
import java.util.Objects;

/**
 * A change of chat state we send as an app-state mutation: its collection, index, value and action version
 * (whatsmeow appstate/encode.go, Baileys chatModificationToAppPatch). Build with the static factories.
 *
 * @param collection where the mutation goes
 * @param index      the index array
 * @param value      the action value (the encoder stamps the timestamp)
 * @param version    the action's version
 */
public record ChatAction(AppStateCollection collection, List<String> index, SyncActionValue value, int version) {

    public ChatAction {
        Objects.requireNonNull(collection, "collection");
        index = List.copyOf(index);
        Objects.requireNonNull(value, "value");
    }

    /**
     * Archives or unarchives {@code chat}; {@code lastMessageTimestamp} (seconds, 0 if unknown) and the last messages'
     * keys let other devices archive exactly up to there.
     */
    public static ChatAction archive(String chat, boolean archived, long lastMessageTimestamp, List<MessageKey> lastMessages) {
        SyncActionValue.ArchiveChatAction.Builder a = SyncActionValue.ArchiveChatAction.newBuilder().setArchived(archived)
                .setMessageRange(range(lastMessageTimestamp, lastMessages));
        return new ChatAction(AppStateCollection.REGULAR_LOW, List.of("archive", chat),
                SyncActionValue.newBuilder().setArchiveChatAction(a).build(), 3);
    }

    public static ChatAction pin(String chat, boolean pinned) {
        return new ChatAction(AppStateCollection.REGULAR_LOW, List.of("pin_v1", chat),
                SyncActionValue.newBuilder().setPinAction(SyncActionValue.PinAction.newBuilder().setPinned(pinned)).build(), 5);
    }

    /** Mutes until {@code muteEndMillis} (epoch milliseconds; -1 for ever), or unmutes when {@code muted} is false. */
    public static ChatAction mute(String chat, boolean muted, long muteEndMillis) {
        SyncActionValue.MuteAction.Builder m = SyncActionValue.MuteAction.newBuilder().setMuted(muted);
        if (muted) {
            m.setMuteEndTimestamp(muteEndMillis);
        }
        return new ChatAction(AppStateCollection.REGULAR_HIGH, List.of("mute", chat),
                SyncActionValue.newBuilder().setMuteAction(m).build(), 2);
    }

    public static ChatAction markRead(String chat, boolean read, long lastMessageTimestamp, List<MessageKey> lastMessages) {
        SyncActionValue.MarkChatAsReadAction.Builder r = SyncActionValue.MarkChatAsReadAction.newBuilder().setRead(read)
                .setMessageRange(range(lastMessageTimestamp, lastMessages));
        return new ChatAction(AppStateCollection.REGULAR_LOW, List.of("markChatAsRead", chat),
                SyncActionValue.newBuilder().setMarkChatAsReadAction(r).build(), 3);
    }

    /** Stars a message; {@code participant}: the sender in a group chat (null otherwise). */
    public static ChatAction star(String chat, String messageId, boolean fromMe, String participant, boolean starred) {
        return new ChatAction(AppStateCollection.REGULAR_HIGH,
                List.of("star", chat, messageId, fromMe ? "1" : "0", participant == null || participant.isEmpty() ? "0" : participant),
                SyncActionValue.newBuilder().setStarAction(SyncActionValue.StarAction.newBuilder().setStarred(starred)).build(), 2);
    }

    /** Sets the name we keep for {@code jid} in the address book ({@code firstName} may be null). */
    public static ChatAction contactName(String jid, String fullName, String firstName) {
        SyncActionValue.ContactAction.Builder c = SyncActionValue.ContactAction.newBuilder().setFullName(fullName)
                .setSaveOnPrimaryAddressbook(true);
        if (firstName != null) {
            c.setFirstName(firstName);
        }
        return new ChatAction(AppStateCollection.CRITICAL_UNBLOCK_LOW, List.of("contact", jid),
                SyncActionValue.newBuilder().setContactAction(c).build(), 2);
    }

    /** Sets the account's push name (the name contacts see), kept in {@code critical_block} for every device. */
    public static ChatAction pushName(String name) {
        return new ChatAction(AppStateCollection.CRITICAL_BLOCK, List.of("setting_pushName"), SyncActionValue.newBuilder()
                .setPushNameSetting(SyncActionValue.PushNameSetting.newBuilder().setName(name)).build(), 1);
    }

    /**
     * Creates, renames or recolours the label {@code labelId} (the account's labels are numbered "1", "2", ...), or
     * deletes it ({@code deleted}); {@code color}: an index into WhatsApp's palette (0-19).
     */
    public static ChatAction labelEdit(String labelId, String name, int color, boolean deleted) {
        SyncActionValue.LabelEditAction.Builder l = SyncActionValue.LabelEditAction.newBuilder().setColor(color)
                .setDeleted(deleted);
        if (name != null) {
            l.setName(name);
        }
        return new ChatAction(AppStateCollection.REGULAR, List.of("label_edit", labelId),
                SyncActionValue.newBuilder().setLabelEditAction(l).build(), 3);
    }

    /**
     * Puts the label on ({@code labeled}) or takes it off {@code chat}, or off one of its messages when
     * {@code messageId} is not null.
     */
    public static ChatAction label(String labelId, String chat, String messageId, boolean labeled) {
        List<String> index = messageId == null ? List.of("label_jid", labelId, chat)
                : List.of("label_message", labelId, chat, messageId, "0", "0");
        return new ChatAction(AppStateCollection.REGULAR, index, SyncActionValue.newBuilder().setLabelAssociationAction(
                SyncActionValue.LabelAssociationAction.newBuilder().setLabeled(labeled)).build(), 3);
    }

    private static SyncActionValue.SyncActionMessageRange range(long lastMessageTimestamp, List<MessageKey> lastMessages) {
        SyncActionValue.SyncActionMessageRange.Builder r = SyncActionValue.SyncActionMessageRange.newBuilder();
        if (lastMessageTimestamp > 0) {
            r.setLastMessageTimestamp(lastMessageTimestamp);
        }
        for (MessageKey key : lastMessages) {
            r.addMessages(SyncActionValue.SyncActionMessage.newBuilder().setKey(key).setTimestamp(lastMessageTimestamp));
        }
        return r.build();
    }
}

package io.wabridge.client.appstate;

import io.wabridge.proto.wa.SyncActionValue;

/**
 * What an applied mutation means, typed for the actions the bridge publishes; everything else is {@link Raw}.
 * A REMOVE mutation (the action was withdrawn, e.g. a label taken off) arrives with {@code removed} set on
 * {@link AppStateChange}.
 */
public sealed interface AppStateUpdate {

    /** Mute until {@code muteEndMillis} (epoch ms, -1 for ever) or unmute. */
    record Mute(String chat, boolean muted, long muteEndMillis) implements AppStateUpdate {}

    record Pin(String chat, boolean pinned) implements AppStateUpdate {}

    record Archive(String chat, boolean archived) implements AppStateUpdate {}

    /** Marked read ({@code read}) or unread. */
    record MarkRead(String chat, boolean read) implements AppStateUpdate {}

    /** {@code participant}: the sender in a group, null otherwise. */
    record Star(String chat, String messageId, boolean fromMe, String participant, boolean starred) implements AppStateUpdate {}

    record DeleteMessageForMe(String chat, String messageId, boolean fromMe, String participant) implements AppStateUpdate {}

    record DeleteChat(String chat) implements AppStateUpdate {}

    record ClearChat(String chat) implements AppStateUpdate {}

    /** Our address-book name for {@code jid}; {@code lid}/{@code pn} when the action names the other identity. */
    record ContactName(String jid, String fullName, String firstName, String lid, String pn) implements AppStateUpdate {}

    record PushName(String name) implements AppStateUpdate {}

    /** A label created, renamed, recoloured or deleted. */
    record LabelEdit(String labelId, String name, int color, boolean deleted) implements AppStateUpdate {}

    /** A label put on ({@code labeled}) or taken off a chat, or a message when {@code messageId} is set. */
    record LabelAssociation(String labelId, String chat, String messageId, boolean labeled) implements AppStateUpdate {}

    record Locale(String locale) implements AppStateUpdate {}

    /** An action we do not model (or one whose index is too short): kept whole. */
    record Raw(java.util.List<String> index, SyncActionValue value) implements AppStateUpdate {}

    /** The typed meaning of {@code m}. */
    static AppStateUpdate of(Mutation m) {
        SyncActionValue v = m.value();
        String a1 = m.indexAt(1);
        AppStateUpdate typed = switch (m.action()) {
            case "mute" -> a1 == null || !v.hasMuteAction() ? null
                    : new Mute(a1, v.getMuteAction().getMuted(), v.getMuteAction().getMuteEndTimestamp());
            case "pin_v1" -> a1 == null || !v.hasPinAction() ? null : new Pin(a1, v.getPinAction().getPinned());
            case "archive" -> a1 == null || !v.hasArchiveChatAction() ? null
                    : new Archive(a1, v.getArchiveChatAction().getArchived());
            case "markChatAsRead" -> a1 == null || !v.hasMarkChatAsReadAction() ? null
                    : new MarkRead(a1, v.getMarkChatAsReadAction().getRead());
            case "star" -> m.index().size() < 4 || !v.hasStarAction() ? null
                    : new Star(a1, m.indexAt(2), "1".equals(m.indexAt(3)), participant(m.indexAt(4)), v.getStarAction().getStarred());
            case "deleteMessageForMe" -> m.index().size() < 4 ? null
                    : new DeleteMessageForMe(a1, m.indexAt(2), "1".equals(m.indexAt(3)), participant(m.indexAt(4)));
            case "deleteChat" -> a1 == null ? null : new DeleteChat(a1);
            case "clearChat" -> a1 == null ? null : new ClearChat(a1);
            case "contact" -> a1 == null || !v.hasContactAction() ? null : contact(a1, v.getContactAction());
            case "setting_pushName" -> v.hasPushNameSetting() ? new PushName(v.getPushNameSetting().getName()) : null;
            case "setting_locale" -> v.hasLocaleSetting() ? new Locale(v.getLocaleSetting().getLocale()) : null;
            case "label_edit" -> a1 == null || !v.hasLabelEditAction() ? null
                    : new LabelEdit(a1, v.getLabelEditAction().getName(), v.getLabelEditAction().getColor(),
                            v.getLabelEditAction().getDeleted());
            case "label_jid" -> m.index().size() < 3 || !v.hasLabelAssociationAction() ? null
                    : new LabelAssociation(a1, m.indexAt(2), null, v.getLabelAssociationAction().getLabeled());
            case "label_message" -> m.index().size() < 4 || !v.hasLabelAssociationAction() ? null
                    : new LabelAssociation(a1, m.indexAt(2), m.indexAt(3), v.getLabelAssociationAction().getLabeled());
            default -> null;
        };
        return typed != null ? typed : new Raw(m.index(), v);
    }

    private static String participant(String p) {
        return p == null || p.isEmpty() || "0".equals(p) ? null : p;
    }

    private static ContactName contact(String jid, SyncActionValue.ContactAction c) {
        return new ContactName(jid, c.hasFullName() ? c.getFullName() : null, c.hasFirstName() ? c.getFirstName() : null,
                c.hasLidJid() ? c.getLidJid() : null, c.hasPnJid() ? c.getPnJid() : null);
    }
}

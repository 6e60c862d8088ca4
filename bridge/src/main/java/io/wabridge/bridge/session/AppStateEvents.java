package io.wabridge.bridge.session;

import io.wabridge.bridge.contract.EventFactory;
import io.wabridge.client.appstate.AppStateChange;
import io.wabridge.client.appstate.AppStateUpdate;
import io.wabridge.client.appstate.ChatAction;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.proto.v1.AppStateError;
import io.wabridge.proto.v1.ChatUpdate;
import io.wabridge.proto.v1.CommandEnvelope;
import io.wabridge.proto.v1.EventEnvelope;
import io.wabridge.proto.wa.MessageKey;
import java.time.Instant;
import java.util.List;

/**
 * App state in the contract: the six chat commands become {@link ChatAction}s, applied mutations become
 * {@code chat_update} events and refused patches {@code app_state_error} events.
 */
public final class AppStateEvents {

    private AppStateEvents() {
    }

    /** The action of a validated app-state command. */
    public static ChatAction action(CommandEnvelope command) {
        return switch (command.getCommandCase()) {
            case ARCHIVE_CHAT -> {
                var a = command.getArchiveChat();
                yield ChatAction.archive(a.getChat(), a.getArchived(), a.getLastMessageTimestamp(), List.<MessageKey>of());
            }
            case PIN_CHAT -> ChatAction.pin(command.getPinChat().getChat(), command.getPinChat().getPinned());
            case MUTE_CHAT -> {
                var m = command.getMuteChat();
                long until = m.hasMuteUntil() ? m.getMuteUntil().getSeconds() * 1000 + m.getMuteUntil().getNanos() / 1_000_000 : -1;
                yield ChatAction.mute(m.getChat(), m.getMuted(), until);
            }
            case MARK_CHAT_READ -> {
                var r = command.getMarkChatRead();
                yield ChatAction.markRead(r.getChat(), r.getRead(), r.getLastMessageTimestamp(), List.<MessageKey>of());
            }
            case STAR_MESSAGE -> {
                var m = command.getStarMessage();
                yield ChatAction.star(m.getChat(), m.getMessageId(), m.getFromMe(), m.getSender().isEmpty() ? null : m.getSender(),
                        m.getStarred());
            }
            case SET_CONTACT_NAME -> {
                var c = command.getSetContactName();
                yield ChatAction.contactName(c.getJid(), c.getFullName(), c.getFirstName().isEmpty() ? null : c.getFirstName());
            }
            case EDIT_LABEL -> {
                var l = command.getEditLabel();
                yield ChatAction.labelEdit(l.getLabelId(), l.getName().isEmpty() ? null : l.getName(), l.getColor(), l.getDeleted());
            }
            case LABEL_CHAT -> {
                var l = command.getLabelChat();
                yield ChatAction.label(l.getLabelId(), l.getChat(), l.getMessageId().isEmpty() ? null : l.getMessageId(),
                        l.getLabeled());
            }
            default -> throw new IllegalArgumentException(command.getCommandCase() + " is not an app-state command");
        };
    }

    /** Sets chat_update or app_state_error on {@code envelope} and returns true, or false for any other event. */
    public static boolean map(ClientEvent event, EventEnvelope.Builder envelope) {
        switch (event) {
            case ClientEvent.AppStateChanged c -> envelope.setChatUpdate(chatUpdate(c.change()));
            case ClientEvent.AppStateSyncFailed f -> envelope.setAppStateError(AppStateError.newBuilder()
                    .setCollection(f.collection()).setVersion(f.version()).setKind(kind(f.kind()))
                    .setReason(f.reason()).setRecovering(f.recovering()).setFatal(f.fatal()).setAttempt(f.attempt())
                    .setRetryInSeconds(f.retryIn() == null ? 0 : (int) Math.min(Integer.MAX_VALUE,
                            (f.retryIn().toMillis() + 999) / 1000)));
            default -> {
                return false;
            }
        }
        return true;
    }

    public static ChatUpdate chatUpdate(AppStateChange change) {
        ChatUpdate.Builder b = ChatUpdate.newBuilder().setCollection(change.collection()).setVersion(change.version())
                .setFromSnapshot(change.snapshot()).setRemoved(change.removed());
        if (change.timestamp() != null) {
            b.setActionTime(EventFactory.timestamp(change.timestamp()));
        }
        switch (change.update()) {
            case AppStateUpdate.Archive a -> b.setAction(ChatUpdate.Action.ARCHIVE).setChat(a.chat()).setValue(a.archived());
            case AppStateUpdate.Pin p -> b.setAction(ChatUpdate.Action.PIN).setChat(p.chat()).setValue(p.pinned());
            case AppStateUpdate.Mute m -> {
                b.setAction(ChatUpdate.Action.MUTE).setChat(m.chat()).setValue(m.muted());
                if (m.muted() && m.muteEndMillis() > 0) {
                    b.setMuteUntil(EventFactory.timestamp(Instant.ofEpochMilli(m.muteEndMillis())));
                }
            }
            case AppStateUpdate.MarkRead r -> b.setAction(ChatUpdate.Action.READ).setChat(r.chat()).setValue(r.read());
            case AppStateUpdate.Star s -> b.setAction(ChatUpdate.Action.STAR).setChat(s.chat()).setValue(s.starred())
                    .setMessageId(s.messageId()).setFromMe(s.fromMe()).setSender(nullToEmpty(s.participant()));
            case AppStateUpdate.DeleteMessageForMe d -> b.setAction(ChatUpdate.Action.DELETE_MESSAGE).setChat(d.chat())
                    .setMessageId(d.messageId()).setFromMe(d.fromMe()).setSender(nullToEmpty(d.participant()));
            case AppStateUpdate.DeleteChat d -> b.setAction(ChatUpdate.Action.DELETE).setChat(d.chat());
            case AppStateUpdate.ClearChat c -> b.setAction(ChatUpdate.Action.CLEAR).setChat(c.chat());
            case AppStateUpdate.ContactName c -> b.setAction(ChatUpdate.Action.CONTACT_NAME).setChat(c.jid())
                    .setName(nullToEmpty(c.fullName())).setFirstName(nullToEmpty(c.firstName()))
                    .setLid(nullToEmpty(c.lid())).setPn(nullToEmpty(c.pn()));
            case AppStateUpdate.PushName p -> b.setAction(ChatUpdate.Action.PUSH_NAME).setName(nullToEmpty(p.name()));
            case AppStateUpdate.Locale l -> b.setAction(ChatUpdate.Action.LOCALE).setName(nullToEmpty(l.locale()));
            case AppStateUpdate.LabelEdit l -> b.setAction(ChatUpdate.Action.LABEL_EDIT).setLabelId(l.labelId())
                    .setLabelName(nullToEmpty(l.name())).setLabelColor(l.color()).setLabelDeleted(l.deleted());
            case AppStateUpdate.LabelAssociation l -> b.setAction(ChatUpdate.Action.LABEL).setLabelId(l.labelId())
                    .setChat(nullToEmpty(l.chat())).setMessageId(nullToEmpty(l.messageId())).setValue(l.labeled());
            case AppStateUpdate.Raw r -> b.setAction(ChatUpdate.Action.OTHER).addAllIndex(r.index())
                    .setRawValue(r.value().toByteString());
        }
        return b.build();
    }

    private static AppStateError.Kind kind(String kind) {
        return switch (kind) {
            case "MISSING_KEY" -> AppStateError.Kind.MISSING_KEY;
            case "MAC_MISMATCH" -> AppStateError.Kind.MAC_MISMATCH;
            case "MALFORMED" -> AppStateError.Kind.MALFORMED;
            case "STORE" -> AppStateError.Kind.STORE;
            default -> AppStateError.Kind.KIND_UNSPECIFIED;
        };
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}

package io.wabridge.client.chats;

import io.wabridge.client.appstate.AppStateChange;
import io.wabridge.client.appstate.AppStateException;
import io.wabridge.client.appstate.AppStateSync;
import io.wabridge.client.appstate.AppStateUpdate;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.lid.LidMappings;
import io.wabridge.client.store.ChatThread;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what app state and history sync say about contacts, chats and messages into the session's stores through
 * its {@link ChatBook}, so that {@code contacts()}/{@code chats()} and the message archive show them:
 * <ul>
 * <li>app state: contact names (and the LID mapping a contact action names), archive, pin, mute, mark read/unread,
 *     delete chat, clear chat, delete message for me; applied before the change is reported, withdrawn actions
 *     (REMOVE mutations) and the rest (stars, labels, locale, our own push name) are reported only;</li>
 * <li>history sync: push names, conversations (name, unread count, archive, pin, mute, last message time) and
 *     messages (archived as received ones).</li>
 * </ul>
 * Runs on the session executor (where app state reports and history parts are handed off); the writes themselves go
 * through the chat book's write lane, off that executor. A failure here is logged and never stops the report.
 */
public final class AccountStateWriter {
    private static final Logger LOG = LoggerFactory.getLogger(AccountStateWriter.class);

    private final Supplier<ChatBook> book;
    private final Supplier<LidMappings> lids;

    public AccountStateWriter(Supplier<ChatBook> book, Supplier<LidMappings> lids) {
        this.book = Objects.requireNonNull(book, "book");
        this.lids = Objects.requireNonNull(lids, "lids");
    }

    /** An app-state listener that applies each change here first, then tells {@code next}. */
    public AppStateSync.Listener appState(AppStateSync.Listener next) {
        return new AppStateSync.Listener() {
            @Override
            public void changed(AppStateChange change) {
                try {
                    apply(change);
                } catch (RuntimeException e) {
                    LOG.warn("app-state change {} not applied to the chats and contacts: {}", change.update(), e.toString());
                }
                next.changed(change);
            }

            @Override
            public void failed(AppStateException error, boolean recovering) {
                next.failed(error, recovering);
            }

            @Override
            public void fatal(AppStateException error) {
                next.fatal(error);
            }
        };
    }

    /** Applies one app-state change to the stores (on the session executor). */
    public void apply(AppStateChange change) {
        if (change.removed()) {
            return;
        }
        ChatBook chats = book.get();
        switch (change.update()) {
            case AppStateUpdate.Archive a -> chat(a.chat(), c -> with(c, a.archived(), c.pinned(), c.muteEndTimestamp(), c.unreadCount()));
            case AppStateUpdate.Pin p -> chat(p.chat(), c -> with(c, c.archived(), p.pinned(), c.muteEndTimestamp(), c.unreadCount()));
            case AppStateUpdate.Mute m -> chat(m.chat(), c -> with(c, c.archived(), c.pinned(),
                    !m.muted() ? 0 : m.muteEndMillis() < 0 ? -1 : m.muteEndMillis() / 1000, c.unreadCount()));
            // marked unread: one unread (WhatsApp shows a dot) unless it has some already
            case AppStateUpdate.MarkRead r -> chat(r.chat(), c -> with(c, c.archived(), c.pinned(), c.muteEndTimestamp(),
                    r.read() ? 0 : Math.max(1, c.unreadCount())));
            case AppStateUpdate.DeleteChat d -> {
                Jid jid = Jid.tryParse(d.chat());
                if (jid != null) {
                    chats.deleteChat(jid);
                }
            }
            case AppStateUpdate.ClearChat c -> {
                Jid jid = Jid.tryParse(c.chat());
                if (jid != null) {
                    chats.clearChat(jid);
                }
            }
            case AppStateUpdate.DeleteMessageForMe d -> {
                Jid jid = Jid.tryParse(d.chat());
                if (jid != null) {
                    chats.deleteMessage(jid, d.messageId());
                }
            }
            case AppStateUpdate.ContactName n -> contactName(chats, n);
            default -> { } // stars, labels, our own push name, locale, raw: reported only
        }
    }

    /** A history hand-off that writes each part here first, then hands it to {@code next}. */
    public java.util.function.Function<ClientEvent, java.util.concurrent.CompletionStage<Void>> historyHandOff(
            java.util.function.Function<ClientEvent, java.util.concurrent.CompletionStage<Void>> next) {
        return event -> {
            if (event instanceof ClientEvent.HistorySync part && part.failure() == null) {
                try {
                    history(part);
                } catch (RuntimeException e) {
                    LOG.warn("history part {} not written to the chats and contacts: {}", part.notificationId(), e.toString());
                }
            }
            return next.apply(event);
        };
    }

    /** A history part: push names, conversations and messages into the stores (on the session executor). */
    public void history(ClientEvent.HistorySync part) {
        ChatBook chats = book.get();
        for (ClientEvent.HistoryPushName p : part.pushNames()) {
            chats.pushName(p.jid(), p.name());
        }
        for (ClientEvent.HistoryConversation c : part.conversations()) {
            if (!(c.id().isPn() || c.id().isLid() || c.id().isGroup())) {
                continue;
            }
            chats.updateChat(c.id(), t -> new ChatThread(t.jid(), c.name() != null ? c.name() : t.name(),
                    c.lastMessageAt() == null ? t.lastMessageTimestamp()
                            : Math.max(t.lastMessageTimestamp(), c.lastMessageAt().getEpochSecond()),
                    c.markedAsUnread() ? Math.max(1, c.unreadCount()) : c.unreadCount(), c.archived(), c.pinned(),
                    c.muteEnd() == null ? 0 : c.muteEnd().getEpochSecond(),
                    c.ephemeralExpiration() > 0 ? c.ephemeralExpiration() : t.ephemeralExpiration(),
                    c.ephemeralExpiration() > 0 ? 0 : t.ephemeralSettingTimestamp()));
        }
        chats.archiveHistory(part.messages());
    }

    private void contactName(ChatBook chats, AppStateUpdate.ContactName n) {
        Jid jid = Jid.tryParse(n.jid());
        if (jid == null) {
            return;
        }
        Jid pn = n.pn() != null ? Jid.tryParse(n.pn()) : jid.isPn() ? jid : null;
        Jid lid = n.lid() != null ? Jid.tryParse(n.lid()) : jid.isLid() ? jid : null;
        if (pn != null && lid != null && pn.isPn() && lid.isLid()) {
            lids.get().learn(pn.toNonAd(), lid.toNonAd(), LidMappings.Source.APP_STATE);
        }
        chats.contactNames(jid, n.fullName(), n.firstName());
    }

    private void chat(String chat, java.util.function.UnaryOperator<ChatThread> change) {
        Jid jid = Jid.tryParse(chat);
        if (jid == null || !(jid.isPn() || jid.isLid() || jid.isGroup())) {
            return;
        }
        book.get().updateChat(jid, change);
    }

    private static ChatThread with(ChatThread c, boolean archived, boolean pinned, long muteEnd, int unread) {
        return new ChatThread(c.jid(), c.name(), c.lastMessageTimestamp(), unread, archived, pinned, muteEnd,
                c.ephemeralExpiration(), c.ephemeralSettingTimestamp());
    }
}

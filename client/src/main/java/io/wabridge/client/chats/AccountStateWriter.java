package io.wabridge.client.chats;

import io.wabridge.client.appstate.AppStateChange;
import io.wabridge.client.auth.CredentialsCell;
import io.wabridge.client.store.Credentials;
import io.wabridge.client.appstate.AppStateException;
import io.wabridge.client.appstate.AppStateSync;
import io.wabridge.client.appstate.AppStateUpdate;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.lid.LidMappings;
import io.wabridge.client.store.ChatLabel;
import io.wabridge.client.store.ChatThread;
import io.wabridge.client.store.StoreException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what app state and history sync say about contacts, chats and messages into the session's stores through
 * its {@link ChatBook}, so that {@code contacts()}/{@code chats()} and the message archive show them:
 * <ul>
 * <li>app state: contact names (and the LID mapping a contact action names), archive, pin, mute, mark read/unread,
 *     delete chat, clear chat, delete message for me, stars and labels of messages (on the archived message), labels
 *     (created, edited, deleted) and the labels of chats; a patch's changes, the LID mappings included, are stored as
 *     one unit before they are reported and before the patch's version is stored
 *     ({@link AppStateSync.Listener#applied}); a withdrawn star, label, chat label or message label (REMOVE mutation)
 *     is taken off; our own push name and the account's locale go into the credentials (so a session resumed on
 *     another worker has them); other withdrawn actions are reported only;</li>
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
    private final Supplier<CredentialsCell> credentials;

    /** @param credentials the session's credentials (our own push name and the locale go there) */
    public AccountStateWriter(Supplier<ChatBook> book, Supplier<LidMappings> lids, Supplier<CredentialsCell> credentials) {
        this.book = Objects.requireNonNull(book, "book");
        this.lids = Objects.requireNonNull(lids, "lids");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
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

            /**
             * A patch's changes as one unit: all applied here (their writes queued on the chat book's lane), then
             * reported to {@code next} once every one of them is stored; fails when one was not (the sync then keeps
             * the collection's version, and applies the patch again on the next sync).
             */
            @Override
            public CompletableFuture<Void> applied(List<AppStateChange> changes) {
                CompletableFuture<Void> stored = book.get().stored(() -> {
                    for (AppStateChange change : changes) {
                        try {
                            apply(change);
                        } catch (StoreException e) {
                            throw e; // the store: the unit fails, the patch comes again
                        } catch (RuntimeException e) {
                            // one odd change must not hold the collection back for ever: logged, the rest applies
                            LOG.warn("app-state change {} not applied to the chats and contacts: {}", change.update(), e.toString());
                        }
                    }
                });
                return stored.thenCompose(ignored -> next.applied(changes));
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
        ChatBook chats = book.get();
        if (change.removed()) {
            // a withdrawn label or label assignment: it is gone; other withdrawn actions change nothing stored
            switch (change.update()) {
                case AppStateUpdate.LabelEdit l -> chats.label(new ChatLabel(l.labelId(), l.name(), l.color()), true);
                case AppStateUpdate.LabelAssociation l when l.messageId() == null -> chat(l.chat(), c -> c.withLabel(l.labelId(), false));
                case AppStateUpdate.LabelAssociation l -> labelMessage(chats, l, false);
                case AppStateUpdate.Star s -> star(chats, s.chat(), s.messageId(), false);
                default -> { }
            }
            return;
        }
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
            case AppStateUpdate.LabelEdit l -> chats.label(new ChatLabel(l.labelId(), l.name(), l.color()), l.deleted());
            case AppStateUpdate.Star s -> star(chats, s.chat(), s.messageId(), s.starred());
            case AppStateUpdate.LabelAssociation l when l.messageId() == null -> chat(l.chat(), c -> c.withLabel(l.labelId(), l.labeled()));
            case AppStateUpdate.LabelAssociation l -> labelMessage(chats, l, l.labeled());
            case AppStateUpdate.PushName p -> account(chats, c -> c.toBuilder().pushName(p.name()).build());
            case AppStateUpdate.Locale l -> account(chats, c -> c.toBuilder().locale(l.locale()).build());
            default -> { } // raw: reported only
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
                    c.ephemeralExpiration() > 0 ? 0 : t.ephemeralSettingTimestamp(), t.labels()));
        }
        chats.archiveHistory(part.messages());
    }

    /**
     * Our own push name or the locale into the credentials (on the session executor, as every credentials write). The
     * save is written behind, so it joins the patch's unit: the collection's version is stored only once it is.
     */
    private void account(ChatBook chats, java.util.function.UnaryOperator<Credentials> change) {
        CredentialsCell cell = credentials.get();
        if (cell == null || !cell.isPresent()) {
            return;
        }
        Credentials before = cell.get();
        Credentials after = change.apply(before);
        if (!after.equals(before)) {
            cell.save(after);
            chats.storedWith(cell.stored());
        }
    }

    private static void star(ChatBook chats, String chat, String id, boolean starred) {
        Jid jid = Jid.tryParse(chat);
        if (jid != null && id != null && !id.isEmpty()) {
            chats.star(jid, id, starred);
        }
    }

    /** A label on or off an archived message (a message not archived: nothing stored). */
    private static void labelMessage(ChatBook chats, AppStateUpdate.LabelAssociation l, boolean labeled) {
        Jid jid = Jid.tryParse(l.chat());
        if (jid != null && (jid.isPn() || jid.isLid() || jid.isGroup()) && !l.messageId().isEmpty() && !l.labelId().isEmpty()) {
            chats.labelMessage(jid, l.messageId(), l.labelId(), labeled);
        }
    }

    /** The names, and the LID mapping the action names: stored within the patch's unit (its version waits for both). */
    private void contactName(ChatBook chats, AppStateUpdate.ContactName n) {
        Jid jid = Jid.tryParse(n.jid());
        if (jid == null) {
            return;
        }
        Jid pn = n.pn() != null ? Jid.tryParse(n.pn()) : jid.isPn() ? jid : null;
        Jid lid = n.lid() != null ? Jid.tryParse(n.lid()) : jid.isLid() ? jid : null;
        if (pn != null && lid != null && pn.isPn() && lid.isLid()) {
            chats.storedWith(lids.get().learnStored(java.util.Map.of(pn.toNonAd(), lid.toNonAd()), LidMappings.Source.APP_STATE));
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
                c.ephemeralExpiration(), c.ephemeralSettingTimestamp(), c.labels());
    }
}

package io.wabridge.bridge.session;

import io.wabridge.bridge.command.CommandResults;
import io.wabridge.bridge.contract.CommandValidator;
import io.wabridge.client.WaClient;
import io.wabridge.client.appstate.AppStateCollection;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.message.content.ExtendedText;
import io.wabridge.client.message.content.MessageContent;
import io.wabridge.client.message.content.QuotedMessage;
import io.wabridge.client.message.content.Text;
import io.wabridge.proto.v1.CommandEnvelope;
import io.wabridge.proto.v1.CommandResult;
import io.wabridge.proto.v1.ErrorCode;
import io.wabridge.proto.v1.HistoryAnchor;
import io.wabridge.proto.v1.ResyncAppState;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * get_messages (and request_history with from_archive) answered from the session's message archive, a quote's
 * content taken from it, and resync_app_state. Commands arrive validated ({@link CommandValidator}).
 */
public final class ArchiveQueries {

    private ArchiveQueries() {
    }

    /** One page of a chat's archived messages, newest first, as message events in {@code ok.messages}. */
    static CompletableFuture<CommandResult> messages(WaClient client, CommandEnvelope command) {
        String chat;
        HistoryAnchor before;
        boolean anchored;
        int count;
        if (command.hasGetMessages()) {
            chat = command.getGetMessages().getChat();
            before = command.getGetMessages().getBefore();
            anchored = command.getGetMessages().hasBefore();
            count = command.getGetMessages().getCount();
        } else {
            chat = command.getRequestHistory().getChat();
            before = command.getRequestHistory().getBefore();
            anchored = !before.getId().isEmpty();
            count = command.getRequestHistory().getCount();
        }
        int limit = count == 0 ? CommandValidator.DEFAULT_MESSAGES
                : Math.min(count, io.wabridge.client.chats.ChatBook.MAX_MESSAGES_PAGE);
        // (timestamp, id) order: the anchor's own second counts, the id decides ties (WhatsApp times are seconds)
        Instant at = anchored ? Instant.ofEpochSecond(before.getTimestamp().getSeconds(), before.getTimestamp().getNanos()) : null;
        return client.chatBook().kept(Jid.parse(chat), at, anchored ? before.getId() : null, limit)
                .thenApply(ArchiveQueries::keptPage);
    }

    /**
     * The answer: {@code ok.messages}, the archived messages as message events with their star and labels, in the
     * order given.
     */
    public static CommandResult keptPage(java.util.List<io.wabridge.client.chats.ChatBook.Kept> messages) {
        CommandResult.Ok.Builder ok = CommandResult.Ok.newBuilder();
        messages.forEach(k -> ok.addMessages(InboundEvents.message(k.message()).toBuilder().setStarred(k.starred())
                .addAllLabels(k.labels())));
        return CommandResult.newBuilder().setOk(ok).build();
    }

    /** The answer: {@code ok.messages}, the archived messages as message events, in the order given. */
    public static CommandResult page(java.util.List<io.wabridge.client.events.ClientEvent.MessageReceived> messages) {
        CommandResult.Ok.Builder ok = CommandResult.Ok.newBuilder();
        messages.forEach(m -> ok.addMessages(InboundEvents.message(m)));
        return CommandResult.newBuilder().setOk(ok).build();
    }

    /** A send_message quoting a message without its content: the bridge takes the content from the archive. */
    static boolean quotesFromArchive(CommandEnvelope command) {
        return command.hasSendMessage() && command.getSendMessage().hasQuoted()
                && !command.getSendMessage().getQuoted().hasContent();
    }

    /**
     * {@code content} with its quote's content filled from the archive when the quoted message is kept (as plain
     * content: a quote is never itself decorated); as it is otherwise, or when the archive cannot be read.
     */
    static CompletableFuture<MessageContent> withQuotedContent(WaClient client, MessageContent content) {
        if (!(content instanceof ExtendedText e) || e.quoted() == null || e.quoted().content() != null) {
            return CompletableFuture.completedFuture(content);
        }
        QuotedMessage q = e.quoted();
        Jid chat = q.remoteJid() == null ? null : Jid.tryParse(q.remoteJid());
        if (chat == null) {
            return CompletableFuture.completedFuture(content);
        }
        return client.chatBook().message(chat, q.stanzaId()).handle((found, failure) -> {
            if (failure != null || found.isEmpty()) {
                return content;
            }
            MessageContent quoted = found.get().content() instanceof ExtendedText x ? new Text(x.text()) : found.get().content();
            return new ExtendedText(e.text(), e.mentions(), new QuotedMessage(q.stanzaId(), q.participant(), q.remoteJid(),
                    quoted), e.preview(), e.expirationSeconds());
        });
    }

    /** Snapshots again; APP_STATE_FATAL when a collection is still marked fatal afterwards. */
    static CompletableFuture<CommandResult> resync(WaClient client, ResyncAppState r) {
        Set<AppStateCollection> chosen = EnumSet.noneOf(AppStateCollection.class);
        r.getCollectionsList().forEach(name -> AppStateCollection.of(name).ifPresent(chosen::add));
        return client.appState().resync(chosen).thenApply(still -> still.isEmpty() ? CommandResults.ok()
                : CommandResults.error(ErrorCode.APP_STATE_FATAL, "app-state collection(s) " + still
                        + " failed again from a snapshot and stay marked fatal (see the app_state_error event)"));
    }
}

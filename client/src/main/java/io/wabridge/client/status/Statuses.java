package io.wabridge.client.status;

import io.wabridge.client.jid.Jid;
import io.wabridge.client.message.content.Media;
import io.wabridge.client.message.content.MessageContent;
import io.wabridge.client.message.content.MessageContentCodec;
import io.wabridge.client.message.content.MessageLimits;
import io.wabridge.client.message.content.Text;
import io.wabridge.client.receipt.ReceiptType;
import io.wabridge.client.send.SendResult;
import io.wabridge.proto.wa.Message;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One account's status updates ({@code status@broadcast}): post a text or media status to a chosen audience, mark
 * contacts' statuses seen. Received statuses come as {@code ClientEvent.StatusReceived} events, never as chat
 * messages. A post is sent with the group sender-key machinery ({@code Groups.planBroadcast}): our sender key of
 * {@code status@broadcast} goes pairwise to every device of the audience and of our own other devices, the content
 * once as an {@code skmsg}; the future completes with the server's ack. Requests are checked here (an empty or
 * invalid audience, unsupported content: {@link StatusException}) before anything is sent.
 */
public final class Statuses {

    /** Users one status may name (WhatsApp's own clients post to a contact list of a few thousand). */
    public static final int MAX_AUDIENCE = 5_000;

    /** What the coordinator does on the account's open connection (implemented by the client's OwnConnection). */
    public interface Link {
        /** Sends {@code message} to {@code status@broadcast} for {@code audience} (users, checked). */
        CompletableFuture<SendResult> sendStatus(List<Jid> audience, Message message, String idempotencyKey);

        /** Sends a receipt for messages of {@code chat} by {@code sender}. */
        CompletableFuture<Void> sendReceipt(Jid chat, Jid sender, List<String> ids, ReceiptType type);
    }

    private final Link link;

    public Statuses(Link link) {
        this.link = Objects.requireNonNull(link, "link");
    }

    /** Posts a text status (with its colours and font) to {@code audience}; completes with the server's ack. */
    public CompletableFuture<SendResult> postText(List<Jid> audience, TextStatus text, String idempotencyKey) {
        try {
            List<Jid> users = checkAudience(audience);
            MessageLimits.checkOutgoing(new Text(text.text()));
            return link.sendStatus(users, text.toMessage(), idempotencyKey);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Posts a status with {@code content}: {@link Text}, or {@link Media} of kind image, video, gif, audio or voice
     * note (uploaded through the media session first, its caption in the media); completes with the server's ack.
     */
    public CompletableFuture<SendResult> post(List<Jid> audience, MessageContent content, String idempotencyKey) {
        try {
            List<Jid> users = checkAudience(audience);
            checkContent(content);
            return link.sendStatus(users, MessageContentCodec.encode(content), idempotencyKey);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Marks statuses of {@code author} (a user JID) seen: a {@code read} receipt to {@code status@broadcast}. */
    public CompletableFuture<Void> markSeen(Jid author, List<String> ids) {
        if (author == null || !(author.isPn() || author.isLid()) || ids == null || ids.isEmpty()
                || ids.stream().anyMatch(id -> id == null || id.isBlank())) {
            return CompletableFuture.failedFuture(new StatusException(StatusException.Reason.INVALID_SEEN,
                    "mark seen needs the author's user JID and at least one status id"));
        }
        return link.sendReceipt(Jid.STATUS_BROADCAST, author.toNonAd(), List.copyOf(ids), ReceiptType.READ);
    }

    /** The audience as distinct users (no device), or a {@link StatusException} naming the first bad entry. */
    public static List<Jid> checkAudience(List<Jid> audience) {
        if (audience == null || audience.isEmpty()) {
            throw new StatusException(StatusException.Reason.EMPTY_AUDIENCE, "a status needs an audience");
        }
        Set<Jid> users = new LinkedHashSet<>();
        for (Jid jid : audience) {
            if (jid == null || !(jid.isPn() || jid.isLid()) || jid.isAd()) {
                throw new StatusException(StatusException.Reason.INVALID_AUDIENCE,
                        "not a user JID for a status audience: " + jid);
            }
            users.add(jid);
        }
        if (users.size() > MAX_AUDIENCE) {
            throw new StatusException(StatusException.Reason.AUDIENCE_TOO_LARGE,
                    users.size() + " users exceed the status audience limit of " + MAX_AUDIENCE);
        }
        return new ArrayList<>(users);
    }

    private static void checkContent(MessageContent content) {
        switch (content) {
            case Text t -> { }
            case Media m when switch (m.kind()) {
                case IMAGE, VIDEO, GIF, AUDIO, PTT -> true;
                default -> false;
            } -> { }
            case null -> throw new StatusException(StatusException.Reason.UNSUPPORTED_CONTENT, "no content");
            default -> throw new StatusException(StatusException.Reason.UNSUPPORTED_CONTENT,
                    "a status carries text, image, video, gif, audio or a voice note, not "
                            + content.getClass().getSimpleName());
        }
    }
}

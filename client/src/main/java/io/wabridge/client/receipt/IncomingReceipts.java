package io.wabridge.client.receipt;

import io.wabridge.client.session.Failures;
import io.wabridge.client.binary.Node;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.jid.InvalidJidException;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.stanza.Acks;
import io.wabridge.client.stanza.StanzaRouter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Received {@code <receipt>} stanzas: delivered / read / played / ... become one {@link ClientEvent.Receipt} each,
 * handed off, then acknowledged ({@code <ack class=receipt id to [type] [participant]>}); retry receipts go to the
 * resender first. A receipt we cannot read is acknowledged anyway (reported as a warning). Runs on the account's
 * serial executor.
 */
public final class IncomingReceipts {
    private static final Logger LOG = LoggerFactory.getLogger(IncomingReceipts.class);

    /** Answers retry receipts (re-encrypts the message for the device that asked). */
    @FunctionalInterface
    public interface RetryHandler {
        CompletableFuture<Void> handle(StanzaRouter router, Node receipt);
    }

    private final Function<ClientEvent, CompletionStage<Void>> handOff;
    private final Consumer<ClientEvent> emit;
    private final RetryHandler retries;
    private final Executor executor;
    private final Clock clock;

    public IncomingReceipts(Function<ClientEvent, CompletionStage<Void>> handOff, Consumer<ClientEvent> emit,
                            RetryHandler retries, Executor executor, Clock clock) {
        this.handOff = handOff;
        this.emit = emit;
        this.retries = retries;
        this.executor = executor;
        this.clock = clock;
    }

    /** Handles one receipt stanza that arrived on {@code router}; {@code me}/{@code myLid} are our device JIDs. */
    public void handle(StanzaRouter router, Node receipt, Jid me, Jid myLid) {
        ReceiptType type = ReceiptType.fromWire(receipt.attr("type"));
        if (type == ReceiptType.RETRY) {
            retries.handle(router, receipt).whenComplete((ok, failure) -> {
                if (failure != null) {
                    emit.accept(new ClientEvent.Warning("retry receipt for " + receipt.attr("id") + " from "
                            + receipt.attr("from") + " not answered: " + Failures.message(failure)));
                }
                sendAck(router, receipt);
            });
            return;
        }
        ClientEvent.Receipt event;
        try {
            event = parse(receipt, type, me, myLid, clock.instant());
        } catch (IllegalArgumentException e) {
            emit.accept(new ClientEvent.Warning("unreadable receipt: " + e.getMessage()));
            sendAck(router, receipt);
            return;
        }
        CompletionStage<Void> stage;
        try {
            stage = handOff.apply(event);
        } catch (RuntimeException e) {
            LOG.warn("receipt hand-off failed", e);
            return;
        }
        stage.whenComplete((ok, failure) -> executor.execute(() -> {
            if (failure == null) {
                sendAck(router, receipt);
            } else {
                // Not acknowledged: the server delivers the receipt again on the next connection.
                LOG.warn("receipt {} not handed off: {}", receipt.attr("id"), failure.toString());
            }
        }));
    }

    /**
     * The event for a receipt: ids from {@code id} and {@code <list><item id>}; in a group the device is the
     * {@code participant}; a receipt from one of our own devices belongs to its {@code recipient} chat.
     *
     * @throws IllegalArgumentException if the id or sender is missing or not a JID
     */
    public static ClientEvent.Receipt parse(Node receipt, ReceiptType type, Jid me, Jid myLid, Instant now) {
        String id = receipt.attr("id");
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("<receipt> without id");
        }
        Jid from;
        Jid device;
        Jid chat;
        try {
            from = receipt.jidAttr("from");
            if (from == null) {
                throw new IllegalArgumentException("<receipt " + id + "> without from");
            }
            if (from.isGroup() || from.isBroadcast()) {
                Jid participant = receipt.jidAttr("participant");
                device = participant != null ? participant : from;
                chat = from;
            } else {
                device = from;
                Jid recipient = receipt.jidAttr("recipient");
                boolean own = from.sameUser(me) || myLid != null && from.sameUser(myLid);
                chat = own && recipient != null ? recipient.toNonAd() : from.toNonAd();
            }
        } catch (InvalidJidException e) {
            throw new IllegalArgumentException("<receipt " + id + "> with a bad JID: " + e.getMessage(), e);
        }
        List<String> ids = new ArrayList<>(1);
        ids.add(id);
        Node list = receipt.child("list");
        if (list != null) {
            for (Node item : list.children("item")) {
                String itemId = item.attr("id");
                if (itemId != null && !itemId.isEmpty()) {
                    ids.add(itemId);
                }
            }
        }
        Instant timestamp = now;
        String t = receipt.attr("t");
        if (t != null) {
            try {
                timestamp = Instant.ofEpochSecond(Long.parseLong(t));
            } catch (NumberFormatException ignored) {
                // arrival time
            }
        }
        return new ClientEvent.Receipt(ids, type, device, chat, timestamp);
    }

    private static void sendAck(StanzaRouter router, Node receipt) {
        if (!router.isClosed()) {
            router.send(Acks.ackFor(receipt));
        }
    }
}

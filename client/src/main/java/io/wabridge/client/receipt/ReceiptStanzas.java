package io.wabridge.client.receipt;

import io.wabridge.client.binary.BigEndian;
import io.wabridge.client.auth.ClientPayloadFactory;
import io.wabridge.client.binary.Node;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.signal.RetryReason;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code <receipt>} stanzas we send: delivery receipts for received messages, read/played receipts the user
 * asks for, and retry receipts that ask a sender to encrypt a message again (whatsmeow {@code receipt.go},
 * {@code retry.go}; Baileys {@code sendReceipt}, {@code sendRetryRequest}).
 */
public final class ReceiptStanzas {

    private ReceiptStanzas() {
    }

    /**
     * The delivery receipt for a received {@code <message>}: {@code <receipt id to=from [participant] [recipient]
     * [type]>}; type {@code sender} when one of our own devices sent it, none (delivered) otherwise.
     */
    public static Node delivery(Node message, boolean fromMe) {
        var receipt = base(message);
        if (fromMe) {
            receipt.attr("type", ReceiptType.SENDER.wireName());
        }
        return receipt.build();
    }

    /**
     * A read, played (or other) receipt for messages of one chat: {@code <receipt id=first to=chat type t
     * [participant]><list><item id/>..</list></receipt>} (the list only with more than one id).
     *
     * @param sender the author in a group chat (null in 1:1 chats)
     */
    public static Node forMessages(Jid chat, Jid sender, List<String> ids, ReceiptType type, long epochSeconds) {
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("no message ids");
        }
        var receipt = Node.builder("receipt").attr("id", ids.getFirst()).attr("to", chat.toNonAd());
        if (type.wireName() != null) {
            receipt.attr("type", type.wireName());
        }
        receipt.attr("t", epochSeconds);
        if (sender != null && (chat.isGroup() || chat.isBroadcast())) {
            receipt.attr("participant", sender.toNonAd());
        }
        if (ids.size() > 1) {
            List<Node> items = new ArrayList<>(ids.size() - 1);
            for (String id : ids.subList(1, ids.size())) {
                items.add(Node.builder("item").attr("id", id).build());
            }
            receipt.child(Node.builder("list").children(items).build());
        }
        return receipt.build();
    }

    /**
     * A retry receipt for a message we could not decrypt: {@code <receipt id to [participant] [recipient]
     * type=retry><retry count id t v=1 error/><registration>4B</registration>[keys]</receipt>}.
     *
     * @param keys the {@code <keys>} node (our identity, a fresh one-time prekey, the signed prekey, our device
     *             identity) from the second attempt on, or when the sender needs a new session; null otherwise
     */
    public static Node retry(Node message, int count, RetryReason reason, int registrationId, Node keys) {
        var retry = Node.builder("retry").attr("count", count).attr("id", message.requireAttr("id"));
        String t = message.attr("t");
        if (t != null) {
            retry.attr("t", t);
        }
        retry.attr("v", "1").attr("error", reason.code());
        var receipt = base(message).attr("type", ReceiptType.RETRY.wireName())
                .child(retry.build())
                .child(Node.builder("registration").bytes(BigEndian.bytes(registrationId, 4)).build());
        if (keys != null) {
            receipt.child(keys);
        }
        return receipt.build();
    }

    private static io.wabridge.client.binary.NodeBuilder base(Node message) {
        var receipt = Node.builder("receipt").attr("id", message.requireAttr("id")).attr("to", message.requireAttr("from"));
        String participant = message.attr("participant");
        if (participant != null) {
            receipt.attr("participant", participant);
        }
        String recipient = message.attr("recipient");
        if (recipient != null) {
            receipt.attr("recipient", recipient);
        }
        return receipt;
    }
}

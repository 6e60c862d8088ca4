package io.wabridge.simulator.status;

import io.wabridge.client.binary.Node;
import io.wabridge.client.binary.NodeBuilder;
import io.wabridge.client.jid.InvalidJidException;
import io.wabridge.client.jid.Jid;
import io.wabridge.simulator.account.Accounts;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.messaging.DeviceEndpoint;
import io.wabridge.simulator.messaging.MessageRouter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.BiPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's status updates ({@code status@broadcast}).
 *
 * <p>A {@code <message to="status@broadcast">} reaches exactly the devices its {@code <participants><to jid>} name
 * (WhatsApp clients list every device of the audience, with our sender key pairwise: whatsmeow, Baileys with
 * {@code statusJidList}), as {@code <message from="status@broadcast" participant=AUTHOR_LID_DEVICE
 * participant_pn=AUTHOR_PN_DEVICE id t type [notify]>} with that device's pairwise {@code <enc>} then the
 * {@code skmsg} ({@code <device-identity>} along with a pkmsg). A status names its author by LID, as WhatsApp
 * addresses statuses. A stanza without {@code <participants>} is refused ({@code error=400}); a device of an account
 * that blocked the author gets nothing. The author gets {@code <ack class="message" id from="status@broadcast" t>}.
 *
 * <p>A {@code <receipt to="status@broadcast" participant=AUTHOR [type]>} is acked and forwarded to the author's
 * devices (a retry only to the one that posted) as {@code <receipt from="status@broadcast" participant=VIEWER_DEVICE
 * id t [type]>}; {@code read} / {@code read-self} receipts are recorded as {@link Seen}. The last
 * {@link #KEPT} posts and seen receipts are kept for tests and the control API. Thread-safe.
 */
public final class StatusService {
    private static final Logger LOG = LoggerFactory.getLogger(StatusService.class);
    /** Posts and seen receipts kept (the oldest go first). */
    public static final int KEPT = 10_000;

    /** A status the server routed: its author's device and the devices it reached. */
    public record Post(String id, Jid author, List<Jid> reached, Instant at) {}

    /** A seen receipt: {@code viewer} (a device) saw {@code ids} of {@code author} (a user). */
    public record Seen(List<String> ids, Jid viewer, Jid author, String type, Instant at) {}

    private final Accounts accounts;
    private final MessageRouter router;
    private final Clock clock;
    private final Deque<Post> posts = new ConcurrentLinkedDeque<>();
    private final Deque<Seen> seen = new ConcurrentLinkedDeque<>();
    private volatile BiPredicate<PhoneAccount, PhoneAccount> blocks = (recipient, sender) -> false;

    public StatusService(Accounts accounts, MessageRouter router, Clock clock) {
        this.accounts = accounts;
        this.router = router;
        this.clock = clock;
    }

    /** Who blocks whom ({@code blocks(recipient, author)}): a blocked author's status does not reach the recipient. */
    public void blocking(BiPredicate<PhoneAccount, PhoneAccount> blocks) {
        this.blocks = blocks;
    }

    /** A {@code <message>} or {@code <receipt>} a device sent to {@code status@broadcast}. */
    public void accept(DeviceEndpoint sender, Node stanza) {
        if ("receipt".equals(stanza.tag())) {
            onReceipt(sender, stanza);
        } else {
            onMessage(sender, stanza);
        }
    }

    /** The posts routed, oldest first. */
    public List<Post> posts() {
        return new ArrayList<>(posts);
    }

    /** The seen receipts recorded, oldest first. */
    public List<Seen> seen() {
        return new ArrayList<>(seen);
    }

    private void onMessage(DeviceEndpoint sender, Node message) {
        String id = message.attr("id");
        long t = clock.instant().getEpochSecond();
        Node participants = message.child("participants");
        List<Node> shared = message.children("enc");
        if (participants == null || shared.isEmpty()) {
            ack(sender, id, t, 400);
            return;
        }
        PhoneAccount author = sender.account();
        router.recordSent(author, id, sender.deviceId());
        ack(sender, id, t, 0);
        Node deviceIdentity = message.child("device-identity");
        List<Jid> reached = new ArrayList<>();
        for (Node target : participants.children("to")) {
            Jid device = jid(target, "jid");
            Optional<PhoneAccount> recipient = device == null ? Optional.empty() : accounts.find(device);
            if (recipient.isEmpty() || !recipient.get().hasDevice(device.device())
                    || recipient.get() == author && device.device() == sender.deviceId()) {
                LOG.debug("status {} from {}: no device {}; skipped", id, sender, device);
                continue;
            }
            if (recipient.get() != author && blocks.test(recipient.get(), author)) {
                continue;
            }
            List<Node> own = target.children("enc");
            List<Node> children = new ArrayList<>(own.size() + shared.size() + 1);
            children.addAll(own);
            children.addAll(shared);
            if (deviceIdentity != null && own.stream().anyMatch(e -> "pkmsg".equals(e.attr("type")))) {
                children.add(deviceIdentity);
            }
            NodeBuilder out = Node.builder("message").attr("from", Jid.STATUS_BROADCAST).attr("id", id).attr("t", t)
                    .attr("type", message.attr("type", "text"))
                    .attr("participant", author.deviceLid(sender.deviceId()))
                    .attr("participant_pn", author.deviceJid(sender.deviceId()));
            if (author.pushName() != null) {
                out.attr("notify", author.pushName());
            }
            router.deliver(recipient.get(), device.device(), out.children(children).build());
            reached.add(recipient.get().deviceJid(device.device()));
        }
        keep(posts, new Post(id, author.deviceJid(sender.deviceId()), List.copyOf(reached), Instant.ofEpochSecond(t)));
    }

    private void ack(DeviceEndpoint sender, String id, long t, int error) {
        NodeBuilder ack = Node.builder("ack").attr("class", "message").attr("id", id)
                .attr("from", Jid.STATUS_BROADCAST).attr("t", t);
        if (error != 0) {
            ack.attr("error", error);
        }
        sender.replies().deliver(ack.build());
    }

    private void onReceipt(DeviceEndpoint sender, Node receipt) {
        String id = receipt.attr("id");
        String type = receipt.attr("type");
        NodeBuilder ack = Node.builder("ack").attr("class", "receipt").attr("id", id).attr("from", Jid.STATUS_BROADCAST);
        if (type != null) {
            ack.attr("type", type);
        }
        sender.replies().deliver(ack.build());
        Jid authorJid = jid(receipt, "participant");
        Optional<PhoneAccount> author = authorJid == null ? Optional.empty() : accounts.find(authorJid);
        if (author.isEmpty()) {
            LOG.debug("status receipt {} from {} names no known author; dropped", id, sender);
            return;
        }
        PhoneAccount target = author.get();
        List<String> ids = new ArrayList<>();
        ids.add(id);
        Node list = receipt.child("list");
        if (list != null) {
            for (Node item : list.children("item")) {
                if (item.attr("id") != null) {
                    ids.add(item.attr("id"));
                }
            }
        }
        if ("read".equals(type) || "read-self".equals(type)) {
            keep(seen, new Seen(List.copyOf(ids), sender.jid(), target.jid(), type, clock.instant()));
        }
        if ("read-self".equals(type) && target != sender.account()) {
            return; // read receipts off: only the viewer's own devices would hear of it
        }
        NodeBuilder out = Node.builder("receipt").attr("from", Jid.STATUS_BROADCAST).attr("id", id)
                .attr("participant", sender.jid())
                .attr("t", receipt.attr("t", Long.toString(clock.instant().getEpochSecond())));
        if (type != null && !"inactive".equals(type)) {
            out.attr("type", type);
        }
        if (receipt.hasContent() && !receipt.children().isEmpty()) {
            out.children(receipt.children());
        }
        Node forwarded = out.build();
        if ("retry".equals(type)) {
            int device = router.sentBy(target, id);
            if (device >= 0 && target.hasDevice(device)) {
                router.deliver(target, device, forwarded);
            }
            return;
        }
        for (int device : target.deviceIds()) {
            if (!(target == sender.account() && device == sender.deviceId())) {
                router.deliver(target, device, forwarded);
            }
        }
    }

    private static <T> void keep(Deque<T> log, T entry) {
        log.addLast(entry);
        while (log.size() > KEPT) {
            log.pollFirst();
        }
    }

    private static Jid jid(Node node, String key) {
        try {
            return node.jidAttr(key);
        } catch (InvalidJidException e) {
            return null;
        }
    }
}

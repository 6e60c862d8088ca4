package io.wabridge.simulator.messaging;

import io.wabridge.client.binary.Node;
import io.wabridge.simulator.server.InteropSwitches;
import io.wabridge.client.binary.NodeBuilder;
import io.wabridge.client.jid.InvalidJidException;
import io.wabridge.client.jid.Jid;
import io.wabridge.simulator.account.Accounts;
import io.wabridge.simulator.account.LinkedDevice;
import io.wabridge.simulator.account.PhoneAccount;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's routing of 1:1 messages and receipts between devices, for clients and simulated phones alike;
 * stanzas to a group go to the {@link GroupStanzas} handler ({@code io.wabridge.simulator.group}).
 *
 * <p>A {@code <message>} is fanned out per {@code <participants><to jid=DEVICE>} (or goes to the one device its
 * {@code to} names, the form of retries and peer messages) and reaches each device as {@code <message from=SENDER
 * id t type notify><enc/>[<device-identity/>]</message>}, addressed in the sender's phone number or LID as the
 * sender addressed that device; a copy for one of the sender's own devices also names the chat in
 * {@code recipient}. The sender gets {@code <ack class="message" id from t/>}.
 *
 * <p>A {@code <receipt>} is acked ({@code <ack class="receipt">}) and forwarded as {@code <receipt from=RECEIPTER
 * id t [type]>} to every device of the user it names, except a retry receipt, which goes only to the device that
 * sent the message, since only that device can re-encrypt it. An {@code inactive} receipt (a receiver telling the
 * server it is not in the foreground) reaches the sender as a plain delivery receipt, the only form senders read as
 * delivered. Everything delivered waits in the device's
 * {@link DeviceMailbox} until the device acks it. Thread-safe; called on the sending device's executor.
 */
public final class MessageRouter {
    private static final Logger LOG = LoggerFactory.getLogger(MessageRouter.class);
    /** Recipient devices one message may name (WhatsApp's groups top out near a few thousand devices). */
    static final int MAX_RECIPIENT_DEVICES = 2048;

    private final Accounts accounts;
    private final Mailboxes mailboxes;
    private final Clock clock;
    private final SentMessageIndex sentMessages;
    private volatile GroupStanzas groups;
    private volatile java.util.function.BiConsumer<DeviceEndpoint, Node> mediaRetries;

    MessageRouter(Accounts accounts, Mailboxes mailboxes, Clock clock, SentMessageIndex sentMessages) {
        this.accounts = accounts;
        this.mailboxes = mailboxes;
        this.clock = clock;
        this.sentMessages = sentMessages;
    }

    void groups(GroupStanzas groups) {
        this.groups = groups;
    }

    /** Where group stanzas go, or null. */
    GroupStanzas groups() {
        return groups;
    }

    /** Puts a stanza in a device's mailbox (delivered now if it is online, kept until acked). */
    public void deliver(PhoneAccount account, int deviceId, Node stanza) {
        mailboxes.mailbox(account, deviceId).offer(stanza);
    }

    /** Remembers which device sent message {@code id}, so a retry receipt reaches that device. */
    public void recordSent(PhoneAccount account, String id, int deviceId) {
        sentMessages.record(account.phoneNumber(), id, deviceId);
    }

    /** The device that sent message {@code id} of {@code account}, or -1 if forgotten. */
    public int sentBy(PhoneAccount account, String id) {
        return sentMessages.senderDevice(account.phoneNumber(), id);
    }

    /** Who answers media re-upload requests ({@code receipt type="server-error"} with {@code <rmr>}). */
    public void onMediaRetry(java.util.function.BiConsumer<DeviceEndpoint, Node> handler) {
        this.mediaRetries = handler;
    }

    private volatile java.util.function.BiConsumer<DeviceEndpoint, Node> newsletters;

    /** Takes the messages and receipts sent to a {@code @newsletter} JID (the newsletter package). */
    public void onNewsletter(java.util.function.BiConsumer<DeviceEndpoint, Node> handler) {
        this.newsletters = handler;
    }

    private volatile java.util.function.BiConsumer<DeviceEndpoint, Node> statuses;

    /** Takes the messages and receipts sent to {@code status@broadcast} (the status package). */
    public void onStatus(java.util.function.BiConsumer<DeviceEndpoint, Node> handler) {
        this.statuses = handler;
    }

    private volatile io.wabridge.simulator.privacy.PrivacyTokenService privacyTokens;

    /** Checks the {@code <tctoken>} of 1:1 messages against the tokens accounts issued. */
    private volatile java.util.function.BiPredicate<PhoneAccount, PhoneAccount> blocks = (recipient, sender) -> false;
    private volatile java.util.function.Predicate<PhoneAccount> readReceiptsOff = account -> false;

    /**
     * Privacy on routing: a message is not delivered to an account that blocked its sender ({@code blocks(recipient,
     * sender)}; the sender still gets its ack, as on WhatsApp); a read receipt of an account with read receipts off
     * reaches only its own devices.
     */
    void blocking(java.util.function.BiPredicate<PhoneAccount, PhoneAccount> blocks,
                  java.util.function.Predicate<PhoneAccount> readReceiptsOff) {
        this.blocks = blocks;
        this.readReceiptsOff = readReceiptsOff;
    }

    void privacyTokens(io.wabridge.simulator.privacy.PrivacyTokenService tokens) {
        this.privacyTokens = tokens;
    }

    /** A {@code <message>} a device sent. */
    public void onMessage(DeviceEndpoint sender, Node message) {
        String id = message.attr("id");
        if (id == null || id.isEmpty()) {
            LOG.info("{} sent a message without an id; dropped: {}", sender, message);
            return;
        }
        Jid to = jid(message, "to");
        if (to == null) {
            reply(sender, messageAck(id, null, 400));
            return;
        }
        GroupStanzas g = groups;
        if (to.isGroup() && g != null) {
            g.onMessage(sender, message);
            return;
        }
        var n = newsletters;
        if (to.isNewsletter() && n != null) {
            n.accept(sender, message);
            return;
        }
        var st = statuses;
        if (to.isStatusBroadcast() && st != null) {
            st.accept(sender, message);
            return;
        }
        Optional<PhoneAccount> chat = accounts.find(to);
        if (chat.isEmpty()) {
            // Broadcasts and newsletters are not simulated (groups are, when a GroupStanzas handler is set); unknown
            // users have no devices to reach.
            reply(sender, messageAck(id, to, to.isGroup() || to.isBroadcast() || to.isNewsletter() ? 501 : 404));
            return;
        }
        List<Recipient> recipients = recipients(message, to);
        if (recipients == null) {
            reply(sender, messageAck(id, to, 400));
            return;
        }
        var tokens = privacyTokens;
        if (tokens != null && chat.get() != sender.account()) {
            tokens.onMessage(id, sender.account(), chat.get(), message);
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("message {} from {} to {} for {}", id, sender, to, recipients.stream().map(Recipient::device).toList());
        }
        long t = clock.instant().getEpochSecond();
        Node deviceIdentity = message.child("device-identity");
        // Decided before the ack: once the sender holds its ack, a later unblock cannot let this message through.
        PhoneAccount blockedBy = chat.get() != sender.account() && blocks.test(chat.get(), sender.account())
                ? chat.get() : null;
        // The server acks the sender when it accepts the message, before any recipient can answer with a
        // receipt, as WhatsApp does: clients order "sent" before "delivered".
        sentMessages.record(sender.account().phoneNumber(), id, sender.deviceId());
        InteropSwitches interop = sender.account().interop();
        if (!interop.takeMessageAckDrop()) {
            Node ack = interop.minimalAttributes()
                    ? Node.builder("ack").attr("class", interop.messageAckClass()).attr("id", id).build()
                    : messageAck(id, to, 0).toBuilder().attr("class", interop.messageAckClass()).attr("t", t).build();
            reply(sender, ack);
            if (interop.duplicateMessageAcks()) {
                reply(sender, ack);
            }
        }
        for (Recipient recipient : recipients) {
            deliver(sender, message, id, to, t, deviceIdentity, recipient, blockedBy);
        }
    }

    private record Recipient(Jid device, List<Node> encs) {}

    /** The devices a message names with their ciphertexts, or null if it is malformed. */
    private List<Recipient> recipients(Node message, Jid to) {
        Node participants = message.child("participants");
        if (participants == null) {
            List<Node> encs = message.children("enc");
            return encs.isEmpty() ? null : List.of(new Recipient(to, encs));
        }
        List<Node> targets = participants.children("to");
        if (targets.size() > MAX_RECIPIENT_DEVICES) {
            return null;
        }
        List<Recipient> recipients = new ArrayList<>(targets.size());
        for (Node target : targets) {
            Jid device = jid(target, "jid");
            List<Node> encs = target.children("enc");
            if (device == null || encs.isEmpty()) {
                return null;
            }
            recipients.add(new Recipient(device, encs));
        }
        return recipients;
    }

    private void deliver(DeviceEndpoint sender, Node message, String id, Jid chat, long t, Node deviceIdentity,
                         Recipient recipient, PhoneAccount blockedBy) {
        Jid target = recipient.device();
        Optional<PhoneAccount> found = accounts.find(target);
        int deviceId = target.device();
        if (found.isEmpty() || !found.get().hasDevice(deviceId)) {
            LOG.debug("message {} from {}: no device {}; skipped", id, sender, target);
            return;
        }
        PhoneAccount account = found.get();
        boolean ownDevice = account == sender.account();
        if (ownDevice && deviceId == sender.deviceId()) {
            return; // never back to the device that sent it
        }
        if (account == blockedBy) {
            LOG.debug("message {} from {}: {} blocked the sender; not delivered", id, sender, account.phoneNumber());
            return;
        }
        boolean lid = target.isLid();
        NodeBuilder out = Node.builder("message")
                .attr("from", lid ? sender.account().deviceLid(sender.deviceId()) : sender.jid())
                .attr("id", id)
                .attr("t", t)
                .attr("type", message.attr("type", "text"));
        String pushName = pushName(sender);
        if (pushName != null) {
            out.attr("notify", pushName);
        }
        if (ownDevice) {
            // The chat this copy belongs to: the stanza's `to` when fanned out, the retry's `recipient` otherwise.
            String recipientAttr = message.child("participants") != null ? chat.toString() : message.attr("recipient");
            if (recipientAttr != null) {
                out.attr("recipient", recipientAttr);
            }
        }
        if (lid) {
            if (!sender.account().lidOnly()) {
                out.attr("sender_pn", sender.account().jid());
            }
        } else {
            out.attr("sender_lid", sender.account().lidJid());
        }
        copyAttr(message, out, "edit");
        copyAttr(message, out, "category");
        List<Node> children = new ArrayList<>(recipient.encs().size() + 1);
        boolean preKeyMessage = false;
        for (Node enc : recipient.encs()) {
            children.add(enc);
            preKeyMessage |= "pkmsg".equals(enc.attr("type"));
        }
        if (preKeyMessage && deviceIdentity != null) {
            children.add(deviceIdentity);
        }
        mailboxes.mailbox(account, deviceId).offer(out.children(children).build());
    }

    /** A {@code <receipt>} a device sent: acked, then forwarded to the devices of the user it names. */
    public void onReceipt(DeviceEndpoint sender, Node receipt) {
        String id = receipt.attr("id");
        Jid to = jid(receipt, "to");
        String type = receipt.attr("type");
        if (id == null || to == null) {
            LOG.info("{} sent a receipt without id or valid to; dropped: {}", sender, receipt);
            return;
        }
        GroupStanzas g = groups;
        if (to.isGroup() && g != null) {
            g.onReceipt(sender, receipt);
            return;
        }
        var n = newsletters;
        if (to.isNewsletter() && n != null) {
            n.accept(sender, receipt);
            return;
        }
        var st = statuses;
        if (to.isStatusBroadcast() && st != null) {
            st.accept(sender, receipt);
            return;
        }
        NodeBuilder ack = Node.builder("ack").attr("class", "receipt").attr("id", id).attr("from", to);
        if (type != null) {
            ack.attr("type", type);
        }
        reply(sender, ack.build());
        var retries = mediaRetries;
        if ("server-error".equals(type) && receipt.child("rmr") != null && retries != null) {
            retries.accept(sender, receipt);
            return;
        }
        Optional<PhoneAccount> found = accounts.find(to);
        if (found.isEmpty()) {
            return;
        }
        PhoneAccount account = found.get();
        if (account != sender.account() && "read".equals(type) // group receipts are always sent (routed above)
                && readReceiptsOff.test(sender.account())) {
            LOG.debug("{}: read receipts off; {} receipt {} not forwarded", sender, type, id);
            return;
        }
        NodeBuilder out = Node.builder("receipt")
                .attr("from", to.isLid() ? sender.account().deviceLid(sender.deviceId()) : sender.jid())
                .attr("id", id)
                .attr("t", receipt.attr("t", Long.toString(clock.instant().getEpochSecond())));
        if (type != null && !type.equals("inactive")) {
            out.attr("type", type);
        }
        copyAttr(receipt, out, "recipient");
        copyAttr(receipt, out, "category");
        if (receipt.hasContent() && !receipt.children().isEmpty()) {
            out.children(receipt.children());
        }
        Node forwarded = out.build();
        if ("retry".equals(type) || "enc_rekey_retry".equals(type)) {
            int deviceId = sentMessages.senderDevice(account.phoneNumber(), id);
            if (deviceId < 0) {
                deviceId = to.device();
            }
            if (account.hasDevice(deviceId) && !(account == sender.account() && deviceId == sender.deviceId())) {
                mailboxes.mailbox(account, deviceId).offer(forwarded);
            }
            return;
        }
        for (int deviceId : account.deviceIds()) {
            if (!(account == sender.account() && deviceId == sender.deviceId())) {
                mailboxes.mailbox(account, deviceId).offer(forwarded);
            }
        }
    }

    /** An {@code <ack>} a device sent for something the server delivered: it leaves the device's mailbox. */
    public void onAck(DeviceEndpoint sender, Node ack) {
        String tag = ack.attr("class");
        String id = ack.attr("id");
        if (tag == null || id == null) {
            return;
        }
        if (!mailboxes.mailbox(sender.account(), sender.deviceId()).acknowledge(tag, id, jid(ack, "to"),
                ack.attr("type"))) {
            LOG.debug("{} acked {} {} that was not waiting", sender, tag, id);
        }
    }

    private static Node messageAck(String id, Jid to, int error) {
        NodeBuilder ack = Node.builder("ack").attr("class", "message").attr("id", id);
        if (to != null) {
            ack.attr("from", to);
        }
        if (error != 0) {
            ack.attr("error", error);
        }
        return ack.build();
    }

    private static String pushName(DeviceEndpoint sender) {
        if (sender.deviceId() != 0) {
            String own = sender.account().device(sender.deviceId()).map(LinkedDevice::pushName).orElse(null);
            if (own != null) {
                return own;
            }
        }
        return sender.account().pushName();
    }

    static void reply(DeviceEndpoint sender, Node stanza) {
        sender.replies().deliver(stanza);
    }

    private static void copyAttr(Node from, NodeBuilder to, String key) {
        String value = from.attr(key);
        if (value != null) {
            to.attr(key, value);
        }
    }

    /** The attribute as a JID, or null if absent or not a JID. */
    private static Jid jid(Node node, String key) {
        try {
            return node.jidAttr(key);
        } catch (InvalidJidException e) {
            return null;
        }
    }
}

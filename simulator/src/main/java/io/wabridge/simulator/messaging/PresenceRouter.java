package io.wabridge.simulator.messaging;

import io.wabridge.client.binary.Node;
import io.wabridge.client.binary.NodeBuilder;
import io.wabridge.client.jid.InvalidJidException;
import io.wabridge.client.jid.Jid;
import io.wabridge.simulator.account.Accounts;
import io.wabridge.simulator.account.PhoneAccount;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's routing of presence and chat states. Both are ephemeral, as on WhatsApp: they reach only devices
 * online at that moment, are never stored in a {@link DeviceMailbox} for later, and nobody acks them.
 *
 * <p>{@code <chatstate to=USER><composing|paused/></chatstate>} from a device reaches every online device of that
 * user as {@code <chatstate from=SENDER_USER><composing|paused/></chatstate>}, the sender named as the recipient
 * was addressed (phone number or LID). {@code <presence type=subscribe to=USER>} makes the sending device a
 * subscriber of that user's presence for as long as it stays online, and hands it the user's last known status at
 * once. {@code <presence [type=available|unavailable]>} sets the sending account's status and tells the
 * subscribers: {@code <presence from=USER/>} when available, {@code <presence from=USER type=unavailable
 * last=EPOCH_SECONDS/>} when not. Thread-safe.
 */
public final class PresenceRouter {
    private static final Logger LOG = LoggerFactory.getLogger(PresenceRouter.class);

    private record Subscriber(PhoneAccount account, int deviceId) {}

    private record Status(boolean available, long lastSeen) {}

    private final Accounts accounts;
    private final Mailboxes mailboxes;
    private final Clock clock;
    /** Phone number of the watched account -> the devices watching it. */
    private final ConcurrentMap<String, Set<Subscriber>> subscribers = new ConcurrentHashMap<>();
    /** Phone number -> the status its devices last sent. */
    private final ConcurrentMap<String, Status> statuses = new ConcurrentHashMap<>();

    PresenceRouter(Accounts accounts, Mailboxes mailboxes, Clock clock) {
        this.accounts = accounts;
        this.mailboxes = mailboxes;
        this.clock = clock;
    }

    /** A {@code <presence>} a device sent: a status update, or a (un)subscription. */
    public void onPresence(DeviceEndpoint sender, Node presence) {
        String type = presence.attr("type");
        if (type == null || type.equals("available") || type.equals("unavailable")) {
            boolean available = !"unavailable".equals(type);
            Status status = new Status(available, clock.instant().getEpochSecond());
            statuses.put(sender.account().phoneNumber(), status);
            Set<Subscriber> watching = subscribers.get(sender.account().phoneNumber());
            if (watching != null) {
                for (Subscriber s : watching) {
                    deliver(s, update(sender.account(), status, false));
                }
            }
            return;
        }
        Jid to = jid(presence, "to");
        Optional<PhoneAccount> target = to == null ? Optional.empty() : accounts.find(to);
        if (target.isEmpty()) {
            LOG.debug("{}: presence {} for unknown {}; dropped", sender, type, presence.attr("to"));
            return;
        }
        Subscriber me = new Subscriber(sender.account(), sender.deviceId());
        String watched = target.get().phoneNumber();
        switch (type) {
            case "subscribe" -> {
                subscribers.computeIfAbsent(watched, k -> ConcurrentHashMap.newKeySet()).add(me);
                Status known = statuses.get(watched);
                if (known != null) {
                    deliver(me, update(target.get(), known, to.isLid()));
                }
            }
            case "unsubscribe" -> {
                Set<Subscriber> watching = subscribers.get(watched);
                if (watching != null) {
                    watching.remove(me);
                }
            }
            default -> LOG.debug("{}: presence of type {} ignored", sender, type);
        }
    }

    /** A {@code <chatstate>} a device sent: forwarded to the online devices of the user it names. */
    public void onChatState(DeviceEndpoint sender, Node chatstate) {
        Jid to = jid(chatstate, "to");
        Optional<PhoneAccount> found = to == null ? Optional.empty() : accounts.find(to);
        if (found.isEmpty() || chatstate.children().size() != 1) {
            // Groups are not simulated; unknown users have nobody to tell.
            LOG.debug("{}: chat state to {} not routable; dropped: {}", sender, chatstate.attr("to"), chatstate);
            return;
        }
        Node state = chatstate.children().getFirst();
        if (!state.is("composing") && !state.is("paused")) {
            LOG.debug("{}: unknown chat state <{}>; dropped", sender, state.tag());
            return;
        }
        PhoneAccount recipient = found.get();
        Node out = Node.builder("chatstate")
                .attr("from", to.isLid() ? sender.account().lidJid() : sender.account().jid())
                .child(state).build();
        for (int deviceId : recipient.deviceIds()) {
            if (!(recipient == sender.account() && deviceId == sender.deviceId())) {
                mailboxes.mailbox(recipient, deviceId).deliverLive(out);
            }
        }
    }

    /** A device went offline: its subscriptions end with its connection. */
    void deviceOffline(PhoneAccount account, int deviceId) {
        Subscriber gone = new Subscriber(account, deviceId);
        for (Set<Subscriber> watching : subscribers.values()) {
            watching.remove(gone);
        }
    }

    /** How many devices watch the account's presence. */
    public int subscriberCount(PhoneAccount account) {
        Set<Subscriber> watching = subscribers.get(account.phoneNumber());
        return watching == null ? 0 : watching.size();
    }

    private Node update(PhoneAccount of, Status status, boolean lid) {
        NodeBuilder out = Node.builder("presence").attr("from", lid ? of.lidJid() : of.jid());
        if (!status.available()) {
            out.attr("type", "unavailable").attr("last", status.lastSeen());
        }
        return out.build();
    }

    private void deliver(Subscriber to, Node stanza) {
        if (to.account().hasDevice(to.deviceId())) {
            mailboxes.mailbox(to.account(), to.deviceId()).deliverLive(stanza);
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

package io.wabridge.simulator.disappearing;

import io.wabridge.client.binary.Node;
import io.wabridge.client.disappearing.Disappearing;
import io.wabridge.client.jid.Jid;
import io.wabridge.simulator.account.PhoneAccount;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server's account default timers: {@code <iq xmlns="disappearing_mode" type="set" to="s.whatsapp.net">
 * <disappearing_mode duration=SECONDS/></iq>} answered with an empty result, 400 for a duration WhatsApp does not
 * offer or a missing one; the change reaches the account's other linked devices as {@code <notification
 * type="account_sync" from=ACCOUNT><disappearing_mode duration t/></notification>}. Thread-safe.
 */
public final class DefaultTimers {

    /** Puts a stanza in the mailbox of every linked (non-phone) device of an account but {@code exceptDevice}. */
    @FunctionalInterface
    public interface Delivery {
        void deliver(PhoneAccount account, int exceptDevice, Node stanza);
    }

    private final Clock clock;
    private final Delivery toCompanions;
    private final Map<String, Integer> defaults = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    public DefaultTimers(Clock clock, Delivery toCompanions) {
        this.clock = clock;
        this.toCompanions = toCompanions;
    }

    /** The account's default timer for new chats, 0 when off. */
    public int defaultTimer(PhoneAccount account) {
        return defaults.getOrDefault(account.phoneNumber(), 0);
    }

    /** A {@code disappearing_mode} iq from one of the account's devices; returns the answer. */
    public Node onIq(PhoneAccount account, int deviceId, Node iq) {
        Node mode = iq.child("disappearing_mode");
        long duration;
        try {
            duration = mode == null ? -1 : Long.parseLong(mode.attr("duration", "-1"));
        } catch (NumberFormatException e) {
            duration = -1;
        }
        if (!"set".equals(iq.attr("type")) || duration < 0 || duration > Integer.MAX_VALUE
                || !Disappearing.allowed((int) duration)) {
            return Node.builder("iq").attr("id", iq.attr("id", "")).attr("type", "error").attr("from", Jid.SERVER)
                    .child(Node.builder("error").attr("code", 400).attr("text", "bad-request").build()).build();
        }
        defaults.put(account.phoneNumber(), (int) duration);
        long now = clock.instant().getEpochSecond();
        toCompanions.deliver(account, deviceId, Node.builder("notification").attr("from", account.jid())
                .attr("type", "account_sync").attr("id", "dm-" + ids.incrementAndGet()).attr("t", now)
                .child(Node.builder("disappearing_mode").attr("duration", duration).attr("t", now).build()).build());
        return Node.builder("iq").attr("id", iq.attr("id", "")).attr("type", "result").attr("from", Jid.SERVER).build();
    }
}

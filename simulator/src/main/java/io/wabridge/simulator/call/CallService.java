package io.wabridge.simulator.call;

import io.wabridge.client.binary.Node;
import io.wabridge.client.binary.NodeBuilder;
import io.wabridge.client.jid.Jid;
import io.wabridge.simulator.account.Accounts;
import io.wabridge.simulator.account.PhoneAccount;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's calls. {@link #ring} sends the callee's linked devices (not its phone, which the simulation does not
 * ring on screen) {@code <call from=CALLER_DEVICE id t platform version><offer call-id call-creator=CALLER_PN
 * caller_lid><audio/>..[<video/>]<net/><capability/><encopt/></offer></call>} followed by a
 * {@code <relaylatency>}, or for a group call {@code <offer_notice call-id call-creator media type="group"
 * group-jid>}, each kept in the device's mailbox until it is acknowledged ({@code <ack class="call">}), as
 * WhatsApp keeps them. Unanswered, the call ends after {@link #ringTimeout} with {@code <terminate
 * reason="timeout">}; {@link #hangUp} ends it with a plain {@code <terminate>}.
 *
 * <p>A device's {@code <call id to=CREATOR><reject call-id call-creator count/></call>} is answered {@code <ack
 * class="call" type="reject" id>}, with {@code error} 404 when no such call rings the sender's account, 403 when the
 * call is not to the sender's account, 410 when it is over; a rejection ends the call and the callee's other devices
 * get {@code <call from=REJECTING_DEVICE><reject .../></call>}. {@link #answerOn} and {@link #rejectOn} do the same
 * for a device the simulation drives (the phone). Any other call child from a device is answered 501. Thread-safe.
 */
public final class CallService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CallService.class);

    /** How long an unanswered call rings by default. */
    public static final Duration DEFAULT_RING_TIMEOUT = Duration.ofSeconds(45);

    /** Puts a stanza in one device's mailbox (kept until acknowledged, handed over now if the device is online). */
    @FunctionalInterface
    public interface Delivery {
        void offer(PhoneAccount account, int deviceId, Node stanza);
    }

    /** Where a call stands. */
    public enum State { RINGING, ACCEPTED, REJECTED, TIMED_OUT, TERMINATED }

    /**
     * A call as the server knows it.
     *
     * @param endedBy the device that accepted or rejected it (its device JID), else null
     */
    public record Call(String id, PhoneAccount caller, PhoneAccount callee, boolean video, Jid group, State state,
                       Jid endedBy) {}

    private final Accounts accounts;
    private final Clock clock;
    private final Delivery delivery;
    private final Map<String, Call> calls = new ConcurrentHashMap<>();
    private final Map<String, ScheduledFuture<?>> timers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sim-call-timeouts");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong stanzaIds = new AtomicLong();
    private volatile Duration ringTimeout = DEFAULT_RING_TIMEOUT;

    public CallService(Accounts accounts, Clock clock, Delivery delivery) {
        this.accounts = accounts;
        this.clock = clock;
        this.delivery = delivery;
    }

    /** How long later calls ring before they time out. */
    public CallService ringTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("ring timeout must be positive: " + timeout);
        }
        this.ringTimeout = timeout;
        return this;
    }

    /** {@code caller} calls {@code callee} (1:1); returns the call id. */
    public String ring(PhoneAccount caller, PhoneAccount callee, boolean video) {
        return start(caller, callee, video, null);
    }

    /** {@code caller} starts a group call in {@code group} that rings {@code callee} (an offer notice); returns the call id. */
    public String ringGroup(PhoneAccount caller, PhoneAccount callee, boolean video, Jid group) {
        return start(caller, callee, video, group);
    }

    private String start(PhoneAccount caller, PhoneAccount callee, boolean video, Jid group) {
        if (caller == callee) {
            throw new IllegalArgumentException("an account cannot call itself");
        }
        byte[] raw = new byte[16];
        ThreadLocalRandom.current().nextBytes(raw);
        String id = HexFormat.of().withUpperCase().formatHex(raw);
        Call call = new Call(id, caller, callee, video, group, State.RINGING, null);
        calls.put(id, call);
        Node offer;
        if (group == null) {
            NodeBuilder o = base("offer", call).attr("caller_lid", caller.lidJid())
                    .child(Node.builder("audio").attr("enc", "opus").attr("rate", "16000").build())
                    .child(Node.builder("audio").attr("enc", "opus").attr("rate", "8000").build());
            if (video) {
                o.child(Node.builder("video").attr("enc", "vp8").attr("dec", "vp8").build());
            }
            offer = o.child(Node.builder("net").attr("medium", "3").build())
                    .child(Node.builder("capability").attr("ver", "1").bytes(new byte[] {1, 4, -1, -125, -49, 4}).build())
                    .child(Node.builder("encopt").attr("keygen", "2").build())
                    .build();
        } else {
            offer = base("offer_notice", call).attr("media", video ? "video" : "audio").attr("type", "group")
                    .attr("group-jid", group).build();
        }
        toCallee(call, caller.jid().withDevice(0), offer, -1, true);
        if (group == null) {
            Node latency = base("relaylatency", call).child(Node.builder("te").attr("latency", "33554440")
                    .bytes(new byte[] {127, 0, 0, 1, 13, -106}).build()).build();
            toCallee(call, caller.jid().withDevice(0), latency, -1, false);
        }
        timers.put(id, timer.schedule(() -> timeOut(id), ringTimeout.toMillis(), TimeUnit.MILLISECONDS));
        return id;
    }

    /**
     * Puts any {@code <call>} stanza in the mailbox of every linked device of {@code callee} (tests of shapes a
     * client must survive: unknown children, several children); kept until acknowledged like the others.
     */
    public void deliver(PhoneAccount callee, Node stanza) {
        for (int device : callee.deviceIds()) {
            if (device != 0) {
                delivery.offer(callee, device, stanza);
            }
        }
    }

    /** The call, if this server started it. */
    public Optional<Call> call(String id) {
        return Optional.ofNullable(calls.get(id));
    }

    /** The calls this server started, in no order. */
    public List<Call> all() {
        return new ArrayList<>(calls.values());
    }

    /** Nobody answered: the callee's devices get {@code <terminate reason="timeout">}. False if it was not ringing. */
    public boolean timeOut(String id) {
        Call call = calls.get(id);
        if (call == null || !move(id, State.RINGING, State.TIMED_OUT, null)) {
            return false;
        }
        toCallee(call, call.caller().jid().withDevice(0), base("terminate", call).attr("reason", "timeout").build(), -1, false);
        return true;
    }

    /** The caller hangs up (ringing or answered): the callee's devices get {@code <terminate>}. False if it was over. */
    public boolean hangUp(String id) {
        Call call = calls.get(id);
        if (call == null) {
            return false;
        }
        if (!(move(id, State.RINGING, State.TERMINATED, null) || move(id, State.ACCEPTED, State.TERMINATED, null))) {
            return false;
        }
        toCallee(call, call.caller().jid().withDevice(0), base("terminate", call).build(), -1, false);
        return true;
    }

    /** The callee's device {@code deviceId} (the phone: 0) accepts; its other devices are told. False if not ringing. */
    public boolean answerOn(String id, int deviceId) {
        return answer(id, deviceId, "accept", State.ACCEPTED) == 200;
    }

    /** The callee's device {@code deviceId} (the phone: 0) rejects; its other devices are told. False if not ringing. */
    public boolean rejectOn(String id, int deviceId) {
        return answer(id, deviceId, "reject", State.REJECTED) == 200;
    }

    /**
     * A {@code <call>} a device sent; returns the server's answer for it. Only {@code <reject>} is served (a
     * simulated server carries no call media).
     */
    public Node onStanza(PhoneAccount sender, int deviceId, Node stanza) {
        String stanzaId = stanza.attr("id", "");
        Node child = stanza.children().size() == 1 ? stanza.children().getFirst() : null;
        if (child == null || !child.is("reject")) {
            LOG.debug("{}.{}: call stanza not served: {}", sender.phoneNumber(), deviceId, stanza);
            return ack(stanzaId, child == null ? null : child.tag(), stanza.attr("to"), 501);
        }
        String callId = child.attr("call-id", "");
        Call call = calls.get(callId);
        int code;
        if (call == null) {
            code = 404;
        } else if (call.callee() != sender) {
            code = 403;
        } else {
            code = answer(callId, deviceId, "reject", State.REJECTED);
        }
        return ack(stanzaId, "reject", stanza.attr("to"), code);
    }

    private int answer(String id, int deviceId, String tag, State outcome) {
        Call call = calls.get(id);
        if (call == null) {
            return 404;
        }
        Jid device = call.callee().jid().withDevice(deviceId);
        if (!move(id, State.RINGING, outcome, device)) {
            return 410;
        }
        NodeBuilder child = base(tag, call);
        if (tag.equals("reject")) {
            child.attr("count", "0");
        }
        toCallee(call, device, child.build(), deviceId, false);
        return 200;
    }

    /** Moves a call from one state to another atomically (null {@code by} keeps who ended it); false if it was not in {@code from}. */
    private boolean move(String id, State from, State to, Jid by) {
        boolean[] moved = {false};
        calls.computeIfPresent(id, (k, c) -> {
            if (c.state() != from) {
                return c;
            }
            moved[0] = true;
            return new Call(c.id(), c.caller(), c.callee(), c.video(), c.group(), to, by != null ? by : c.endedBy());
        });
        if (moved[0] && to != State.ACCEPTED) {
            ScheduledFuture<?> t = timers.remove(id);
            if (t != null) {
                t.cancel(false);
            }
        }
        return moved[0];
    }

    private NodeBuilder base(String tag, Call call) {
        return Node.builder(tag).attr("call-id", call.id()).attr("call-creator", call.caller().jid());
    }

    /** Sends a call stanza to every linked device of the callee except {@code skipDevice} (not its phone). */
    private void toCallee(Call call, Jid from, Node child, int skipDevice, boolean remote) {
        for (int device : call.callee().deviceIds()) {
            if (device == 0 || device == skipDevice) {
                continue;
            }
            NodeBuilder stanza = Node.builder("call").attr("from", from)
                    .attr("id", "call-" + stanzaIds.incrementAndGet())
                    .attr("t", clock.instant().getEpochSecond());
            if (remote) {
                stanza.attr("platform", call.caller().platform()).attr("version", "2.24.22.79");
            }
            delivery.offer(call.callee(), device, stanza.child(child).build());
        }
    }

    private static Node ack(String id, String type, String from, int error) {
        NodeBuilder ack = Node.builder("ack").attr("class", "call").attr("id", id);
        if (type != null) {
            ack.attr("type", type);
        }
        if (from != null) {
            ack.attr("from", from);
        }
        if (error != 200) {
            ack.attr("error", error);
        }
        return ack.build();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

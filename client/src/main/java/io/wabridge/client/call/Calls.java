package io.wabridge.client.call;

import io.wabridge.client.binary.Node;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.stanza.Acks;
import io.wabridge.client.stanza.StanzaMatcher;
import io.wabridge.client.stanza.StanzaRouter;
import io.wabridge.client.store.StoreFencedException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One account's calls (signalling only). Every {@code <call>} stanza is acknowledged, as both references do: one
 * that says something (offer, accept, reject, terminate, or a shape this client does not model) after its
 * {@link ClientEvent.Call} event was handed off (a failed hand-off leaves it unacknowledged, so the server delivers
 * it again); the ones that carry nothing without media ({@link CallStanzas#IGNORED}: relay latency, transport,
 * ...) at once, without an event.
 *
 * <p>The recent calls ({@value #REMEMBERED} of them) are remembered with their state, so that {@link #reject} can
 * say CALL_NOT_FOUND, CALL_ALREADY_ENDED or CALL_ANSWERED, and so that later stanzas of a call carry the offer's
 * video and group flags (as Baileys' call cache does). The memory lasts as long as this client: after a restart the
 * server's offline queue brings ringing calls back.
 *
 * <p>With {@link AutoReject} on, every offer still ringing is rejected once its event was handed off, a
 * {@link CallUpdate.Status#REJECTED} event ({@code automatic}) follows, and the configured reply text (if any) is sent
 * to the caller as an ordinary message. Runs on the account's serial executor; the public methods may be called
 * from any thread.
 */
public final class Calls {
    private static final Logger LOG = LoggerFactory.getLogger(Calls.class);

    /** Calls remembered for {@link #reject}. */
    public static final int REMEMBERED = 1024;

    /** Whether offers are rejected automatically, and the text sent to the caller then ("" or null: none). */
    public record AutoReject(boolean enabled, String message) {
        public static final AutoReject OFF = new AutoReject(false, null);

        public AutoReject {
            message = message == null || message.isBlank() ? null : message;
        }
    }

    /** What this coordinator needs of the account. */
    public interface Link {
        /** Our own user JIDs (pn, and lid or null). */
        Jid ownUser();

        Jid ownLid();

        /** Sends a text message to a user on the connection (the auto-reject reply). */
        CompletableFuture<?> sendText(StanzaRouter router, Jid to, String text, String idempotencyKey);
    }

    private enum State { RINGING, ANSWERED, ENDED }

    private static final class Known {
        final Jid creator;
        final boolean video;
        final boolean group;
        final Jid groupJid;
        State state = State.RINGING;

        Known(CallUpdate offer) {
            this.creator = offer.creator();
            this.video = offer.video();
            this.group = offer.group();
            this.groupJid = offer.groupJid();
        }
    }

    private final String sessionId;
    private final Executor executor;
    private final Function<ClientEvent, CompletionStage<Void>> handOff;
    private final Consumer<ClientEvent> emit;
    private final Link link;
    private final Clock clock;
    private final Map<String, Known> known = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Known> eldest) {
            return size() > REMEMBERED;
        }
    };
    private volatile AutoReject autoReject = AutoReject.OFF;
    private StanzaRouter router;

    public Calls(String sessionId, Executor executor, Function<ClientEvent, CompletionStage<Void>> handOff,
                 Consumer<ClientEvent> emit, Link link, Clock clock) {
        this.sessionId = sessionId;
        this.executor = executor;
        this.handOff = handOff;
        this.emit = emit;
        this.link = link;
        this.clock = clock;
    }

    /** Installs the {@code <call>} handler on a login connection (on the executor). */
    public void install(StanzaRouter connection) {
        this.router = connection;
        connection.on(StanzaMatcher.tag("call"), node -> received(connection, node));
    }

    /** The connection ended (on the executor): rejects wait for the next one. */
    public void connectionClosed(StanzaRouter connection) {
        if (router == connection) {
            router = null;
        }
    }

    /** The account was logged out (on the executor). */
    public void reset() {
        known.clear();
        router = null;
    }

    /** The auto-reject setting in force. */
    public AutoReject autoReject() {
        return autoReject;
    }

    /** Turns auto-reject on or off for this client's life ({@link AutoReject#OFF} by default); applies to the next offer. */
    public void autoReject(AutoReject setting) {
        this.autoReject = Objects.requireNonNull(setting, "setting");
    }

    /**
     * Rejects a ringing call ({@code <call><reject>}, sent to the caller; the server tells the caller and our other
     * devices). Completes once handed to the connection (WhatsApp does not answer it), after a
     * {@link CallUpdate.Status#REJECTED} event.
     *
     * @throws java.util.concurrent.CompletionException (in the future) with a {@link CallException} when the call
     *         is unknown, over or answered, an {@link IllegalStateException} when not connected
     */
    public CompletableFuture<Void> reject(String callId) {
        Objects.requireNonNull(callId, "callId");
        CompletableFuture<Void> done = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                rejectHere(callId, false);
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    private void rejectHere(String callId, boolean automatic) {
        Known call = known.get(callId);
        if (call == null) {
            throw new CallException(CallException.Reason.CALL_NOT_FOUND, callId,
                    "no call " + callId + " was offered to this session (or it is older than the last " + REMEMBERED + ")");
        }
        switch (call.state) {
            case ENDED -> throw new CallException(CallException.Reason.CALL_ALREADY_ENDED, callId,
                    "call " + callId + " is over");
            case ANSWERED -> throw new CallException(CallException.Reason.CALL_ANSWERED, callId,
                    "call " + callId + " was accepted on another device");
            default -> { }
        }
        StanzaRouter connection = router;
        if (connection == null || connection.isClosed()) {
            throw new IllegalStateException("not connected: wait for the Open event");
        }
        if (call.creator == null) {
            throw new CallException(CallException.Reason.CALL_NOT_FOUND, callId, "call " + callId + " named no caller");
        }
        connection.send(CallStanzas.reject(connection.nextId(), link.ownUser(), call.creator, callId));
        call.state = State.ENDED;
        emit.accept(new ClientEvent.Call(new CallUpdate(callId, CallUpdate.Status.REJECTED, null, call.creator,
                call.creator.isPn() ? call.creator : null, call.creator.isLid() ? call.creator : null, call.video,
                call.group, call.groupJid, false, automatic, null, "reject", Map.of(), clock.instant(), false)));
    }

    private void received(StanzaRouter connection, Node node) {
        Node child = CallStanzas.child(node);
        if (child != null && CallStanzas.IGNORED.contains(child.tag())) {
            connection.send(Acks.ackFor(node));
            return;
        }
        CallUpdate update;
        try {
            update = withOffer(CallStanzas.parse(node, link.ownUser(), link.ownLid(), clock.instant()));
        } catch (StoreFencedException e) {
            throw e;
        } catch (RuntimeException e) { // never stall on one odd stanza: surface it raw
            LOG.warn("[{}] call stanza not understood: {}", sessionId, node, e);
            update = new CallUpdate("", CallUpdate.Status.UNKNOWN, null, null, null, null, false, false, null, false,
                    false, null, node.tag(), node.attrs(), clock.instant(), false);
        }
        CallUpdate event = update;
        CompletionStage<Void> handed;
        try {
            handed = handOff.apply(new ClientEvent.Call(event));
        } catch (RuntimeException e) {
            handed = CompletableFuture.failedFuture(e);
        }
        handed.whenComplete((v, failure) -> executor.execute(() -> {
            if (failure != null) {
                LOG.warn("[{}] call event {} {} not handed off; left unacknowledged: {}", sessionId, event.status(),
                        event.callId(), failure.toString());
                return;
            }
            if (!connection.isClosed()) {
                connection.send(Acks.ackFor(node));
            }
            AutoReject auto = autoReject;
            if (auto.enabled() && event.status() == CallUpdate.Status.OFFER) {
                autoRejectOffer(connection, event, auto);
            }
        }));
    }

    private void autoRejectOffer(StanzaRouter connection, CallUpdate offer, AutoReject auto) {
        Known call = known.get(offer.callId());
        if (call == null || call.state != State.RINGING || connection.isClosed()) {
            return;
        }
        try {
            rejectHere(offer.callId(), true);
        } catch (RuntimeException e) {
            LOG.warn("[{}] call {} not rejected automatically: {}", sessionId, offer.callId(), e.toString());
            return;
        }
        if (auto.message() != null && offer.creator() != null) {
            link.sendText(connection, offer.creator(), auto.message(), "call-reject-" + offer.callId())
                    .whenComplete((sent, failure) -> {
                        if (failure != null) {
                            emit(new ClientEvent.Warning("auto-reject reply to " + offer.creator() + " for call "
                                    + offer.callId() + " not sent: " + failure.getMessage()));
                        }
                    });
        }
    }

    private void emit(ClientEvent event) {
        executor.execute(() -> emit.accept(event));
    }

    /** Keeps the call's state, and fills a later stanza's flags from the offer. */
    private CallUpdate withOffer(CallUpdate u) {
        if (u.callId().isEmpty() || u.status() == CallUpdate.Status.UNKNOWN) {
            return u;
        }
        Known call = known.get(u.callId());
        if (u.status() == CallUpdate.Status.OFFER) {
            if (call == null) {
                known.put(u.callId(), new Known(u));
            }
            return u;
        }
        if (call == null) {
            return u;
        }
        call.state = u.status() == CallUpdate.Status.ACCEPTED ? State.ANSWERED : State.ENDED;
        Jid creator = u.creator() != null ? u.creator() : call.creator;
        return new CallUpdate(u.callId(), u.status(), u.from(), creator,
                u.creatorPn() != null ? u.creatorPn() : creator != null && creator.isPn() ? creator : null,
                u.creatorLid() != null ? u.creatorLid() : creator != null && creator.isLid() ? creator : null,
                u.video() || call.video, u.group() || call.group, u.groupJid() != null ? u.groupJid() : call.groupJid,
                u.elsewhere(), false, u.reason(), u.tag(), u.attributes(), u.timestamp(), u.offline());
    }
}

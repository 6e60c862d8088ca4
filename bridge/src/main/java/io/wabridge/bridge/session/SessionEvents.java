package io.wabridge.bridge.session;

import io.micrometer.core.instrument.Counter;
import io.wabridge.bridge.contract.EventFactory;
import io.wabridge.bridge.kafka.EventPublisher;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.proto.v1.EventEnvelope;
import io.wabridge.proto.v1.Me;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Handles a session's client events on its lane: moves the session's state (registry and gauge), publishes the
 * contract event with the session's identity and, while a command's effect is under way, that command's id as
 * causation. Registry writes are best effort here: a failed one is logged and the event still goes out.
 */
public final class SessionEvents {
    private static final Logger LOG = Logger.getLogger(SessionEvents.class);

    private final EventFactory factory;
    private final EventPublisher publisher;
    private final SessionRegistry registry;
    private final String worker;
    private final Counter reconnects;

    public SessionEvents(EventFactory factory, EventPublisher publisher, SessionRegistry registry, String worker,
                         Counter reconnects) {
        this.factory = factory;
        this.publisher = publisher;
        this.registry = registry;
        this.worker = worker;
        this.reconnects = reconnects;
    }

    /** Lane only. */
    void onEvent(Session s, ClientEvent event) {
        boolean handOver = s.releasing && event instanceof ClientEvent.Close;
        boolean publish = true;
        boolean endsCausation = false;
        switch (event) {
            case ClientEvent.Connecting c -> moveTo(s, SessionState.CONNECTING);
            case ClientEvent.Qr q -> {
                moveTo(s, SessionState.PAIRING);
                complete(s.pairingReady);
                settle(s);
                publish = s.pairingPhone == null; // pairing by code: the QR codes would only confuse
            }
            case ClientEvent.PairingCode p -> settle(s);
            case ClientEvent.Paired p -> identify(s, ClientEventMapper.me(p.me(), p.lid()));
            case ClientEvent.Open o -> {
                identify(s, ClientEventMapper.me(o.me(), o.lid()));
                moveTo(s, SessionState.OPEN);
                settle(s);
                endsCausation = true;
            }
            case ClientEvent.Close c -> {
                boolean retrying = c.willReconnect() && !s.releasing;
                if (retrying) {
                    reconnects.increment();
                }
                moveTo(s, retrying ? SessionState.RECONNECTING : SessionState.CLOSED);
                fail(s.pairingReady, c.reason());
                settle(s);
                if (!c.willReconnect() && !s.releasing && s.desired() == DesiredState.CONNECTED) {
                    // Ended by WhatsApp in a way that must not be retried (replaced, QR codes exhausted, refused):
                    // a worker taking the session over must not start it again unasked.
                    s.desired(DesiredState.DISCONNECTED);
                    bestEffort(s, () -> registry.desire(s.id(), DesiredState.DISCONNECTED));
                }
                // A logout closes first, then reports LoggedOut: both are its effect.
                endsCausation = !retrying && s.desired() != DesiredState.LOGGED_OUT;
            }
            case ClientEvent.LoggedOut l -> {
                s.desired(DesiredState.LOGGED_OUT);
                if (s.state(SessionState.LOGGED_OUT)) {
                    bestEffort(s, () -> registry.loggedOut(s.id()));
                }
                s.client = null;
                s.pairingPhone = null;
                settle(s);
                endsCausation = true;
            }
            case ClientEvent.StreamError e -> LOG.infof("[%s] stream error %s %s", s.id(), e.code(), e.detail());
            case ClientEvent.Warning w -> LOG.warnf("[%s] %s", s.id(), w.message());
            case ClientEvent.PairingFailed f -> LOG.warnf("[%s] pairing refused: %s", s.id(), f.reason());
            default -> LOG.debugf("[%s] %s", s.id(), event);
        }
        if (publish) {
            EventEnvelope.Builder envelope = factory.envelope(s.id());
            if (ClientEventMapper.map(event, envelope, handOver)) {
                publish(s, envelope);
            } else if (InboundEvents.map(event, envelope)) {
                publish(s, envelope, false); // decrypt_failed, identity_changed: WhatsApp's doing, no command's
            }
        }
        if (endsCausation) {
            s.causation = "";
        }
        if (event instanceof ClientEvent.LoggedOut) {
            s.me(null); // after the logged_out event, which still names the account
        }
    }

    /**
     * Publishes a message or receipt WhatsApp delivered; the returned future completes when Kafka acknowledged it,
     * and only then does the client acknowledge the stanza to WhatsApp (at-least-once). Lane only.
     */
    CompletableFuture<Void> handOff(Session s, ClientEvent event) {
        EventEnvelope.Builder envelope = factory.envelope(s.id());
        if (!InboundEvents.map(event, envelope)) {
            onEvent(s, event);
            return CompletableFuture.completedFuture(null);
        }
        return publish(s, envelope, false);
    }

    /** Publishes with the session's identity and current causation; lane only. */
    CompletableFuture<Void> publish(Session s, EventEnvelope.Builder envelope) {
        return publish(s, envelope, true);
    }

    private CompletableFuture<Void> publish(Session s, EventEnvelope.Builder envelope, boolean caused) {
        if (s.me().getSerializedSize() > 0) {
            envelope.setMe(s.me());
        }
        if (caused && !s.causation.isEmpty()) {
            envelope.setCausationId(s.causation);
        }
        EventEnvelope event = envelope.build();
        return publisher.publish(event).whenComplete((ok, failure) -> {
            if (failure != null) {
                LOG.errorf("[%s] event %s (%s) not published: %s", s.id(), event.getEventId(), event.getEventCase(),
                        failure.toString());
            }
        });
    }

    private void moveTo(Session s, SessionState state) {
        if (s.state(state)) {
            bestEffort(s, () -> registry.state(s.id(), state, worker));
        }
    }

    private void identify(Session s, Me me) {
        if (me.getPn().isEmpty() || me.equals(s.me())) {
            return;
        }
        Me merged = me.getLid().isEmpty() && !s.me().getLid().isEmpty() ? me.toBuilder().setLid(s.me().getLid()).build() : me;
        s.me(merged);
        bestEffort(s, () -> registry.me(s.id(), merged.getPn(), merged.getLid().isEmpty() ? null : merged.getLid()));
    }

    private static void settle(Session s) {
        complete(s.settled);
    }

    private static void complete(CompletableFuture<Void> f) {
        if (f != null) {
            f.complete(null);
        }
    }

    private static void fail(CompletableFuture<Void> f, String reason) {
        if (f != null) {
            f.completeExceptionally(new NotConnectedException("the connection closed before pairing: " + reason));
        }
    }

    private static void bestEffort(Session s, Runnable write) {
        try {
            write.run();
        } catch (RuntimeException e) {
            LOG.warnf("[%s] registry update failed: %s", s.id(), e.toString());
        }
    }
}

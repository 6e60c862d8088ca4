package io.wabridge.bridge.session;

import io.wabridge.bridge.contract.EventFactory;
import io.wabridge.bridge.kafka.EventPublisher;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.proto.v1.EventEnvelope;
import io.wabridge.proto.v1.Me;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Handles a session's client events on its lane: moves the session's state (registry and gauge), publishes the
 * contract event with the session's identity and, while a command's effect is under way, that command's id as
 * causation. Registry writes are best effort here: a failed one is logged and the event still goes out; a refused
 * one (a newer lease epoch wrote) means another worker owns the session now, and this copy stops.
 */
public final class SessionEvents {
    private static final Logger LOG = Logger.getLogger(SessionEvents.class);

    private final EventFactory factory;
    private final EventPublisher publisher;
    private final SessionRegistry registry;
    private final String worker;
    private final SessionMeters meters;
    /** Eager media downloads ({@code wabridge.media.download=eager}), or null; set at wiring. */
    io.wabridge.bridge.media.EagerDownloads eagerDownloads;
    /** Stops a session whose registry write was fenced; set by the manager at wiring. */
    Consumer<Session> fencedOut = s -> { };

    public SessionEvents(EventFactory factory, EventPublisher publisher, SessionRegistry registry, String worker,
                         SessionMeters meters) {
        this.factory = factory;
        this.publisher = publisher;
        this.registry = registry;
        this.worker = worker;
        this.meters = meters;
    }

    /** Lane only. */
    void onEvent(Session s, ClientEvent event) {
        boolean handOver = s.releasing && event instanceof ClientEvent.Close;
        boolean publish = true;
        boolean endsCausation = false;
        switch (event) {
            case ClientEvent.Connecting c -> {
                s.connectingNanos = System.nanoTime();
                moveTo(s, SessionState.CONNECTING);
            }
            case ClientEvent.Qr q -> {
                moveTo(s, SessionState.PAIRING);
                complete(s.pairingReady);
                s.opened = failed(s.opened, "the account is not linked: a QR code was issued");
                settle(s);
                publish = s.pairingPhone == null; // pairing by code: the QR codes would only confuse
            }
            case ClientEvent.PairingCode p -> settle(s);
            case ClientEvent.Paired p -> identify(s, ClientEventMapper.me(p.me(), p.lid()));
            case ClientEvent.Open o -> {
                identify(s, ClientEventMapper.me(o.me(), o.lid()));
                moveTo(s, SessionState.OPEN);
                meters.opened(s);
                complete(s.opened);
                s.opened = null;
                settle(s);
                endsCausation = true;
            }
            case ClientEvent.Close c -> {
                boolean retrying = c.willReconnect() && !s.releasing;
                if (retrying) {
                    meters.reconnecting();
                }
                moveTo(s, retrying ? SessionState.RECONNECTING : SessionState.CLOSED);
                failed(s.pairingReady, "the connection closed before pairing: " + c.reason());
                if (!retrying && !s.releasing) { // a copy stopped for a lost lease is resumed: keep waiting
                    s.opened = failed(s.opened, "the connection closed: " + c.reason());
                }
                settle(s);
                if (!c.willReconnect() && !s.releasing && s.desired() == DesiredState.CONNECTED) {
                    // Ended by WhatsApp in a way that must not be retried (replaced, QR codes exhausted, refused):
                    // a worker taking the session over must not start it again unasked.
                    s.desired(DesiredState.DISCONNECTED);
                    bestEffort(s, () -> registry.desire(s.id(), DesiredState.DISCONNECTED, s.epoch));
                }
                // A logout closes first, then reports LoggedOut: both are its effect.
                endsCausation = !retrying && s.desired() != DesiredState.LOGGED_OUT;
            }
            case ClientEvent.LoggedOut l -> {
                s.desired(DesiredState.LOGGED_OUT);
                if (s.state(SessionState.LOGGED_OUT)) {
                    bestEffort(s, () -> registry.loggedOut(s.id(), s.epoch));
                }
                s.client = null;
                s.pairingPhone = null;
                s.opened = failed(s.opened, "logged out: " + l.reason());
                settle(s);
                endsCausation = true;
            }
            case ClientEvent.Fenced f -> {
                LOG.warnf("[%s] a state write was refused (%s): another worker owns the session now", s.id(), f.reason());
                if (s.lease != null) {
                    fencedOut.accept(s);
                }
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
            } else if (InboundEvents.map(event, envelope) || ContactEvents.map(event, envelope)
                    || AppStateEvents.map(event, envelope)) {
                // decrypt_failed, identity_changed, lid_mapping, push_name, chat_update, ...: WhatsApp's doing, no command's
                publish(s, envelope, false, event);
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
        CompletableFuture<Void> published = publish(s, envelope, false, event);
        var download = eagerDownloads == null || !envelope.hasMessage() ? null
                : eagerDownloads.record(s.id(), envelope.getMessage());
        if (download == null) {
            return published;
        }
        // The download command is in Kafka before WhatsApp hears the message was received (see EagerDownloads).
        CompletableFuture<Void> commanded = publisher.command(download).whenComplete((ok, failure) -> {
            if (failure != null) {
                LOG.errorf("[%s] download_media for message %s not produced: %s", s.id(),
                        envelope.getMessage().getId(), failure.toString());
            }
        });
        return CompletableFuture.allOf(published, commanded);
    }

    /** Wires eager media downloads; null turns them off. */
    public void eagerDownloads(io.wabridge.bridge.media.EagerDownloads value) {
        this.eagerDownloads = value;
    }

    /** Publishes an event a command caused, with the session's identity; lane only. */
    CompletableFuture<Void> publishCaused(Session s, String commandId, EventEnvelope.Builder envelope) {
        envelope.setCausationId(commandId);
        return publish(s, envelope, false, null);
    }

    EventEnvelope.Builder envelope(Session s) {
        return factory.envelope(s.id());
    }

    /** Publishes with the session's identity and current causation; lane only. */
    CompletableFuture<Void> publish(Session s, EventEnvelope.Builder envelope) {
        return publish(s, envelope, true, null);
    }

    /**
     * Publishes; a failure is logged and, when {@code counted} is set, an acknowledged event is counted for it, both
     * before the returned future completes (on the producer's thread, no futures of their own).
     */
    private CompletableFuture<Void> publish(Session s, EventEnvelope.Builder envelope, boolean caused,
                                            ClientEvent counted) {
        if (s.me().getSerializedSize() > 0) {
            envelope.setMe(s.me());
        }
        if (caused && !s.causation.isEmpty()) {
            envelope.setCausationId(s.causation);
        }
        EventEnvelope event = envelope.build();
        CompletableFuture<Void> acked = new CompletableFuture<>();
        publisher.publish(event, acked, failure -> {
            if (failure != null) {
                LOG.errorf("[%s] event %s (%s) not published: %s", s.id(), event.getEventId(), event.getEventCase(),
                        failure.toString());
            } else if (counted != null) {
                meters.published(counted);
            }
        });
        return acked;
    }

    private void moveTo(Session s, SessionState state) {
        if (s.state(state)) {
            bestEffort(s, () -> registry.state(s.id(), state, worker, s.epoch));
        }
    }

    private void identify(Session s, Me me) {
        if (me.getPn().isEmpty() || me.equals(s.me())) {
            return;
        }
        Me merged = me.getLid().isEmpty() && !s.me().getLid().isEmpty() ? me.toBuilder().setLid(s.me().getLid()).build() : me;
        s.me(merged);
        bestEffort(s, () -> registry.me(s.id(), merged.getPn(), merged.getLid().isEmpty() ? null : merged.getLid(), s.epoch));
    }

    private static void settle(Session s) {
        complete(s.settled);
    }

    private static void complete(CompletableFuture<Void> f) {
        if (f != null) {
            f.complete(null);
        }
    }

    /** Fails a waiter (for pairing, for the connection to open), if any; returns null (the field's next value). */
    private static CompletableFuture<Void> failed(CompletableFuture<Void> f, String why) {
        if (f != null) {
            f.completeExceptionally(new NotConnectedException(why));
        }
        return null;
    }

    private void bestEffort(Session s, BooleanSupplier write) {
        try {
            if (!write.getAsBoolean() && s.lease != null) {
                LOG.warnf("[%s] registry update refused: a newer owner (lease epoch above %d) runs the session",
                        s.id(), s.epoch);
                fencedOut.accept(s);
            }
        } catch (RuntimeException e) {
            LOG.warnf("[%s] registry update failed: %s", s.id(), e.toString());
        }
    }
}

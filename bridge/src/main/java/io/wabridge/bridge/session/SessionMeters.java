package io.wabridge.bridge.session;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.interop.Leniency;
import io.wabridge.client.interop.LeniencyCounters;
import java.util.concurrent.TimeUnit;

/**
 * What the sessions' client events tell operators: {@code wabridge.messages.inbound} (WhatsApp messages published
 * as events), {@code wabridge.messages.decrypt_failures}, {@code wabridge.sessions.reconnects} (connections lost
 * that the client retries), {@code wabridge.sessions.handshake} (connect to open: Noise handshake and login) and
 * {@code wabridge.sessions.handoff} (partition assignment to a resumed session open), with p50/p99; and
 * {@code wabridge.client.lenient{situation}}: how often the sessions accepted something a strict client would refuse
 * (a login without a LID, an ack of another class, ...; see the README's "Interoperability" section).
 */
public final class SessionMeters {
    private final Counter inbound;
    private final Counter decryptFailures;
    private final Counter reconnects;
    private final Timer handshake;
    private final Timer handoff;
    private final Counter historyMessages;
    private final Counter historyParts;
    private final MeterRegistry registry;

    public SessionMeters(MeterRegistry registry) {
        this.registry = registry;
        historyMessages = Counter.builder("wabridge.history.messages")
                .description("Messages from history sync published (inside history_sync events)").register(registry);
        historyParts = Counter.builder("wabridge.history.parts")
                .description("history_sync events published").register(registry);
        inbound = Counter.builder("wabridge.messages.inbound")
                .description("WhatsApp messages received and published as events").register(registry);
        decryptFailures = Counter.builder("wabridge.messages.decrypt_failures")
                .description("Messages that could not be decrypted (a retry receipt was sent)").register(registry);
        reconnects = Counter.builder("wabridge.sessions.reconnects")
                .description("Connections lost that the client retries by itself").register(registry);
        handshake = Timer.builder("wabridge.sessions.handshake")
                .description("From connecting to open: Noise handshake and login").publishPercentiles(0.5, 0.99)
                .register(registry);
        handoff = Timer.builder("wabridge.sessions.handoff")
                .description("From a partition assignment to a resumed session being open")
                .publishPercentiles(0.5, 0.99).register(registry);
    }

    /** Exports the client runtime's leniency counters, one counter per situation. */
    public static void registerLeniencies(MeterRegistry registry, LeniencyCounters counters) {
        for (Leniency leniency : Leniency.values()) {
            FunctionCounter.builder("wabridge.client.lenient", counters, c -> c.get(leniency))
                    .tag("situation", leniency.tag())
                    .description("Server stanzas a strict client would refuse, accepted as the reference clients do")
                    .register(registry);
        }
    }

    /** An inbound event was published (messages count once Kafka has them). */
    void published(ClientEvent event) {
        switch (event) {
            case ClientEvent.MessageReceived m -> inbound.increment();
            case ClientEvent.DecryptFailed d -> decryptFailures.increment();
            case ClientEvent.HistorySync h -> {
                historyParts.increment();
                historyMessages.increment(h.messages().size());
                if (h.failure() != null) {
                    Counter.builder("wabridge.history.failures").tag("reason", h.failure().kind().name().toLowerCase())
                            .description("History chunks that could not be read").register(registry).increment();
                }
            }
            case ClientEvent.Call c -> Counter.builder("wabridge.calls")
                    .tag("status", c.update().status().name().toLowerCase())
                    .tag("automatic", Boolean.toString(c.update().automatic()))
                    .description("Call events published, by status (offers, rejections here or elsewhere, timeouts, ...)")
                    .register(registry).increment();
            case ClientEvent.StatusReceived st -> Counter.builder("wabridge.statuses")
                    .description("Status updates (status@broadcast) published").register(registry).increment();
            default -> { }
        }
    }

    void reconnecting() {
        reconnects.increment();
    }

    /** Lane: the connection is open; records the handshake and, after an assignment, the hand-off. */
    void opened(Session s) {
        long now = System.nanoTime();
        if (s.connectingNanos != 0) {
            handshake.record(now - s.connectingNanos, TimeUnit.NANOSECONDS);
            s.connectingNanos = 0;
        }
        if (s.resumeStartedNanos != 0) {
            handoff.record(now - s.resumeStartedNanos, TimeUnit.NANOSECONDS);
            s.resumeStartedNanos = 0;
        }
    }
}

package io.wabridge.bridge.views;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The views topology's counters (Prometheus: {@code wabridge_views_*_total}); shared by all stream tasks. */
public final class ViewsMetrics {
    private final Counter applied;
    private final Counter duplicates;
    private final Counter deadLetters;
    private final Counter removed;
    private final Counter seenReads;

    public ViewsMetrics(MeterRegistry registry) {
        applied = Counter.builder("wabridge.views.events.applied")
                .description("Events folded into the views").register(registry);
        duplicates = Counter.builder("wabridge.views.duplicates")
                .description("Message events whose message id the views had already counted").register(registry);
        deadLetters = Counter.builder("wabridge.views.dlq.records")
                .description("Event records the views could not read, sent to the views DLQ").register(registry);
        removed = Counter.builder("wabridge.views.sessions.removed")
                .description("Sessions removed from the views (tombstone on the events topic, logged-out retention)")
                .register(registry);
        seenReads = Counter.builder("wabridge.views.seen.reads")
                .description("Message ids looked for in the seen-messages store; the other message events were "
                        + "judged from their chat's newest message, without a read").register(registry);
    }

    void applied() {
        applied.increment();
    }

    void duplicate() {
        duplicates.increment();
    }

    void deadLetter() {
        deadLetters.increment();
    }

    void seenRead() {
        seenReads.increment();
    }

    void removed() {
        removed.increment();
    }
}

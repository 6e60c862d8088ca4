package io.wabridge.bridge.session;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** How many sessions this worker runs in each state: the {@code wabridge.sessions} gauge, kept without scans. */
public final class SessionStates {

    private final Map<SessionState, AtomicInteger> counts = new EnumMap<>(SessionState.class);

    public SessionStates(MeterRegistry metrics) {
        for (SessionState s : SessionState.values()) {
            AtomicInteger count = new AtomicInteger();
            counts.put(s, count);
            // A gauge left by an earlier wiring in this JVM (a restarted application shares the global registry)
            // would keep reading that wiring's counts: replace it.
            Gauge stale = metrics.find("wabridge.sessions").tag("state", s.wireName()).gauge();
            if (stale != null) {
                metrics.remove(stale);
            }
            Gauge.builder("wabridge.sessions", count, AtomicInteger::get).tag("state", s.wireName())
                    .description("Sessions this worker runs, by connection state").register(metrics);
        }
    }

    void entered(SessionState state) {
        counts.get(state).incrementAndGet();
    }

    void moved(SessionState from, SessionState to) {
        counts.get(from).decrementAndGet();
        counts.get(to).incrementAndGet();
    }

    void left(SessionState state) {
        counts.get(state).decrementAndGet();
    }

    public int count(SessionState state) {
        return counts.get(state).get();
    }
}

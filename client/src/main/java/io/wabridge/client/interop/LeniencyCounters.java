package io.wabridge.client.interop;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * How often each {@link Leniency} happened, for all the sessions of one {@link io.wabridge.client.ClientRuntime}
 * (the bridge exports them as {@code wabridge.client.lenient{situation}}). Thread-safe; counting costs one
 * {@link LongAdder} increment.
 */
public final class LeniencyCounters {
    private final Map<Leniency, LongAdder> counts = new EnumMap<>(Leniency.class);

    public LeniencyCounters() {
        for (Leniency l : Leniency.values()) {
            counts.put(l, new LongAdder());
        }
    }

    public void count(Leniency leniency) {
        counts.get(leniency).increment();
    }

    public long get(Leniency leniency) {
        return counts.get(leniency).sum();
    }

    /** Every situation with its count, in declaration order. */
    public Map<Leniency, Long> snapshot() {
        Map<Leniency, Long> copy = new EnumMap<>(Leniency.class);
        counts.forEach((l, n) -> copy.put(l, n.sum()));
        return copy;
    }
}

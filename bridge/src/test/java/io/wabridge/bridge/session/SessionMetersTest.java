package io.wabridge.bridge.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.wabridge.client.interop.Leniency;
import io.wabridge.client.interop.LeniencyCounters;
import org.junit.jupiter.api.Test;

class SessionMetersTest {

    @Test
    void everyLeniencyIsExportedAsOneTaggedCounter() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        LeniencyCounters counters = new LeniencyCounters();
        SessionMeters.registerLeniencies(registry, counters);
        counters.count(Leniency.LOGIN_WITHOUT_LID);
        counters.count(Leniency.ACK_CLASS_MISMATCH);
        counters.count(Leniency.ACK_CLASS_MISMATCH);

        assertEquals(Leniency.values().length, registry.find("wabridge.client.lenient").functionCounters().size());
        assertEquals(1.0, registry.get("wabridge.client.lenient").tag("situation", "login_without_lid")
                .functionCounter().count());
        assertEquals(2.0, registry.get("wabridge.client.lenient").tag("situation", "ack_class_mismatch")
                .functionCounter().count());
        assertEquals(0.0, registry.get("wabridge.client.lenient").tag("situation", "ack_unmatched")
                .functionCounter().count());
    }
}

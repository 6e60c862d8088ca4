package io.wabridge.bridge.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A server time outside protobuf's Timestamp range becomes a valid Timestamp at the range's edge. */
class EventFactoryTimestampTest {

    @Test
    void aTimeInRangeIsKeptToTheNanosecond() {
        Timestamp t = EventFactory.timestamp(Instant.ofEpochSecond(1_767_225_600L, 123_456_789));
        assertEquals(1_767_225_600L, t.getSeconds());
        assertEquals(123_456_789, t.getNanos());
    }

    @Test
    void aTimeBeyondYear9999OrBeforeYear1IsClampedToAValidTimestamp() {
        Timestamp late = EventFactory.timestamp(Instant.ofEpochSecond(400_000_000_000L, 5));
        assertTrue(Timestamps.isValid(late), "readers converting it must not throw");
        assertEquals(Instant.parse("9999-12-31T23:59:59Z").getEpochSecond(), late.getSeconds());
        assertEquals(0, late.getNanos());
        Timestamp early = EventFactory.timestamp(Instant.ofEpochSecond(-70_000_000_000L));
        assertTrue(Timestamps.isValid(early));
        assertEquals(Instant.parse("0001-01-01T00:00:00Z").getEpochSecond(), early.getSeconds());
    }
}

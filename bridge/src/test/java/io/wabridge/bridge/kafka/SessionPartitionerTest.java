package io.wabridge.bridge.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class SessionPartitionerTest {

    @Test
    void agreesWithTheProducersDefaultPartitioner() {
        for (int partitions : new int[] {1, 3, 12, 64, 1000}) {
            for (int i = 0; i < 2_000; i++) {
                String id = "session-" + i + (i % 3 == 0 ? "@acme" : ":" + i);
                assertEquals(BuiltInPartitioner.partitionForKey(id.getBytes(StandardCharsets.US_ASCII), partitions),
                        SessionPartitioner.partitionOf(id, partitions), id + " over " + partitions);
            }
        }
    }

    @Test
    void spreadsSessionsOverEveryPartition() {
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            seen.add(SessionPartitioner.partitionOf("s" + i, 12));
        }
        assertEquals(12, seen.size());
    }

    @Test
    void rejectsANonPositivePartitionCount() {
        assertThrows(IllegalArgumentException.class, () -> SessionPartitioner.partitionOf("a", 0));
    }
}

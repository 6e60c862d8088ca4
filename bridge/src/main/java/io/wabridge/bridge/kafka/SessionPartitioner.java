package io.wabridge.bridge.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * The command partition of a session: what Kafka's default partitioner does with a record keyed by the session id
 * (murmur2 of the key bytes, made positive, modulo the partition count). Producers that key commands by session id
 * with the default partitioner land every command of a session here, so the worker owning this partition owns the
 * session. Session ids are ASCII (see the contract), so the key bytes are the id's characters.
 */
public final class SessionPartitioner {

    private SessionPartitioner() {
    }

    public static int partitionOf(String sessionId, int partitions) {
        if (partitions <= 0) {
            throw new IllegalArgumentException("partitions must be positive, got " + partitions);
        }
        return Utils.toPositive(Utils.murmur2(sessionId.getBytes(StandardCharsets.US_ASCII))) % partitions;
    }
}

package io.wabridge.bridge.failover;

import io.wabridge.bridge.e2e.KafkaTap;
import io.wabridge.proto.v1.ConnectionUpdate;
import io.wabridge.proto.v1.EventEnvelope;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The events topic as the tests need it, indexed incrementally (each record parsed once): how many times each
 * message id was published per session, and each session's latest QR code.
 */
final class EventIndex {
    private final KafkaTap tap;
    private int seen;
    private final Map<String, Map<String, Integer>> messages = new HashMap<>();
    private final Map<String, String> qr = new HashMap<>();
    private final Map<String, Integer> opens = new HashMap<>();

    EventIndex(KafkaTap tap) {
        this.tap = tap;
    }

    /** Reads what arrived since the last call. */
    synchronized EventIndex refresh() {
        List<ConsumerRecord<byte[], byte[]>> records = tap.records();
        for (int size = records.size(); seen < size; seen++) {
            ConsumerRecord<byte[], byte[]> r = records.get(seen);
            if (r.key() == null) {
                continue;
            }
            String session = new String(r.key(), StandardCharsets.US_ASCII);
            EventEnvelope e = KafkaTap.parse(r.value());
            if (e.hasMessage()) {
                messages.computeIfAbsent(session, s -> new HashMap<>()).merge(e.getMessage().getId(), 1, Integer::sum);
            } else if (e.hasQr()) {
                qr.put(session, e.getQr().getCode());
            } else if (e.hasConnectionUpdate() && e.getConnectionUpdate().getState() == ConnectionUpdate.State.OPEN) {
                opens.merge(session, 1, Integer::sum);
            }
        }
        return this;
    }

    /** How many times the message was published for the session (0: never). */
    synchronized int published(String session, String messageId) {
        return messages.getOrDefault(session, Map.of()).getOrDefault(messageId, 0);
    }

    synchronized Optional<String> qr(String session) {
        return Optional.ofNullable(qr.get(session));
    }

    synchronized int opens(String session) {
        return opens.getOrDefault(session, 0);
    }
}

package io.wabridge.bridge.failover;

import io.wabridge.bridge.e2e.KafkaTap;
import io.wabridge.proto.v1.ConnectionUpdate;
import io.wabridge.proto.v1.EventEnvelope;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
    private final Map<String, List<String>> firstPublished = new HashMap<>();
    private final Map<String, String> results = new HashMap<>();
    private final Map<String, String> sentIds = new HashMap<>();

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
                if (messages.computeIfAbsent(session, s -> new HashMap<>()).merge(e.getMessage().getId(), 1, Integer::sum) == 1) {
                    firstPublished.computeIfAbsent(session, s -> new ArrayList<>()).add(e.getMessage().getId());
                }
            } else if (e.hasCommandResult()) {
                results.put(e.getCausationId(), e.getCommandResult().hasError()
                        ? e.getCommandResult().getError().getCode() + ": " + e.getCommandResult().getError().getMessage()
                        : "ok");
                if (e.getCommandResult().hasOk() && !e.getCommandResult().getOk().getMessageId().isEmpty()) {
                    sentIds.put(e.getCausationId(), e.getCommandResult().getOk().getMessageId());
                }
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

    /** The latest command_result published for the command: "ok", "CODE: message", or null if none yet. */
    synchronized String result(String commandId) {
        return results.get(commandId);
    }

    /** The WhatsApp message id of a send command's ok result, or null. */
    synchronized String messageIdOf(String commandId) {
        return sentIds.get(commandId);
    }

    synchronized Optional<String> qr(String session) {
        return Optional.ofNullable(qr.get(session));
    }

    /** The session's message ids in the order they were first published. */
    synchronized List<String> firstPublished(String session) {
        return List.copyOf(firstPublished.getOrDefault(session, List.of()));
    }

    synchronized int opens(String session) {
        return opens.getOrDefault(session, 0);
    }
}

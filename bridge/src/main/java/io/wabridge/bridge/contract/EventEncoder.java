package io.wabridge.bridge.contract;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.wabridge.proto.v1.EventEnvelope;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Turns an {@link EventEnvelope} into the record the bridge publishes: key = session id, value = the envelope in the
 * configured {@link WireFormat}, and headers {@code type} (the event's field name, e.g. {@code message}),
 * {@code session-id}, {@code content-type}, {@code event-id} and, for events a command caused,
 * {@code causation-id}, and {@code worker-id} (the publishing worker) when built with one. Consumers can route and filter on headers without decoding values. Thread-safe.
 */
public final class EventEncoder {

    /** Canonical proto3 JSON, one line per record (kcat and console consumers print one record per line). */
    private static final JsonFormat.Printer JSON = JsonFormat.printer().omittingInsignificantWhitespace();

    /** The {@code type} header value of each event kind: its field name in EventEnvelope, encoded once. */
    private static final Map<EventEnvelope.EventCase, byte[]> TYPES = new EnumMap<>(EventEnvelope.EventCase.class);

    static {
        for (EventEnvelope.EventCase c : EventEnvelope.EventCase.values()) {
            if (c != EventEnvelope.EventCase.EVENT_NOT_SET) {
                TYPES.put(c, EventEnvelope.getDescriptor().findFieldByNumber(c.getNumber()).getName()
                        .getBytes(StandardCharsets.US_ASCII));
            }
        }
    }

    private final String topic;
    private final WireFormat format;
    private final byte[] worker;

    public EventEncoder(String topic, WireFormat format) {
        this(topic, format, null);
    }

    /** An encoder that also writes the {@code worker-id} header (the publishing worker) when {@code worker} is set. */
    public EventEncoder(String topic, WireFormat format, String worker) {
        this.topic = topic;
        this.format = format;
        this.worker = worker == null || worker.isEmpty() ? null : worker.getBytes(StandardCharsets.UTF_8);
    }

    public WireFormat format() {
        return format;
    }

    /**
     * The record for one event.
     *
     * @throws IllegalArgumentException if the envelope lacks session_id, event_id or an event: the bridge built it
     *     wrong, no producer input can cause this
     */
    public ProducerRecord<byte[], byte[]> encode(EventEnvelope event) {
        if (event.getSessionId().isEmpty() || event.getEventId().isEmpty()
                || event.getEventCase() == EventEnvelope.EventCase.EVENT_NOT_SET) {
            throw new IllegalArgumentException("an event needs session_id, event_id and an event: " + event);
        }
        byte[] session = event.getSessionIdBytes().toByteArray();
        RecordHeaders headers = new RecordHeaders();
        headers.add(ContractHeaders.TYPE, TYPES.get(event.getEventCase()));
        headers.add(ContractHeaders.SESSION_ID, session);
        headers.add(ContractHeaders.CONTENT_TYPE, format.headerValue());
        headers.add(ContractHeaders.EVENT_ID, event.getEventIdBytes().toByteArray());
        if (!event.getCausationId().isEmpty()) {
            headers.add(ContractHeaders.CAUSATION_ID, event.getCausationIdBytes().toByteArray());
        }
        if (worker != null) {
            headers.add(ContractHeaders.WORKER_ID, worker);
        }
        return new ProducerRecord<>(topic, null, session, value(event), headers);
    }

    /** The {@code type} header value of each event kind (every kind but EVENT_NOT_SET). */
    public static java.util.Collection<String> typeNames() {
        return TYPES.values().stream().map(b -> new String(b, StandardCharsets.US_ASCII)).toList();
    }

    /** The header value naming this kind of event, e.g. {@code "message"}. */
    public static String typeName(EventEnvelope.EventCase kind) {
        byte[] name = TYPES.get(kind);
        if (name == null) {
            throw new IllegalArgumentException("no event type for " + kind);
        }
        return new String(name, StandardCharsets.US_ASCII);
    }

    private byte[] value(EventEnvelope event) {
        if (format == WireFormat.PROTOBUF) {
            return event.toByteArray();
        }
        try {
            return JSON.print(event).getBytes(StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException e) {
            // Only Any fields with unknown types make the printer fail, and the contract has none.
            throw new IllegalStateException("event not printable as JSON", e);
        }
    }
}

package io.wabridge.bridge.contract;

import io.wabridge.proto.v1.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds the dead-letter record for a command the bridge rejected: the original key, value and headers untouched
 * (so the record can be fixed and replayed as is), plus {@code dlq-reason-code}, {@code dlq-reason},
 * {@code dlq-original-topic}, {@code dlq-original-partition}, {@code dlq-original-offset} and
 * {@code dlq-failed-at}. A replayed record that fails again gets fresh {@code dlq-*} headers instead of a second
 * set. Keyed like the original, so one session's rejects stay in order on one DLQ partition. Thread-safe.
 */
public final class DeadLetters {

    private final String topic;
    private final InstantSource clock;

    public DeadLetters(String topic, InstantSource clock) {
        this.topic = topic;
        this.clock = clock;
    }

    /** The DLQ record for a command rejected with this exception. */
    public ProducerRecord<byte[], byte[]> of(ConsumerRecord<byte[], byte[]> original, InvalidCommandException e) {
        return of(original, e.code(), e.getMessage());
    }

    /** The DLQ record for a command rejected with this code and reason. */
    public ProducerRecord<byte[], byte[]> of(ConsumerRecord<byte[], byte[]> original, ErrorCode code, String reason) {
        RecordHeaders headers = headers(original.headers(), original.topic(), original.partition(), original.offset(),
                code, reason);
        return new ProducerRecord<>(topic, null, original.key(), original.value(), headers);
    }

    /**
     * The headers of a DLQ copy of a record read from {@code topic}/{@code partition}@{@code offset}: its own headers
     * (without earlier {@code dlq-*} ones) plus the {@code dlq-*} headers. Shared with the views' DLQ.
     */
    public RecordHeaders headers(Headers original, String topic, int partition, long offset, ErrorCode code,
                                 String reason) {
        RecordHeaders headers = new RecordHeaders();
        if (original != null) {
            for (Header h : original) {
                if (!h.key().startsWith(ContractHeaders.DLQ_PREFIX)) {
                    headers.add(h);
                }
            }
        }
        headers.add(ContractHeaders.DLQ_REASON_CODE, ascii(code.name()));
        headers.add(ContractHeaders.DLQ_REASON, reason.getBytes(StandardCharsets.UTF_8));
        headers.add(ContractHeaders.DLQ_ORIGINAL_TOPIC, topic.getBytes(StandardCharsets.UTF_8));
        headers.add(ContractHeaders.DLQ_ORIGINAL_PARTITION, ascii(Integer.toString(partition)));
        headers.add(ContractHeaders.DLQ_ORIGINAL_OFFSET, ascii(Long.toString(offset)));
        headers.add(ContractHeaders.DLQ_FAILED_AT, ascii(clock.instant().toString()));
        return headers;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}

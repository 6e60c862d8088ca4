package io.wabridge.bridge.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.wabridge.proto.v1.ErrorCode;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

    private final DeadLetters dlq = new DeadLetters("wabridge.commands.dlq",
            InstantSource.fixed(Instant.parse("2025-11-24T16:00:00.123Z")));
    private final CommandDecoder decoder = new CommandDecoder();

    private static List<String> headers(ProducerRecord<byte[], byte[]> record) {
        List<String> out = new ArrayList<>();
        record.headers().forEach(h -> out.add(h.key() + "=" + Records.text(h.value())));
        return out;
    }

    @Test
    void keepsTheOriginalRecordAndAddsTheReason() {
        ConsumerRecord<byte[], byte[]> original = Records.record("acme", Records.utf8("{\"sendMessage\": {}}"),
                "content-type", "application/json", "traceparent", "00-abc-def-01");
        InvalidCommandException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidCommandException.class,
                () -> decoder.decode(original));
        ProducerRecord<byte[], byte[]> record = dlq.of(original, e);

        assertEquals("wabridge.commands.dlq", record.topic());
        assertSame(original.key(), record.key());
        assertSame(original.value(), record.value());
        assertNull(record.partition());
        assertEquals(List.of(
                "content-type=application/json",
                "traceparent=00-abc-def-01",
                "dlq-reason-code=INVALID_COMMAND",
                "dlq-reason=send_message.to is required",
                "dlq-original-topic=wabridge.commands",
                "dlq-original-partition=3",
                "dlq-original-offset=42",
                "dlq-failed-at=2025-11-24T16:00:00.123Z"), headers(record));
    }

    @Test
    void aReplayedRecordThatFailsAgainGetsFreshDlqHeaders() {
        ConsumerRecord<byte[], byte[]> replayed = Records.record(null, new byte[] {1},
                "dlq-reason-code", "INVALID_JID", "dlq-reason", "old", "dlq-original-offset", "7", "x-tenant", "t1");
        ProducerRecord<byte[], byte[]> record = dlq.of(replayed, ErrorCode.INVALID_RECORD, "still bad");
        assertEquals(List.of(
                "x-tenant=t1",
                "dlq-reason-code=INVALID_RECORD",
                "dlq-reason=still bad",
                "dlq-original-topic=wabridge.commands",
                "dlq-original-partition=3",
                "dlq-original-offset=42",
                "dlq-failed-at=2025-11-24T16:00:00.123Z"), headers(record));
        assertNull(record.key());
    }
}

package io.wabridge.bridge.contract;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/** Command records as a consumer would see them. */
final class Records {

    static final String TOPIC = "wabridge.commands";

    private Records() {
    }

    /** A record at partition 3, offset 42; headers as name, value pairs. */
    static ConsumerRecord<byte[], byte[]> record(String key, byte[] value, String... headers) {
        RecordHeaders h = new RecordHeaders();
        for (int i = 0; i < headers.length; i += 2) {
            h.add(headers[i], headers[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        byte[] k = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
        return new ConsumerRecord<>(TOPIC, 3, 42L, 1_700_000_000_000L, TimestampType.CREATE_TIME,
                k == null ? -1 : k.length, value == null ? -1 : value.length, k, value, h, Optional.empty());
    }

    static ConsumerRecord<byte[], byte[]> json(String key, String json) {
        return record(key, utf8(json), "content-type", "application/json");
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}

package io.wabridge.bridge.e2e;

import com.google.protobuf.InvalidProtocolBufferException;
import io.wabridge.proto.v1.EventEnvelope;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.Awaitility;

/** Reads a topic from its beginning on a background thread (no consumer group) and keeps every record. */
public final class KafkaTap implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<ConsumerRecord<byte[], byte[]>> records = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    public KafkaTap(String bootstrap, String topic) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
        List<TopicPartition> partitions = Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> consumer.partitionsFor(topic), p -> p != null && !p.isEmpty())
                .stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = Thread.ofPlatform().daemon().name("tap-" + topic).start(() -> {
            try {
                while (running) {
                    consumer.poll(Duration.ofMillis(50)).forEach(records::add);
                }
            } catch (WakeupException e) {
                // closing
            } finally {
                consumer.close();
            }
        });
    }

    public List<ConsumerRecord<byte[], byte[]>> records() {
        return records;
    }

    /** Events (protobuf) of one session so far, in topic order. */
    public List<EventEnvelope> events(String sessionId) {
        List<EventEnvelope> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            if (r.key() != null && sessionId.equals(new String(r.key(), StandardCharsets.US_ASCII))) {
                out.add(parse(r.value()));
            }
        }
        return out;
    }

    public EventEnvelope awaitEvent(String sessionId, Predicate<EventEnvelope> match) {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> events(sessionId).stream().filter(match).findFirst().orElse(null), e -> e != null);
    }

    public ConsumerRecord<byte[], byte[]> awaitRecord(Predicate<ConsumerRecord<byte[], byte[]>> match) {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> records.stream().filter(match).findFirst().orElse(null), r -> r != null);
    }

    public static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    public static EventEnvelope parse(byte[] value) {
        try {
            return EventEnvelope.parseFrom(value);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("event is not a protobuf EventEnvelope", e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(5_000);
    }
}

package io.wabridge.bench.bridge;

import com.google.protobuf.InvalidProtocolBufferException;
import io.wabridge.proto.v1.EventEnvelope;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the events topic from its beginning on one thread (no consumer group, nothing kept) and hands every
 * protobuf event to the listeners with the moment it was polled; listeners must be quick.
 */
public final class EventStream implements AutoCloseable {

    /** One event; {@code polledNanos} is {@link System#nanoTime()} when the harness read it, {@code producedMillis} the record's timestamp. */
    public interface Listener {
        void onEvent(EventEnvelope event, long polledNanos, long producedMillis);
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    public EventStream(String bootstrap, String topic) throws InterruptedException {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20));
        List<TopicPartition> partitions = List.of();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (partitions.isEmpty() && System.nanoTime() < deadline) {
            var infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
            partitions = infos == null ? List.of() : infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            if (partitions.isEmpty()) {
                Thread.sleep(200);
            }
        }
        if (partitions.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " has no partitions after 60 s");
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = Thread.ofPlatform().daemon().name("events-" + topic).start(this::run);
    }

    public void add(Listener listener) {
        listeners.add(listener);
    }

    public void remove(Listener listener) {
        listeners.remove(listener);
    }

    private void run() {
        try {
            while (running) {
                var records = consumer.poll(Duration.ofMillis(50));
                long now = System.nanoTime();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    EventEnvelope event;
                    try {
                        event = EventEnvelope.parseFrom(r.value());
                    } catch (InvalidProtocolBufferException e) {
                        System.err.println("not a protobuf event at " + r.topic() + "-" + r.partition() + "@" + r.offset());
                        continue;
                    }
                    for (Listener l : listeners) {
                        l.onEvent(event, now, r.timestamp());
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(5_000);
    }
}

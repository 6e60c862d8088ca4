package io.wabridge.bridge.console;

import io.smallrye.common.annotation.Identifier;
import io.wabridge.bridge.config.BridgeConfig;
import io.wabridge.bridge.kafka.KafkaClientConfigs;
import io.wabridge.bridge.kafka.SessionPartitioner;
import io.wabridge.bridge.views.EventReader;
import io.wabridge.proto.v1.EventEnvelope;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * The console's live events: one consumer per worker (no group: it reads every partition of the events topic from
 * its end) that parses only the records of sessions a page is watching and sends them to those pages as
 * Server-Sent Events. A new watcher first gets the session's recent events (read back from its partition). Every
 * {@value #STATUS_EVERY_MS} ms each watcher gets a status event saying whether Kafka answers, so a page shows an
 * outage instead of waiting silently. Started on the first watcher.
 */
@ApplicationScoped
public class ConsoleEvents {
    private static final Logger LOG = Logger.getLogger(ConsoleEvents.class);
    static final long STATUS_EVERY_MS = 3_000;
    /** How far back a new watcher's history reaches in the session's partition (records of all its sessions). */
    private static final int HISTORY_RECORDS = 5_000;
    private static final int HISTORY_EVENTS = 50;
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(2);

    @Inject
    BridgeConfig config;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    private final Map<String, Set<Watcher>> watchers = new ConcurrentHashMap<>();
    private volatile Thread thread;
    private volatile boolean running = true;
    private volatile boolean kafkaUp = true;
    private volatile String kafkaDetail = "";

    private record Watcher(SseEventSink sink, Sse sse) {
        boolean send(String json) {
            if (sink.isClosed()) {
                return false;
            }
            OutboundSseEvent event = sse.newEventBuilder().data(json).build();
            sink.send(event).exceptionally(e -> {
                sink.close();
                return null;
            });
            return true;
        }
    }

    /** Streams the session's recent and then live events to the sink until the page goes away. */
    void watch(String sessionId, SseEventSink sink, Sse sse) {
        start();
        Watcher w = new Watcher(sink, sse);
        watchers.computeIfAbsent(sessionId, k -> ConcurrentHashMap.newKeySet()).add(w);
        w.send(EventView.status(kafkaUp, kafkaDetail));
        for (EventEnvelope e : history(sessionId)) {
            w.send(EventView.of(e));
        }
    }

    /** Whether the consumer reached Kafka at its latest check. */
    boolean kafkaUp() {
        return kafkaUp;
    }

    private synchronized void start() {
        if (thread == null && running) {
            thread = Thread.ofPlatform().daemon().name("wabridge-console-events").start(this::run);
        }
    }

    private Map<String, Object> consumerConfig(String clientId) {
        Map<String, Object> c = KafkaClientConfigs.consumer(kafka, "unused", clientId);
        c.remove(ConsumerConfig.GROUP_ID_CONFIG);
        c.remove(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG);
        c.remove(ConsumerConfig.GROUP_PROTOCOL_CONFIG);
        c.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) KAFKA_TIMEOUT.toMillis());
        c.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) KAFKA_TIMEOUT.toMillis());
        return c;
    }

    private void run() {
        String topic = config.topics().events();
        long nextCheck = 0;
        while (running) {
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig("wabridge-console-events"))) {
                while (running) {
                    long now = System.currentTimeMillis();
                    if (now >= nextCheck) {
                        nextCheck = now + STATUS_EVERY_MS;
                        check(consumer, topic);
                        broadcast(EventView.status(kafkaUp, kafkaDetail));
                    }
                    if (consumer.assignment().isEmpty()) {
                        sleep(200);
                        continue;
                    }
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(300))) {
                        if (r.key() == null) {
                            continue;
                        }
                        Set<Watcher> ws = watchers.get(new String(r.key(), StandardCharsets.US_ASCII));
                        if (ws == null || ws.isEmpty()) {
                            continue;
                        }
                        EventEnvelope e = read(r);
                        if (e != null) {
                            String json = EventView.of(e);
                            ws.removeIf(w -> !w.send(json));
                        }
                    }
                }
            } catch (RuntimeException e) {
                kafkaUp = false;
                kafkaDetail = e.getClass().getSimpleName() + ": " + e.getMessage();
                LOG.debugf(e, "console event consumer failed; restarting");
                sleep(1000);
            }
        }
    }

    /** Checks Kafka answers and that every partition of the events topic is assigned (new ones from their end). */
    private void check(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        try {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, KAFKA_TIMEOUT);
            List<TopicPartition> all = new ArrayList<>();
            partitions.forEach(p -> all.add(new TopicPartition(topic, p.partition())));
            if (!all.isEmpty() && !consumer.assignment().containsAll(all)) {
                List<TopicPartition> added = new ArrayList<>(all);
                added.removeAll(consumer.assignment());
                consumer.assign(all);
                consumer.seekToEnd(added);
                added.forEach(consumer::position); // resolve "end" now, not after the next records arrived
            }
            kafkaUp = !all.isEmpty();
            kafkaDetail = all.isEmpty() ? "the events topic " + topic + " does not exist yet" : "";
        } catch (RuntimeException e) {
            kafkaUp = false;
            kafkaDetail = "Kafka did not answer within " + KAFKA_TIMEOUT.toSeconds() + " s";
        }
    }

    private void broadcast(String json) {
        watchers.values().forEach(ws -> ws.removeIf(w -> !w.send(json)));
        watchers.values().removeIf(Set::isEmpty);
    }

    /** The session's latest events among the last {@value #HISTORY_RECORDS} records of its partition. */
    private List<EventEnvelope> history(String sessionId) {
        String topic = config.topics().events();
        List<EventEnvelope> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerConfig("wabridge-console-history"))) {
            int n = c.partitionsFor(topic, KAFKA_TIMEOUT).size();
            if (n == 0) {
                return found;
            }
            TopicPartition tp = new TopicPartition(topic, SessionPartitioner.partitionOf(sessionId, n));
            c.assign(List.of(tp));
            long end = c.endOffsets(List.of(tp), KAFKA_TIMEOUT).get(tp);
            long begin = c.beginningOffsets(List.of(tp), KAFKA_TIMEOUT).get(tp);
            c.seek(tp, Math.max(begin, end - HISTORY_RECORDS));
            long deadline = System.currentTimeMillis() + 3_000;
            byte[] key = sessionId.getBytes(StandardCharsets.US_ASCII);
            while (c.position(tp) < end && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (r.offset() < end && java.util.Arrays.equals(key, r.key())) {
                        EventEnvelope e = read(r);
                        if (e != null) {
                            found.add(e);
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.debugf(e, "no history for %s", sessionId);
        }
        return found.size() <= HISTORY_EVENTS ? found : found.subList(found.size() - HISTORY_EVENTS, found.size());
    }

    private static EventEnvelope read(ConsumerRecord<byte[], byte[]> r) {
        try {
            return EventReader.read(r.value(), r.headers());
        } catch (EventReader.Unreadable e) {
            return null; // the views dead-letter it; the console just does not show it
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @PreDestroy
    void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            try {
                t.join(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        watchers.values().forEach(ws -> ws.forEach(w -> w.sink().close()));
    }
}

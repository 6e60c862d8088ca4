package io.wabridge.bridge.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.wabridge.bridge.contract.EventEncoder;
import io.wabridge.bridge.contract.EventFactory;
import io.wabridge.bridge.contract.UlidGenerator;
import io.wabridge.bridge.contract.WireFormat;
import io.wabridge.testkit.KafkaBackend;
import io.wabridge.proto.v1.EventEnvelope;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The outcome hook of {@link EventPublisher#publish(EventEnvelope, CompletableFuture, java.util.function.Consumer)}. */
class EventPublisherTest {

    private static final String TOPIC = "pub-test-events-" + UUID.randomUUID();

    private final EventFactory events = new EventFactory(new UlidGenerator(), InstantSource.system());

    @BeforeAll
    static void topic() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaBackend.EMBEDDED_KRAFT.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(60, TimeUnit.SECONDS);
        }
    }

    private EventPublisher publisher(SimpleMeterRegistry metrics) {
        var producer = new KafkaProducer<byte[], byte[]>(KafkaClientConfigs.producer(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBackend.EMBEDDED_KRAFT.bootstrapServers()), "pub-test"));
        return new EventPublisher(producer, new EventEncoder(TOPIC, WireFormat.PROTOBUF), metrics);
    }

    @Test
    void theOutcomeIsHandedOverBeforeTheFutureCompletes() throws Exception {
        var metrics = new SimpleMeterRegistry();
        try (EventPublisher publisher = publisher(metrics)) {
            CompletableFuture<Void> acked = new CompletableFuture<>();
            AtomicReference<Object> seen = new AtomicReference<>();
            publisher.publish(events.ok("s-1", "c-1", "m-1"), acked,
                    failure -> seen.set(acked.isDone() ? "after" : failure == null ? "ok" : failure));
            acked.get(60, TimeUnit.SECONDS);
            assertEquals("ok", seen.get());
            assertEquals(1.0, metrics.counter("wabridge.events.produced", "type", "command_result").count());
        }
    }

    @Test
    void aFailedSendAndAFailingHookFailTheFuture() throws Exception {
        var metrics = new SimpleMeterRegistry();
        EventPublisher publisher = publisher(metrics);
        publisher.close(Duration.ofSeconds(10));
        CompletableFuture<Void> acked = new CompletableFuture<>();
        AtomicReference<Throwable> seen = new AtomicReference<>();
        publisher.publish(events.ok("s-1", "c-2", ""), acked, seen::set);
        var e = assertThrows(ExecutionException.class, () -> acked.get(60, TimeUnit.SECONDS));
        assertNotNull(seen.get(), "the hook saw the failure");
        assertSame(seen.get(), e.getCause());
        assertEquals(1.0, metrics.counter("wabridge.events.failed", "type", "command_result").count());

        try (EventPublisher open = publisher(new SimpleMeterRegistry())) {
            CompletableFuture<Void> hookFailed = new CompletableFuture<>();
            IllegalStateException bug = new IllegalStateException("hook bug");
            open.publish(events.ok("s-1", "c-3", ""), hookFailed, failure -> {
                assertNull(failure);
                throw bug;
            });
            var failed = assertThrows(ExecutionException.class, () -> hookFailed.get(60, TimeUnit.SECONDS));
            assertSame(bug, failed.getCause());
            assertTrue(hookFailed.isCompletedExceptionally());
        }
    }
}

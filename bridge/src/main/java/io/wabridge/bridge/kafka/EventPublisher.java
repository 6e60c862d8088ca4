package io.wabridge.bridge.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.wabridge.bridge.contract.EventEncoder;
import io.wabridge.proto.v1.EventEnvelope;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes events (and dead letters) through one idempotent producer. Every publish returns a future completed
 * when Kafka acknowledged the record (acks=all), or failed when the producer gave up: callers that must not lose
 * what they publish (a command's result, later an inbound WhatsApp message before it is acked to WhatsApp) chain
 * on it. Records of one session keep their order: same key, one producer, idempotence. Thread-safe.
 */
public final class EventPublisher implements AutoCloseable {

    private final Producer<byte[], byte[]> producer;
    private final EventEncoder encoder;
    private final Map<EventEnvelope.EventCase, Counter> produced = new EnumMap<>(EventEnvelope.EventCase.class);
    private final Map<EventEnvelope.EventCase, Counter> failed = new EnumMap<>(EventEnvelope.EventCase.class);
    private final Counter deadLetters;

    public EventPublisher(Producer<byte[], byte[]> producer, EventEncoder encoder, MeterRegistry metrics) {
        this.producer = producer;
        this.encoder = encoder;
        for (EventEnvelope.EventCase kind : EventEnvelope.EventCase.values()) {
            if (kind != EventEnvelope.EventCase.EVENT_NOT_SET) {
                String type = EventEncoder.typeName(kind);
                produced.put(kind, Counter.builder("wabridge.events.produced").tag("type", type)
                        .description("Events Kafka acknowledged").register(metrics));
                failed.put(kind, Counter.builder("wabridge.events.failed").tag("type", type)
                        .description("Events the producer gave up on").register(metrics));
            }
        }
        this.deadLetters = Counter.builder("wabridge.dlq.records")
                .description("Rejected command records written to the DLQ").register(metrics);
    }

    /** Completes when Kafka acknowledged the event. */
    public CompletableFuture<Void> publish(EventEnvelope event) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        publish(event, acked);
        return acked;
    }

    /**
     * {@link #publish(EventEnvelope)} completing the caller's future (one future less per event than chaining on
     * the returned one: completions run on the producer's I/O thread).
     */
    public void publish(EventEnvelope event, CompletableFuture<Void> acked) {
        publish(event, acked, null);
    }

    /**
     * {@link #publish(EventEnvelope, CompletableFuture)} that first hands the outcome (null when acknowledged, else
     * the failure) to {@code outcome}, on the producer's I/O thread before {@code acked} completes: what a caller
     * counts or logs per event needs no future of its own. {@code outcome} must not block; one that throws fails
     * {@code acked} with its exception.
     */
    public void publish(EventEnvelope event, CompletableFuture<Void> acked, Consumer<Throwable> outcome) {
        EventEnvelope.EventCase kind = event.getEventCase();
        send(encoder.encode(event), acked, produced.get(kind), failed.get(kind), outcome);
    }

    /** Writes a DLQ record; completes when Kafka acknowledged it. */
    public CompletableFuture<Void> deadLetter(ProducerRecord<byte[], byte[]> record) {
        return send(record).whenComplete((ok, failure) -> {
            if (failure == null) {
                deadLetters.increment();
            }
        });
    }

    /**
     * Writes a command the bridge issues itself (eager media downloads, see {@code EagerDownloads}) to the commands
     * topic; completes when Kafka acknowledged it.
     */
    public CompletableFuture<Void> command(ProducerRecord<byte[], byte[]> record) {
        return send(record);
    }

    private CompletableFuture<Void> send(ProducerRecord<byte[], byte[]> record) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        send(record, acked, null, null, null);
        return acked;
    }

    /**
     * Counts the outcome (when given counters) and hands it to {@code outcome} (when given) before completing
     * {@code acked}.
     */
    private void send(ProducerRecord<byte[], byte[]> record, CompletableFuture<Void> acked, Counter ok, Counter notOk,
                      Consumer<Throwable> outcome) {
        try {
            producer.send(record, (metadata, failure) -> finish(acked, failure, ok, notOk, outcome));
        } catch (RuntimeException e) { // buffer full or metadata missing past max.block.ms, producer closed
            finish(acked, e, ok, notOk, outcome);
        }
    }

    private static void finish(CompletableFuture<Void> acked, Throwable failure, Counter ok, Counter notOk,
                               Consumer<Throwable> outcome) {
        Counter counter = failure == null ? ok : notOk;
        if (counter != null) {
            counter.increment();
        }
        if (outcome != null) {
            try {
                outcome.accept(failure);
            } catch (Throwable e) { // a caller's bug must not leave its future open, nor reach the producer's thread
                acked.completeExceptionally(e);
                return;
            }
        }
        if (failure == null) {
            acked.complete(null);
        } else {
            acked.completeExceptionally(failure);
        }
    }

    /** Sends everything buffered and waits for the acknowledgements. */
    public void flush() {
        producer.flush();
    }

    public void close(Duration timeout) {
        producer.close(timeout);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}

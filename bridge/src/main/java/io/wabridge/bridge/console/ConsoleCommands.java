package io.wabridge.bridge.console;

import com.google.protobuf.Timestamp;
import io.smallrye.common.annotation.Identifier;
import io.wabridge.bridge.config.BridgeConfig;
import io.wabridge.bridge.contract.CommandValidator;
import io.wabridge.bridge.contract.InvalidCommandException;
import io.wabridge.bridge.contract.SessionIds;
import io.wabridge.bridge.contract.UlidGenerator;
import io.wabridge.bridge.contract.WireFormat;
import io.wabridge.bridge.kafka.KafkaClientConfigs;
import io.wabridge.proto.v1.CommandEnvelope;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;

/**
 * The console's producer: each action becomes one {@code CommandEnvelope} on the command topic, keyed by session id
 * like any producer's, validated first with the contract's own rules (so a bad session id or JID gets the same
 * message the bridge would publish), with a fresh {@code commandId} the page shows. An audit line names the user.
 */
@ApplicationScoped
public class ConsoleCommands {
    static final Logger AUDIT = Logger.getLogger("wabridge.audit");
    /** How long the page waits for Kafka to take a command before it says Kafka is unreachable. */
    private static final long SEND_TIMEOUT_MS = 5_000;

    @Inject
    BridgeConfig config;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    private final UlidGenerator ulids = new UlidGenerator();
    private volatile KafkaProducer<byte[], byte[]> producer;

    /** Where a command went. */
    record Sent(String commandId, String sessionId, int partition, long offset) {
    }

    /** Validates, produces and audits one command; {@code what} names the action in the audit line. */
    Sent send(String user, String what, CommandEnvelope.Builder command) throws ConsoleException {
        String sessionId = command.getSessionId();
        String commandId = "console-" + ulids.next();
        command.setCommandId(commandId).setIssuedAt(now());
        CommandEnvelope valid;
        try {
            SessionIds.check(sessionId, "session_id");
            valid = CommandValidator.validate(command.build()); // canonical JIDs and phone numbers
        } catch (InvalidCommandException e) {
            AUDIT.infof("console-refused user=%s action=%s session=%s code=%s", user, what, printable(sessionId),
                    e.code().name());
            throw new ConsoleException(400, e.code().name(), e.getMessage());
        }
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", WireFormat.PROTOBUF.contentType().getBytes(StandardCharsets.US_ASCII));
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(config.topics().commands(), null,
                sessionId.getBytes(StandardCharsets.US_ASCII), valid.toByteArray(), headers);
        try {
            RecordMetadata m = producer().send(record).get(SEND_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            AUDIT.infof("console-command user=%s action=%s session=%s commandId=%s partition=%d offset=%d", user,
                    what, sessionId, commandId, m.partition(), m.offset());
            return new Sent(commandId, sessionId, m.partition(), m.offset());
        } catch (TimeoutException | ExecutionException | RuntimeException e) {
            AUDIT.infof("console-command-failed user=%s action=%s session=%s commandId=%s error=%s", user, what,
                    sessionId, commandId, e.getClass().getSimpleName());
            throw new ConsoleException(503, "KAFKA_UNAVAILABLE", "Kafka did not take the command within "
                    + SEND_TIMEOUT_MS / 1000 + " s (" + (e.getCause() != null ? e.getCause().getMessage()
                    : e.getClass().getSimpleName()) + "); nothing was sent, try again when Kafka is back");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConsoleException(503, "INTERRUPTED", "interrupted");
        }
    }

    private KafkaProducer<byte[], byte[]> producer() {
        KafkaProducer<byte[], byte[]> p = producer;
        if (p == null) {
            synchronized (this) {
                if (producer == null) {
                    Map<String, Object> c = KafkaClientConfigs.producer(kafka, "wabridge-console");
                    c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) SEND_TIMEOUT_MS);
                    c.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT_MS);
                    c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT_MS);
                    c.put(ProducerConfig.LINGER_MS_CONFIG, 0);
                    producer = new KafkaProducer<>(c);
                }
                p = producer;
            }
        }
        return p;
    }

    @PreDestroy
    void close() {
        KafkaProducer<byte[], byte[]> p = producer;
        if (p != null) {
            p.close(java.time.Duration.ofSeconds(2));
        }
    }

    private static Timestamp now() {
        Instant n = Instant.now();
        return Timestamp.newBuilder().setSeconds(n.getEpochSecond()).setNanos(n.getNano()).build();
    }

    static String printable(String s) {
        return s == null ? "" : s.replaceAll("[^A-Za-z0-9._:@+-]", "?");
    }
}

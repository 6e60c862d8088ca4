package io.wabridge.bridge.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.wabridge.bridge.contract.SessionIds;
import io.wabridge.proto.v1.ErrorCode;
import io.wabridge.proto.v1.EventEnvelope;
import io.wabridge.testkit.quarkus.EmbeddedInfra;
import io.wabridge.testkit.quarkus.EmbeddedInfraResource;
import io.wabridge.testkit.quarkus.InjectEmbeddedInfra;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 21: the error event about a rejected record goes back on the record's own key (so the producer watching that
 * key sees it), or on the documented fallback when the key is missing or invalid; the DLQ copy is the record byte for
 * byte. One case per rejection code (and per fallback branch), through the real (embedded) Kafka broker.
 */
@QuarkusTest
@WithTestResource(EmbeddedInfraResource.class)
// The same resources as BridgeLoopTest, so both run in one application boot.
@WithTestResource(SimulatorResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RejectionRoutingTest {
    static final String COMMANDS = "wabridge.commands";
    static final String JSON = "application/json";

    /**
     * A record to reject: key (null: none), value, content-type, the expected code, the session its event must be
     * reported to, and the expected causation-id (null: the record's coordinates).
     */
    record Case(String name, byte[] key, byte[] value, String contentType, ErrorCode code, String reportedTo,
                String causation) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case json(String name, String key, String json, ErrorCode code, String reportedTo, String causation) {
        return new Case(name, ascii(key), json.getBytes(StandardCharsets.UTF_8), JSON, code, reportedTo, causation);
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("invalid record: not a protobuf", ascii("rr-invalid"), new byte[] {(byte) 0xff, 1, 2},
                        null, ErrorCode.INVALID_RECORD, "rr-invalid", null),
                new Case("invalid record: no value", ascii("rr-empty"), null, JSON, ErrorCode.INVALID_RECORD,
                        "rr-empty", null),
                new Case("unsupported content type", ascii("rr-ctype"), ascii("connect please"), "text/plain",
                        ErrorCode.UNSUPPORTED_CONTENT_TYPE, "rr-ctype", null),
                json("missing session id: fallback key", null, "{\"commandId\":\"rr-missing\",\"logout\":{}}",
                        ErrorCode.MISSING_SESSION_ID, SessionIds.NO_SESSION, "rr-missing"),
                json("invalid session id in the body: the valid key", "rr-badbody",
                        "{\"commandId\":\"rr-badbody-c\",\"sessionId\":\"not valid!\",\"logout\":{}}",
                        ErrorCode.INVALID_SESSION_ID, "rr-badbody", "rr-badbody-c"),
                json("invalid key: fallback key", "rr bad/key", "{\"commandId\":\"rr-badkey\",\"logout\":{}}",
                        ErrorCode.INVALID_SESSION_ID, SessionIds.NO_SESSION, "rr-badkey"),
                json("reserved key: fallback key", SessionIds.NO_SESSION,
                        "{\"commandId\":\"rr-reserved\",\"logout\":{}}",
                        ErrorCode.INVALID_SESSION_ID, SessionIds.NO_SESSION, "rr-reserved"),
                json("invalid key and invalid body: fallback key", "rr bad", "{\"sessionId\":\"also bad\",\"logout\":{}}",
                        ErrorCode.INVALID_SESSION_ID, SessionIds.NO_SESSION, null),
                json("mismatch: the key, never the body's session", "rr-acme",
                        "{\"commandId\":\"rr-mm\",\"sessionId\":\"rr-not-acme\",\"logout\":{}}",
                        ErrorCode.SESSION_ID_MISMATCH, "rr-acme", "rr-mm"),
                json("mismatch without key: the body's session", null,
                        "{\"commandId\":\"rr-mm-nokey\",\"sessionId\":\"rr-body\",\"logout\":{}}",
                        ErrorCode.SESSION_ID_MISMATCH, "rr-body", "rr-mm-nokey"),
                json("mismatch with an invalid key: the body's session", "rr body",
                        "{\"commandId\":\"rr-mm-badkey\",\"sessionId\":\"rr-body-2\",\"logout\":{}}",
                        ErrorCode.SESSION_ID_MISMATCH, "rr-body-2", "rr-mm-badkey"),
                json("unknown command", "rr-unknown", "{\"commandId\":\"rr-u\",\"teleport\":{\"to\":\"mars\"}}",
                        ErrorCode.UNKNOWN_COMMAND, "rr-unknown", "rr-u"),
                json("invalid command", "rr-invalid-cmd", "{\"sendMessage\":{\"content\":{\"text\":\"hi\"}}}",
                        ErrorCode.INVALID_COMMAND, "rr-invalid-cmd", null),
                json("invalid jid", "rr-jid",
                        "{\"commandId\":\"rr-j\",\"sendMessage\":{\"to\":\"not a jid!\",\"content\":{\"text\":\"hi\"}}}",
                        ErrorCode.INVALID_JID, "rr-jid", "rr-j"),
                json("text too long", "rr-long", "{\"commandId\":\"rr-l\",\"sendMessage\":{\"to\":\"15550001111\","
                        + "\"content\":{\"text\":\"" + "a".repeat(65_537) + "\"}}}",
                        ErrorCode.TEXT_TOO_LONG, "rr-long", "rr-l"));
    }

    @InjectEmbeddedInfra
    EmbeddedInfra infra;

    private CommandSender producer;
    private KafkaTap events;
    private KafkaTap dlq;

    @BeforeAll
    void connectToKafka() {
        String bootstrap = infra.kafka().bootstrapServers();
        producer = new CommandSender(bootstrap);
        events = new KafkaTap(bootstrap, "wabridge.events");
        dlq = new KafkaTap(bootstrap, "wabridge.commands.dlq");
    }

    @AfterAll
    void close() throws Exception {
        producer.close();
        events.close();
        dlq.close();
    }

    @Test
    void everyRejectionCodeHasACase() {
        // The record-level codes are 1-19 (ErrorCode's own comment); 20 and up are results of valid commands.
        Set<ErrorCode> rejections = Arrays.stream(ErrorCode.values())
                .filter(c -> c != ErrorCode.UNRECOGNIZED && c.getNumber() > 0 && c.getNumber() < 20)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(ErrorCode.class)));
        Set<ErrorCode> covered = cases().map(Case::code).collect(Collectors.toSet());
        assertEquals(rejections, covered);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theErrorEventGoesToTheRecordsKeyAndTheDlqCopyIsTheRecord(Case c) {
        RecordHeaders headers = new RecordHeaders();
        if (c.contentType() != null) {
            headers.add("content-type", ascii(c.contentType()));
        }
        headers.add("traceparent", ascii("00-" + c.name().hashCode() + "-01"));
        RecordMetadata sent = send(new ProducerRecord<>(COMMANDS, null, c.key(), c.value(), headers));
        String coordinates = COMMANDS + "-" + sent.partition() + "@" + sent.offset();
        String causation = c.causation() != null ? c.causation() : coordinates;

        // The error event: on the expected key, session-id and causation-id headers, the code in the body.
        ConsumerRecord<byte[], byte[]> event = events.awaitRecord(r -> causation.equals(KafkaTap.header(r, "causation-id"))
                && "command_result".equals(KafkaTap.header(r, "type")));
        assertArrayEquals(ascii(c.reportedTo()), event.key(), () -> "event key " + text(event.key()));
        assertEquals(c.reportedTo(), KafkaTap.header(event, "session-id"));
        EventEnvelope envelope = KafkaTap.parse(event.value());
        assertEquals(c.reportedTo(), envelope.getSessionId());
        assertEquals(causation, envelope.getCausationId());
        assertEquals(envelope.getEventId(), KafkaTap.header(event, "event-id"));
        assertEquals(c.code().name(), envelope.getCommandResult().getError().getCode());
        assertFalse(envelope.getCommandResult().getError().getMessage().isEmpty());
        assertEquals(1, events.records().stream()
                .filter(r -> causation.equals(KafkaTap.header(r, "causation-id"))).count(), "one error event");

        // The DLQ copy: the record's key, value and headers byte for byte, then the dlq-* headers.
        ConsumerRecord<byte[], byte[]> d = dlq.awaitRecord(r ->
                String.valueOf(sent.offset()).equals(KafkaTap.header(r, "dlq-original-offset"))
                        && String.valueOf(sent.partition()).equals(KafkaTap.header(r, "dlq-original-partition")));
        assertArrayEquals(c.key(), d.key(), "the original key");
        assertArrayEquals(c.value(), d.value(), "the original bytes");
        List<String> expected = new ArrayList<>();
        headers.forEach(h -> expected.add(h.key()));
        expected.addAll(List.of("dlq-reason-code", "dlq-reason", "dlq-original-topic", "dlq-original-partition",
                "dlq-original-offset", "dlq-failed-at"));
        List<String> actual = new ArrayList<>();
        d.headers().forEach(h -> actual.add(h.key()));
        assertEquals(expected, actual);
        for (Header h : headers) {
            assertArrayEquals(h.value(), d.headers().lastHeader(h.key()).value(), h.key());
        }
        assertEquals(c.code().name(), KafkaTap.header(d, "dlq-reason-code"));
        assertEquals(envelope.getCommandResult().getError().getMessage(), KafkaTap.header(d, "dlq-reason"));
        assertEquals(COMMANDS, KafkaTap.header(d, "dlq-original-topic"));
        assertTrue(Instant.parse(KafkaTap.header(d, "dlq-failed-at")).isAfter(Instant.now().minusSeconds(300)));
    }

    @Test
    void aMismatchedSessionIdNeverHearsOfTheRecord() {
        send(new ProducerRecord<>(COMMANDS, null, ascii("rr-acme-2"),
                "{\"commandId\":\"rr-mm-2\",\"sessionId\":\"rr-bystander\",\"logout\":{}}".getBytes(StandardCharsets.UTF_8),
                new RecordHeaders().add("content-type", ascii(JSON))));
        EventEnvelope error = events.awaitEvent("rr-acme-2", e -> "rr-mm-2".equals(e.getCausationId()));
        assertEquals("SESSION_ID_MISMATCH", error.getCommandResult().getError().getCode());
        assertTrue(events.events("rr-bystander").isEmpty(), "the session named in the body did nothing");
        assertTrue(events.records().stream().noneMatch(r -> "rr-bystander".equals(KafkaTap.header(r, "session-id"))));
    }

    private RecordMetadata send(ProducerRecord<byte[], byte[]> record) {
        return producer.send(record);
    }

    private static byte[] ascii(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(byte[] b) {
        return b == null ? "null" : new String(b, StandardCharsets.US_ASCII);
    }
}

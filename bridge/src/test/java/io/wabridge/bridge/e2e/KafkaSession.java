package io.wabridge.bridge.e2e;

import io.wabridge.proto.v1.ConnectionUpdate;
import io.wabridge.proto.v1.EventEnvelope;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.testkit.quarkus.EmbeddedInfra;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * One session's line to the bridge for an end-to-end test, as a producer application has it: JSON commands keyed by
 * the session id on the command topic, its events and the DLQ read back from Kafka.
 */
final class KafkaSession implements AutoCloseable {
    private final String session;
    private final CommandSender producer;
    private final KafkaTap events;
    private final KafkaTap dlq;

    KafkaSession(EmbeddedInfra infra, String session) {
        this.session = session;
        this.producer = new CommandSender(infra.kafka().bootstrapServers());
        this.events = new KafkaTap(infra.kafka().bootstrapServers(), "wabridge.events");
        this.dlq = new KafkaTap(infra.kafka().bootstrapServers(), "wabridge.commands.dlq");
    }

    KafkaTap events() {
        return events;
    }

    KafkaTap dlq() {
        return dlq;
    }

    /** Produces a JSON command record for the session (waiting for Kafka's ack). */
    RecordMetadata command(String json) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", "application/json".getBytes(StandardCharsets.US_ASCII));
        return producer.send(new ProducerRecord<>("wabridge.commands", null, session.getBytes(StandardCharsets.US_ASCII),
                json.getBytes(StandardCharsets.UTF_8), headers));
    }

    /** The command_result event of {@code commandId}. */
    EventEnvelope result(String commandId) {
        return events.awaitEvent(session, e -> e.hasCommandResult() && commandId.equals(e.getCausationId()));
    }

    /** Connects the session with a QR code ({@code commandId}), has the account's phone scan it, waits for OPEN. */
    void linkByQr(PhoneAccount account, String commandId) throws Exception {
        command("{\"commandId\":\"" + commandId + "\",\"connect\":{\"qr\":{}}}");
        EventEnvelope qr = events.awaitEvent(session, EventEnvelope::hasQr);
        account.phone().scanQr(qr.getQr().getCode()).get(30, TimeUnit.SECONDS);
        events.awaitEvent(session, e -> e.hasConnectionUpdate()
                && e.getConnectionUpdate().getState() == ConnectionUpdate.State.OPEN);
    }

    /**
     * Disconnects the session ({@code commandId}) and waits for the result: the Quarkus app is shared with the other
     * bridge tests, which count open sessions.
     */
    void disconnect(String commandId) {
        command("{\"commandId\":\"" + commandId + "\",\"disconnect\":{}}");
        result(commandId);
    }

    @Override
    public void close() throws Exception {
        producer.close();
        events.close();
        dlq.close();
    }
}

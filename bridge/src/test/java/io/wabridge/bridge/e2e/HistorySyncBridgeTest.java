package io.wabridge.bridge.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.wabridge.bridge.e2e.SimulatorResource.InjectSimulator;
import io.wabridge.proto.v1.ConnectionUpdate;
import io.wabridge.proto.v1.EventEnvelope;
import io.wabridge.proto.v1.HistorySyncEvent;
import io.wabridge.proto.v1.HistorySyncType;
import io.wabridge.proto.v1.MessageEvent;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.history.SimulatedHistory;
import io.wabridge.testkit.quarkus.EmbeddedInfra;
import io.wabridge.testkit.quarkus.EmbeddedInfraResource;
import io.wabridge.testkit.quarkus.InjectEmbeddedInfra;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * History sync through the bridge: a session linked to a phone with seeded history publishes history_sync events
 * on Kafka (parts in order, messages flagged history with typed content, chats, push names, LID mappings, none over
 * 256 KiB); a chunk with a broken zlib stream becomes an error part naming the sync type and the session goes on;
 * request_history gets a command_result ok with the request id and an ON_DEMAND history_sync naming it.
 */
@QuarkusTest
@WithTestResource(EmbeddedInfraResource.class)
@WithTestResource(SimulatorResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HistorySyncBridgeTest {
    private static final String SESSION = "hist-1";
    private static final String PHONE = "15550006666";
    private static final String BOB = "15550007777@s.whatsapp.net";

    @InjectEmbeddedInfra
    EmbeddedInfra infra;

    @InjectSimulator
    SimulatedServer simulator;

    private CommandSender producer;
    private KafkaTap events;

    @BeforeAll
    void connectToKafka() {
        producer = new CommandSender(infra.kafka().bootstrapServers());
        events = new KafkaTap(infra.kafka().bootstrapServers(), "wabridge.events");
    }

    @AfterAll
    void close() throws Exception {
        producer.close();
        events.close();
    }

    @Test
    void historyFlowsToKafkaInOrderedPartsAndRequestHistoryIsAnswered() throws Exception {
        PhoneAccount account = simulator.create(PHONE);
        List<SimulatedHistory.Msg> bob = new ArrayList<>();
        for (int i = 0; i < 450; i++) {
            bob.add(new SimulatedHistory.Msg("BOB" + i, i % 5 == 0, null, "message " + i + " " + "x".repeat(200),
                    1_700_000_000L + i));
        }
        simulator.history().seed(account, new SimulatedHistory.Seed(List.of(
                new SimulatedHistory.Chat(BOB, "Bob", false, true, 1, 0, bob)),
                Map.of(BOB, "Bobby"), Map.of(BOB, "888001@lid"), 300, true));

        command("{\"commandId\":\"h-connect\",\"connect\":{\"qr\":{}}}");
        EventEnvelope qr = events.awaitEvent(SESSION, EventEnvelope::hasQr);
        account.phone().scanQr(qr.getQr().getCode()).get(10, TimeUnit.SECONDS);
        events.awaitEvent(SESSION, e -> e.hasConnectionUpdate()
                && e.getConnectionUpdate().getState() == ConnectionUpdate.State.OPEN);
        events.awaitEvent(SESSION, e -> e.hasHistorySync()
                && e.getHistorySync().getSyncType() == HistorySyncType.HISTORY_SYNC_TYPE_PUSH_NAME);

        List<HistorySyncEvent> parts = events.events(SESSION).stream().filter(EventEnvelope::hasHistorySync)
                .map(EventEnvelope::getHistorySync).toList();
        HistorySyncEvent first = parts.getFirst();
        assertEquals(HistorySyncType.HISTORY_SYNC_TYPE_INITIAL_BOOTSTRAP, first.getSyncType());
        assertEquals(0, first.getPart());
        List<MessageEvent> messages = parts.stream().flatMap(p -> p.getMessagesList().stream()).toList();
        assertEquals(450, messages.size());
        assertTrue(messages.stream().allMatch(MessageEvent::getHistory), "every history message is flagged");
        assertEquals("BOB1", messages.get(1).getId());
        assertTrue(messages.get(1).getContent().getText().startsWith("message 1 "));
        assertEquals(BOB, messages.get(1).getSender().getPn());
        assertEquals(BOB, messages.get(1).getChat());
        assertTrue(messages.getFirst().getFromMe());
        assertTrue(parts.stream().allMatch(p -> p.getMessagesCount() <= 200));
        List<Integer> bootstrapParts = parts.stream().filter(p -> p.getSyncType()
                == HistorySyncType.HISTORY_SYNC_TYPE_INITIAL_BOOTSTRAP).map(HistorySyncEvent::getPart).toList();
        assertEquals(List.of(0, 1), bootstrapParts.subList(0, 2), "parts of a chunk are numbered in order");
        assertTrue(parts.stream().flatMap(p -> p.getConversationsList().stream())
                .anyMatch(c -> c.getId().equals(BOB) && c.getName().equals("Bob") && c.getPinned()));
        assertEquals("Bobby", parts.getLast().getPushNames(0).getName());
        assertTrue(parts.stream().flatMap(p -> p.getLidMappingsList().stream())
                .anyMatch(m -> m.getPn().equals(BOB) && m.getLid().equals("888001@lid")));
        List<ConsumerRecord<byte[], byte[]>> records = events.records().stream()
                .filter(r -> "history_sync".equals(KafkaTap.header(r, "type"))
                        && SESSION.equals(KafkaTap.header(r, "session-id"))).toList();
        assertEquals(parts.size(), records.size());
        assertTrue(records.stream().allMatch(r -> r.value().length < 256 * 1024), "every event under 256 KiB");

        // A broken chunk: an error part naming the type, then the session still works.
        simulator.history().damageNext(SimulatedHistory.Damage.ZLIB, 1);
        simulator.history().sendTo(account, account.devices().getFirst().id());
        EventEnvelope broken = events.awaitEvent(SESSION, e -> e.hasHistorySync() && e.getHistorySync().hasError());
        assertEquals("HISTORY_PAYLOAD_INVALID", broken.getHistorySync().getError().getCode());
        assertTrue(broken.getHistorySync().getError().getMessage().contains("INITIAL_BOOTSTRAP"));
        assertTrue(broken.getHistorySync().getLastPart());

        command("{\"commandId\":\"h-req\",\"requestHistory\":{\"chat\":\"15550007777\",\"before\":{\"id\":\"BOB100\","
                + "\"timestamp\":\"2023-11-14T22:15:00Z\"},\"count\":3}}");
        EventEnvelope result = events.awaitEvent(SESSION, e -> e.hasCommandResult() && "h-req".equals(e.getCausationId()));
        assertTrue(result.getCommandResult().hasOk(), result.toString());
        String requestId = result.getCommandResult().getOk().getMessageId();
        assertFalse(requestId.isEmpty());
        EventEnvelope answer = events.awaitEvent(SESSION, e -> e.hasHistorySync()
                && e.getHistorySync().getSyncType() == HistorySyncType.HISTORY_SYNC_TYPE_ON_DEMAND);
        assertEquals(requestId, answer.getHistorySync().getRequestId());
        assertEquals(List.of("BOB97", "BOB98", "BOB99"), answer.getHistorySync().getMessagesList().stream()
                .map(MessageEvent::getId).toList());

        command("{\"commandId\":\"h-bad\",\"requestHistory\":{\"chat\":\"15550007777\",\"count\":3}}");
        EventEnvelope bad = events.awaitEvent(SESSION, e -> e.hasCommandResult() && "h-bad".equals(e.getCausationId()));
        assertEquals("INVALID_COMMAND", bad.getCommandResult().getError().getCode());
    }

    private void command(String json) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", "application/json".getBytes(StandardCharsets.US_ASCII));
        producer.send(new ProducerRecord<>("wabridge.commands", null, SESSION.getBytes(StandardCharsets.US_ASCII),
                json.getBytes(StandardCharsets.UTF_8), headers));
    }
}

package io.wabridge.bridge.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.wabridge.bridge.e2e.SimulatorResource.InjectSimulator;
import io.wabridge.bridge.kafka.SessionPartitioner;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.presence.ChatState;
import io.wabridge.simulator.contact.ContactChatState;
import io.wabridge.simulator.contact.ContactMessage;
import io.wabridge.simulator.contact.SimulatedContact;
import io.wabridge.proto.v1.ConnectionUpdate;
import io.wabridge.proto.v1.EventEnvelope;
import io.wabridge.testkit.quarkus.EmbeddedInfra;
import io.wabridge.testkit.quarkus.EmbeddedInfraResource;
import io.wabridge.testkit.quarkus.InjectEmbeddedInfra;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The bridge's loop end to end, in one boot: commands produced to the real (embedded) Kafka broker, sessions
 * connecting to the in-process simulator, events and dead letters read back from Kafka, state in MongoDB (wire).
 * Each test uses its own session ids, so they share the topics without seeing each other's events.
 */
@QuarkusTest
@WithTestResource(EmbeddedInfraResource.class)
@WithTestResource(SimulatorResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BridgeLoopTest {
    static final String COMMANDS = "wabridge.commands";
    static final int PARTITIONS = 12;

    @InjectEmbeddedInfra
    EmbeddedInfra infra;

    @InjectSimulator
    SimulatedServer simulator;

    @Inject
    MongoClient mongo;

    private CommandSender producer;
    private KafkaTap events;
    private KafkaTap dlq;
    private Admin admin;

    @BeforeAll
    void connectToKafka() {
        String bootstrap = infra.kafka().bootstrapServers();
        producer = new CommandSender(bootstrap);
        events = new KafkaTap(bootstrap, "wabridge.events");
        dlq = new KafkaTap(bootstrap, "wabridge.commands.dlq");
        admin = Admin.create(Map.of("bootstrap.servers", bootstrap));
    }

    @AfterAll
    void close() throws Exception {
        producer.close();
        events.close();
        dlq.close();
        admin.close();
    }

    @Test
    @Order(1)
    void connectShowsAQrCodeCausedByTheCommandAndTheSessionIsListed() {
        RecordMetadata sent = command("qr-1", "{\"commandId\":\"c-qr-1\",\"connect\":{\"qr\":{}}}");
        assertEquals(SessionPartitioner.partitionOf("qr-1", PARTITIONS), sent.partition(), "the partitioner agrees with Kafka's");

        EventEnvelope qr = events.awaitEvent("qr-1", e -> e.hasQr());
        assertEquals("c-qr-1", qr.getCausationId());
        assertEquals(5, qr.getQr().getCode().split(",").length, "ref,noise,identity,adv,platform");
        assertTrue(Instant.ofEpochSecond(qr.getQr().getExpiresAt().getSeconds()).isAfter(Instant.now()));
        EventEnvelope connecting = events.awaitEvent("qr-1", e -> e.hasConnectionUpdate());
        assertEquals(ConnectionUpdate.State.CONNECTING, connecting.getConnectionUpdate().getState());
        assertEquals("c-qr-1", connecting.getCausationId());
        EventEnvelope result = awaitResult("qr-1", "c-qr-1");
        assertTrue(result.getCommandResult().hasOk(), result.toString());
        ConsumerRecord<byte[], byte[]> qrRecord = events.awaitRecord(r -> "qr".equals(KafkaTap.header(r, "type"))
                && "qr-1".equals(KafkaTap.header(r, "session-id")));
        assertEquals("c-qr-1", KafkaTap.header(qrRecord, "causation-id"));
        assertEquals("application/x-protobuf", KafkaTap.header(qrRecord, "content-type"));

        given().get("/sessions").then().statusCode(200).body("id", hasItem("qr-1"));
        given().get("/sessions/qr-1").then().statusCode(200)
                .body("state", equalTo("pairing"))
                .body("desired", equalTo("connected"))
                .body("partition", equalTo(sent.partition()));
        given().get("/sessions/nobody").then().statusCode(404);
        Document registered = mongo.getDatabase("wabridge").getCollection("wa_sessions").find(Filters.eq("_id", "qr-1")).first();
        assertEquals("connected", registered.getString("desired"));
        assertEquals("pairing", registered.getString("state"));
        assertEquals(sent.partition(), registered.getInteger("partition"));

        command("qr-1", "{\"commandId\":\"c-qr-2\",\"disconnect\":{}}");
        EventEnvelope closed = events.awaitEvent("qr-1", e -> e.hasConnectionUpdate()
                && e.getConnectionUpdate().getState() == ConnectionUpdate.State.CLOSED);
        assertEquals("c-qr-2", closed.getCausationId());
        assertFalse(closed.getConnectionUpdate().getWillReconnect());
        assertTrue(awaitResult("qr-1", "c-qr-2").getCommandResult().hasOk());
        assertEquals("disconnected", mongo.getDatabase("wabridge").getCollection("wa_sessions")
                .find(Filters.eq("_id", "qr-1")).first().getString("desired"));
    }

    @Test
    @Order(2)
    void invalidRecordsAreReportedAndDeadLetteredAndTheNextCommandStillRuns() {
        RecordMetadata garbage = send("bad-1", new byte[] {(byte) 0xff, 0x01, 0x02}, null);
        RecordMetadata keyless = command(null, "{\"commandId\":\"m-1\",\"disconnect\":{}}");
        RecordMetadata unknown = command("bad-1", "{\"commandId\":\"u-1\",\"teleport\":{\"to\":\"mars\"}}");
        RecordMetadata badJid = command("bad-1",
                "{\"commandId\":\"j-1\",\"sendMessage\":{\"to\":\"not a jid!\",\"content\":{\"text\":\"hi\"}}}");
        command("bad-1", "{\"commandId\":\"after-bad\",\"disconnect\":{}}");

        String garbageId = COMMANDS + "-" + garbage.partition() + "@" + garbage.offset();
        assertEquals("INVALID_RECORD", awaitResult("bad-1", garbageId).getCommandResult().getError().getCode());
        assertEquals("UNKNOWN_COMMAND", awaitResult("bad-1", "u-1").getCommandResult().getError().getCode());
        EventEnvelope jid = awaitResult("bad-1", "j-1");
        assertEquals("INVALID_JID", jid.getCommandResult().getError().getCode());
        assertTrue(jid.getCommandResult().getError().getMessage().contains("send_message.to"), jid.toString());
        assertEquals("UNKNOWN_SESSION", awaitResult("bad-1", "after-bad").getCommandResult().getError().getCode(),
                "the valid command after the bad ones ran");

        assertDeadLetter(garbage, "INVALID_RECORD", new byte[] {(byte) 0xff, 0x01, 0x02});
        assertDeadLetter(keyless, "MISSING_SESSION_ID", null);
        assertDeadLetter(unknown, "UNKNOWN_COMMAND", null);
        assertDeadLetter(badJid, "INVALID_JID", null);
        assertTrue(events.events("bad-1").stream().noneMatch(e -> "after-bad".equals(e.getCausationId())
                && e.getCommandResult().hasOk()));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("wabridge_commands_failed_total{code=\"INVALID_JID\",type=\"invalid\"}"))
                .body(containsString("wabridge_dlq_records_total"));
    }

    @Test
    @Order(3)
    void aCommandDeliveredTwiceTakesEffectOnce() {
        command("dup-1", "{\"commandId\":\"c-dup\",\"connect\":{}}");
        events.awaitEvent("dup-1", EventEnvelope::hasQr);
        command("dup-1", "{\"commandId\":\"lo-1\",\"logout\":{}}");
        command("dup-1", "{\"commandId\":\"lo-1\",\"logout\":{}}");
        command("dup-1", "{\"commandId\":\"lo-2\",\"logout\":{}}");

        assertEquals("UNKNOWN_SESSION", awaitResult("dup-1", "lo-2").getCommandResult().getError().getCode(),
                "executing a logout again finds no session: the second lo-1 was answered from the log");
        List<EventEnvelope> all = events.events("dup-1");
        List<EventEnvelope> results = all.stream().filter(e -> "lo-1".equals(e.getCausationId()) && e.hasCommandResult()).toList();
        assertEquals(2, results.size(), "both deliveries are answered");
        results.forEach(r -> assertTrue(r.getCommandResult().hasOk(), r.toString()));
        assertEquals(1, all.stream().filter(EventEnvelope::hasLoggedOut).count(), "one logout took effect");
        assertEquals("lo-1", all.stream().filter(EventEnvelope::hasLoggedOut).findFirst().orElseThrow().getCausationId());
        assertEquals(1, mongo.getDatabase("wabridge").getCollection("wa_commands")
                .countDocuments(Filters.eq("_id", new Document("s", "dup-1").append("c", "lo-1"))));
        assertEquals("logged_out", mongo.getDatabase("wabridge").getCollection("wa_sessions")
                .find(Filters.eq("_id", "dup-1")).first().getString("desired"));
        given().get("/sessions/dup-1").then().statusCode(404);
    }

    @Test
    @Order(4)
    void offsetsAreCommittedOnlyOnceEffectsAreAcknowledged() throws Exception {
        String slow = "slow-1";
        int p = SessionPartitioner.partitionOf(slow, PARTITIONS);
        String fast = sessionOn(p, "fast-");
        String other = sessionOn((p + 1) % PARTITIONS, "other-");
        simulator.gate(true);
        try {
            RecordMetadata pending = command(slow,
                    "{\"commandId\":\"pc-1\",\"connect\":{\"pairingCode\":{\"phone\":\"+15550002222\"}}}");
            RecordMetadata done = command(fast, "{\"commandId\":\"f-1\",\"disconnect\":{}}");
            assertEquals(p, pending.partition());
            assertEquals(p, done.partition());
            awaitResult(fast, "f-1");
            // A later command on another partition finishes and is committed: commits ran after f-1 finished.
            RecordMetadata later = command(other, "{\"commandId\":\"o-1\",\"disconnect\":{}}");
            awaitResult(other, "o-1");
            awaitCommitted(new TopicPartition(COMMANDS, later.partition()), later.offset() + 1);
            OffsetAndMetadata held = committed().get(new TopicPartition(COMMANDS, p));
            assertTrue(held == null || held.offset() <= pending.offset(),
                    "committed " + held + " past the unfinished command at " + pending.offset());
        } finally {
            simulator.gate(false);
        }
        EventEnvelope code = events.awaitEvent(slow, EventEnvelope::hasPairingCode);
        assertEquals("pc-1", code.getCausationId());
        assertEquals(8, code.getPairingCode().getCode().length());
        assertTrue(awaitResult(slow, "pc-1").getCommandResult().hasOk());
        assertTrue(events.events(slow).stream().noneMatch(EventEnvelope::hasQr), "pairing by code publishes no QR codes");
        awaitCommitted(new TopicPartition(COMMANDS, p), 0);

        simulator.account(SimulatedServer.CODE_PHONE).phone().confirmPairingCode(code.getPairingCode().getCode())
                .get(10, TimeUnit.SECONDS);
        assertEquals("15550002222@s.whatsapp.net", events.awaitEvent(slow, EventEnvelope::hasPaired).getPaired().getMe().getPn());
        EventEnvelope open = events.awaitEvent(slow, isState(ConnectionUpdate.State.OPEN));
        assertEquals("pc-1", open.getCausationId(), "linking and logging in are the connect's effect");
        command(slow, "{\"commandId\":\"pc-2\",\"disconnect\":{}}");
        awaitResult(slow, "pc-2");
    }

    @Test
    @Order(5)
    void pairsThroughThePhoneAndResumesFromMongoWhenItsPartitionsComeBack() throws Exception {
        command("pair-1", "{\"commandId\":\"c-pair\",\"connect\":{\"qr\":{}}}");
        EventEnvelope qr = events.awaitEvent("pair-1", EventEnvelope::hasQr);
        var account = simulator.account(SimulatedServer.QR_PHONE);
        account.phone().scanQr(qr.getQr().getCode()).get(10, TimeUnit.SECONDS);
        EventEnvelope paired = events.awaitEvent("pair-1", EventEnvelope::hasPaired);
        assertEquals("15550001111@s.whatsapp.net", paired.getPaired().getMe().getPn());
        assertEquals("c-pair", paired.getCausationId());
        EventEnvelope open = events.awaitEvent("pair-1", isState(ConnectionUpdate.State.OPEN));
        assertEquals("c-pair", open.getCausationId());
        assertEquals("15550001111@s.whatsapp.net", open.getMe().getPn());
        assertEquals(account.lid() + "@lid", open.getMe().getLid());
        int device = account.devices().getFirst().id();
        Awaitility.await("wabridge.whatsapp.prekeys.initial-upload reaches the upload").atMost(Duration.ofSeconds(10))
                .until(() -> account.preKeyCount(device) == 100);
        given().get("/sessions/pair-1").then().statusCode(200)
                .body("state", equalTo("open"))
                .body("me.pn", equalTo("15550001111@s.whatsapp.net"));

        command("pair-1", "{\"commandId\":\"presence-1\",\"sendPresence\":{\"presence\":\"AVAILABLE\"}}");
        EventEnvelope presence = awaitResult("pair-1", "presence-1");
        assertTrue(presence.getCommandResult().hasOk(), presence.toString());

        // The group drops this worker: it loses every partition, lets its sessions go, rejoins and resumes them.
        int before = events.events("pair-1").size();
        admin.removeMembersFromConsumerGroup("wabridge", new RemoveMembersFromConsumerGroupOptions()).all()
                .get(10, TimeUnit.SECONDS);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                events.events("pair-1").stream().skip(before).anyMatch(isState(ConnectionUpdate.State.OPEN)));
        List<EventEnvelope> after = events.events("pair-1").subList(before, events.events("pair-1").size());
        EventEnvelope handOver = after.stream().filter(isState(ConnectionUpdate.State.CLOSED)).findFirst().orElseThrow();
        assertTrue(handOver.getConnectionUpdate().getWillReconnect(), handOver.toString());
        assertTrue(after.stream().noneMatch(EventEnvelope::hasQr), "resumed from the stored credentials, no QR");
        EventEnvelope resumed = after.stream().filter(isState(ConnectionUpdate.State.OPEN)).findFirst().orElseThrow();
        assertEquals("", resumed.getCausationId(), "no command caused the resume");
        assertEquals("15550001111@s.whatsapp.net", resumed.getMe().getPn());
        assertEquals(1, account.devices().size(), "the same linked device logged in again");
        given().get("/sessions/pair-1").then().statusCode(200).body("state", equalTo("open"));

        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("wabridge_sessions{state=\"open\"} 1.0"))
                .body(containsString("wabridge_commands_processed_total{type=\"connect\"}"))
                .body(containsString("wabridge_commands_latency_seconds_count{type=\"connect\"}"))
                .body(containsString("wabridge_events_produced_total{type=\"qr\"}"))
                .body(containsString("wabridge_commands_duplicates_total{type=\"logout\"}"))
                .body(containsString("wabridge_sessions_reconnects_total"));
    }

    @Test
    @Order(6)
    void aJoiningWorkerGetsPartitionsWithTheirCommandsCommittedAndTheirSessionsHandedOver() throws Exception {
        List<String> waiting = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            String id = sessionOn(p, "rb-");
            waiting.add(id);
            command(id, "{\"commandId\":\"rb-c\",\"connect\":{}}");
        }
        waiting.forEach(id -> events.awaitEvent(id, EventEnvelope::hasQr));
        waiting.forEach(id -> awaitResult(id, "rb-c"));
        int[] seenBefore = waiting.stream().mapToInt(id -> events.events(id).size()).toArray();

        Set<Integer> moved = new HashSet<>();
        List<ConsumerRecord<byte[], byte[]>> handedOverUnfinished = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> other = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "wabridge",
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            other.subscribe(List.of(COMMANDS));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (other.assignment().isEmpty() && System.nanoTime() < deadline) {
                other.poll(Duration.ofMillis(100)).forEach(handedOverUnfinished::add);
            }
            for (int i = 0; i < 10; i++) { // a little longer: records would arrive now if any were uncommitted
                other.poll(Duration.ofMillis(100)).forEach(handedOverUnfinished::add);
            }
            other.assignment().forEach(tp -> moved.add(tp.partition()));
            assertFalse(moved.isEmpty(), "the joining consumer got partitions");
            assertTrue(handedOverUnfinished.isEmpty(), "finished commands were committed before the hand-over: "
                    + handedOverUnfinished);

            for (int i = 0; i < waiting.size(); i++) {
                String id = waiting.get(i);
                int partition = SessionPartitioner.partitionOf(id, PARTITIONS);
                if (moved.contains(partition)) {
                    int from = seenBefore[i];
                    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> events.events(id).stream().skip(from)
                            .anyMatch(e -> isState(ConnectionUpdate.State.CLOSED).test(e)
                                    && e.getConnectionUpdate().getWillReconnect()
                                    && e.getConnectionUpdate().getReason().startsWith("handed over")));
                    given().get("/sessions/" + id).then().statusCode(404);
                } else {
                    given().get("/sessions/" + id).then().statusCode(200).body("state", equalTo("pairing"));
                }
            }
        }
        // The partitions come back: their sessions, still wanted connected, show QR codes again (nobody asked).
        for (int i = 0; i < waiting.size(); i++) {
            String id = waiting.get(i);
            if (moved.contains(SessionPartitioner.partitionOf(id, PARTITIONS))) {
                int from = seenBefore[i];
                EventEnvelope qr = Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> events.events(id).stream()
                        .skip(from).filter(EventEnvelope::hasQr).findFirst().orElse(null), e -> e != null);
                assertEquals("", qr.getCausationId());
            }
        }
        given().get("/sessions/pair-1").then().statusCode(200).body("state", equalTo("open"));
        waiting.forEach(id -> command(id, "{\"commandId\":\"rb-d\",\"disconnect\":{}}"));
        waiting.forEach(id -> awaitResult(id, "rb-d"));
    }

    @Test
    @Order(7)
    void messagesFlowBothWaysAndARedeliveredSendSendsOnce() throws Exception {
        given().get("/sessions/pair-1").then().statusCode(200).body("state", equalTo("open"));
        SimulatedContact contact = simulator.contact();
        Jid me = Jid.parse(SimulatedServer.QR_PHONE + "@s.whatsapp.net");

        // (a) inbound: the contact writes, the message event appears (Kafka acked it before WhatsApp was acked)
        String inboundId = contact.sendText(me, "hello bridge");
        EventEnvelope inbound = events.awaitEvent("pair-1", e -> e.hasMessage() && inboundId.equals(e.getMessage().getId()));
        assertEquals("hello bridge", inbound.getMessage().getContent().getText());
        assertEquals(SimulatedServer.CONTACT_PHONE + "@s.whatsapp.net", inbound.getMessage().getSender().getPn());
        assertEquals(SimulatedServer.CONTACT_PHONE + "@s.whatsapp.net", inbound.getMessage().getChat());
        assertFalse(inbound.getMessage().getFromMe());
        assertEquals("", inbound.getCausationId(), "no command caused it");

        // (a') mark_read: its ok names the chat it read, and the views read that chat from it
        String chatPath = "/views/sessions/pair-1/chats";
        String unread = "chats.find { it.chat == '" + inbound.getMessage().getChat() + "' }.unread";
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            var r = given().get(chatPath);
            return r.statusCode() == 200 && Integer.valueOf(1).equals(r.jsonPath().get(unread));
        });
        command("pair-1", "{\"commandId\":\"read-1\",\"markRead\":{\"chat\":\"+" + SimulatedServer.CONTACT_PHONE
                + "\",\"messageIds\":[\"" + inboundId + "\"]}}");
        EventEnvelope read = awaitResult("pair-1", "read-1");
        assertEquals(inbound.getMessage().getChat(), read.getCommandResult().getOk().getMarkedRead().getChat(),
                read.toString());
        assertEquals(1, read.getCommandResult().getOk().getMarkedRead().getMessageCount());
        assertTrue(read.getCommandResult().getOk().getMarkedRead().hasReadAt(), read.toString());
        assertTrue(com.google.protobuf.util.Timestamps.compare(read.getCommandResult().getOk().getMarkedRead()
                .getReadAt(), read.getOccurredAt()) <= 0, "the receipt went out before its result");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            var r = given().get(chatPath);
            return r.statusCode() == 200 && Integer.valueOf(0).equals(r.jsonPath().get(unread));
        });

        // (b) outbound: the ok result carries the id the contact saw
        String send = "{\"commandId\":\"msg-1\",\"sendMessage\":{\"to\":\"+15550003333\",\"content\":{\"text\":\"hello contact\"}}}";
        command("pair-1", send);
        EventEnvelope result = awaitResult("pair-1", "msg-1");
        assertTrue(result.getCommandResult().hasOk(), result.toString());
        ContactMessage received = contact.awaitMessage(Duration.ofSeconds(15));
        assertNotEquals(null, received, "the contact received the message");
        assertEquals("hello contact", received.text());
        assertEquals(received.id(), result.getCommandResult().getOk().getMessageId());

        // (c) the same command delivered again: answered again, nothing sent twice
        command("pair-1", send);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> events.events("pair-1").stream()
                .filter(e -> e.hasCommandResult() && "msg-1".equals(e.getCausationId())).count() == 2);
        events.events("pair-1").stream().filter(e -> e.hasCommandResult() && "msg-1".equals(e.getCausationId()))
                .forEach(e -> assertEquals(received.id(), e.getCommandResult().getOk().getMessageId(), e.toString()));
        assertEquals(null, contact.awaitMessage(Duration.ofSeconds(3)), "the contact got exactly one message");

        // (d) a crash after sending but before the result was logged: executing it again reuses the WhatsApp id
        mongo.getDatabase("wabridge").getCollection("wa_commands")
                .deleteOne(Filters.eq("_id", new Document("s", "pair-1").append("c", "msg-1")));
        command("pair-1", send);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> events.events("pair-1").stream()
                .filter(e -> e.hasCommandResult() && "msg-1".equals(e.getCausationId())).count() == 3);
        EventEnvelope again = events.events("pair-1").stream()
                .filter(e -> e.hasCommandResult() && "msg-1".equals(e.getCausationId())).skip(2).findFirst().orElseThrow();
        assertEquals(received.id(), again.getCommandResult().getOk().getMessageId(), again.toString());
        // The copy carries the same id, so the recipient's app shows one message (WhatsApp clients drop a known id).
        ContactMessage copy = contact.awaitMessage(Duration.ofSeconds(10));
        assertNotEquals(null, copy, "executed again: sent again");
        assertEquals(received.id(), copy.id());
        assertEquals(null, contact.awaitMessage(Duration.ofSeconds(2)));

        // content the client refuses is an error result, not a fake success
        command("pair-1", "{\"commandId\":\"msg-2\",\"sendMessage\":{\"to\":\"15550003333\","
                + "\"content\":{\"reaction\":{\"target\":{\"id\":\"X\"},\"emoji\":\"👍\"}},"
                + "\"mentions\":[\"15550002222\"]}}");
        assertEquals("INVALID_COMMAND", awaitResult("pair-1", "msg-2").getCommandResult().getError().getCode());
    }

    @Test
    @Order(8)
    void chatStatesFlowBothWays() throws Exception {
        given().get("/sessions/pair-1").then().statusCode(200).body("state", equalTo("open"));
        SimulatedContact contact = simulator.contact();
        Jid me = Jid.parse(SimulatedServer.QR_PHONE + "@s.whatsapp.net");

        command("pair-1", "{\"commandId\":\"cs-1\",\"sendChatstate\":{\"chat\":\"+15550003333\",\"state\":\"COMPOSING\"}}");
        EventEnvelope result = awaitResult("pair-1", "cs-1");
        assertTrue(result.getCommandResult().hasOk(), result.toString());
        assertEquals(new ContactChatState(me, ChatState.COMPOSING), contact.awaitChatState(Duration.ofSeconds(15)),
                "the contact sees us typing");

        contact.sendChatState(me, ChatState.RECORDING);
        EventEnvelope typing = events.awaitEvent("pair-1", EventEnvelope::hasChatstate);
        assertEquals(SimulatedServer.CONTACT_PHONE + "@s.whatsapp.net", typing.getChatstate().getChat());
        assertEquals(SimulatedServer.CONTACT_PHONE + "@s.whatsapp.net", typing.getChatstate().getSender().getPn());
        assertEquals(io.wabridge.proto.v1.ChatState.RECORDING, typing.getChatstate().getState());
        assertEquals("", typing.getCausationId(), "no command caused it");
    }

    @Test
    @Order(9)
    void aPresenceSubscriptionReportsTheContactGoingOnline() throws Exception {
        given().get("/sessions/pair-1").then().statusCode(200).body("state", equalTo("open"));
        SimulatedContact contact = simulator.contact();

        command("pair-1", "{\"commandId\":\"ps-1\",\"subscribePresence\":{\"jid\":\"+" + SimulatedServer.CONTACT_PHONE
                + "\"}}");
        EventEnvelope result = awaitResult("pair-1", "ps-1");
        assertTrue(result.getCommandResult().hasOk(), result.toString());

        contact.sendPresence(true);
        EventEnvelope online = events.awaitEvent("pair-1", e -> e.hasPresence()
                && e.getPresence().getPresence() == io.wabridge.proto.v1.Presence.AVAILABLE);
        assertEquals(SimulatedServer.CONTACT_PHONE + "@s.whatsapp.net", online.getPresence().getJid());
        assertEquals("", online.getCausationId(), "WhatsApp's doing, not the command's");
    }

    @Test
    @Order(11)
    void chatStateChangesFlowBothWaysThroughAppState() throws Exception {
        given().get("/sessions/pair-1").then().statusCode(200).body("state", equalTo("open"));
        var account = simulator.account(SimulatedServer.QR_PHONE);
        var appState = simulator.appState();
        appState.shareKeysNow(account); // the phone shares its sync key (done at login when sharing is on)
        String chat = SimulatedServer.CONTACT_PHONE + "@s.whatsapp.net";

        // our command: a patch the simulated server verifies, then a chat_update caused by the command
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        EventEnvelope result;
        int attempt = 0;
        do { // until the key share reached the client (APP_STATE_NOT_READY before)
            String id = "as-" + attempt++;
            command("pair-1", "{\"commandId\":\"" + id + "\",\"archiveChat\":{\"chat\":\"+" + SimulatedServer.CONTACT_PHONE
                    + "\",\"archived\":true}}");
            result = awaitResult("pair-1", id);
            if (result.getCommandResult().hasOk()) {
                break;
            }
            assertEquals(io.wabridge.proto.v1.ErrorCode.APP_STATE_NOT_READY.name(), result.getCommandResult().getError().getCode(),
                    result.toString());
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        assertTrue(result.getCommandResult().hasOk(), result.toString());
        EventEnvelope archived = events.awaitEvent("pair-1", e -> e.hasChatUpdate()
                && e.getChatUpdate().getAction() == io.wabridge.proto.v1.ChatUpdate.Action.ARCHIVE);
        assertEquals(chat, archived.getChatUpdate().getChat());
        assertTrue(archived.getChatUpdate().getValue());
        assertEquals("regular_low", archived.getChatUpdate().getCollection());
        assertEquals(1, appState.collection(account, "regular_low").version(), "the server took our patch");

        // the phone pins the chat: server_sync, fetch, verify, chat_update
        appState.phoneChange(account, java.util.List.of(io.wabridge.client.appstate.ChatAction.pin(chat, true)));
        EventEnvelope pinned = events.awaitEvent("pair-1", e -> e.hasChatUpdate()
                && e.getChatUpdate().getAction() == io.wabridge.proto.v1.ChatUpdate.Action.PIN);
        assertEquals(chat, pinned.getChatUpdate().getChat());
        assertTrue(pinned.getChatUpdate().getValue());
        assertEquals(2, pinned.getChatUpdate().getVersion());
        assertEquals("", pinned.getCausationId(), "the phone's doing, not a command's");

        // labels: our commands become patches in "regular", stored, listed by get_labels and on the chat in get_chats
        command("pair-1", "{\"commandId\":\"lb-1\",\"editLabel\":{\"labelId\":\"7\",\"name\":\"Paid\",\"color\":4}}");
        assertTrue(awaitResult("pair-1", "lb-1").getCommandResult().hasOk());
        command("pair-1", "{\"commandId\":\"lb-2\",\"labelChat\":{\"labelId\":\"7\",\"chat\":\"+"
                + SimulatedServer.CONTACT_PHONE + "\",\"labeled\":true}}");
        assertTrue(awaitResult("pair-1", "lb-2").getCommandResult().hasOk());
        EventEnvelope labeled = events.awaitEvent("pair-1", e -> e.hasChatUpdate()
                && e.getChatUpdate().getAction() == io.wabridge.proto.v1.ChatUpdate.Action.LABEL);
        assertEquals(chat, labeled.getChatUpdate().getChat());
        assertEquals("7", labeled.getChatUpdate().getLabelId());
        assertEquals("regular", labeled.getChatUpdate().getCollection());
        long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        boolean listed = false;
        for (int i = 0; !listed && System.nanoTime() < until; i++) { // the store write follows the event's write lane
            command("pair-1", "{\"commandId\":\"lb-q" + i + "\",\"getLabels\":{}}");
            var labels = awaitResult("pair-1", "lb-q" + i).getCommandResult().getOk().getLabels().getLabelsList();
            command("pair-1", "{\"commandId\":\"lb-c" + i + "\",\"getChats\":{}}");
            var chats = awaitResult("pair-1", "lb-c" + i).getCommandResult().getOk().getChats().getChatsList();
            listed = labels.equals(java.util.List.of(io.wabridge.proto.v1.LabelInfo.newBuilder().setId("7").setName("Paid")
                    .setColor(4).build())) && chats.stream().anyMatch(c -> c.getJid().equals(chat)
                    && c.getLabelsList().equals(java.util.List.of("7")));
            if (!listed) {
                Thread.sleep(100);
            }
        }
        assertTrue(listed, "get_labels lists the label and get_chats the chat with it");

        // a label on a message: stored on the archived message, get_messages answers carry it (MessageEvent.labels)
        String id = simulator.contact().sendText(Jid.parse(SimulatedServer.QR_PHONE + "@s.whatsapp.net"), "invoice attached");
        events.awaitEvent("pair-1", e -> e.hasMessage() && id.equals(e.getMessage().getId()));
        boolean archivedLabel = false;
        for (int i = 0; !archivedLabel && System.nanoTime() < until + java.util.concurrent.TimeUnit.SECONDS.toNanos(30); i++) {
            if (i == 0 || i % 20 == 0) { // (again while the message's batch may not be archived yet: then it changes nothing)
                command("pair-1", "{\"commandId\":\"lm-" + i + "\",\"labelChat\":{\"labelId\":\"7\",\"chat\":\"+"
                        + SimulatedServer.CONTACT_PHONE + "\",\"messageId\":\"" + id + "\",\"labeled\":true}}");
                assertTrue(awaitResult("pair-1", "lm-" + i).getCommandResult().hasOk());
            }
            command("pair-1", "{\"commandId\":\"lm-q" + i + "\",\"getMessages\":{\"chat\":\"" + chat + "\",\"count\":5}}");
            archivedLabel = awaitResult("pair-1", "lm-q" + i).getCommandResult().getOk().getMessagesList().stream()
                    .anyMatch(m -> id.equals(m.getId()) && m.getLabelsList().equals(java.util.List.of("7")));
            if (!archivedLabel) {
                Thread.sleep(100);
            }
        }
        assertTrue(archivedLabel, "get_messages answers the message with its label");
    }

    // ---- helpers ----

    private static Predicate<EventEnvelope> isState(ConnectionUpdate.State state) {
        return e -> e.hasConnectionUpdate() && e.getConnectionUpdate().getState() == state;
    }

    private EventEnvelope awaitResult(String session, String commandId) {
        return events.awaitEvent(session, e -> e.hasCommandResult() && commandId.equals(e.getCausationId()));
    }

    @Test
    @Order(10)
    void groupMessagesFlowBothWaysThroughKafkaWithTheGroupAsChatAndTheParticipantAsSender() throws Exception {
        given().get("/sessions/pair-1").then().statusCode(200).body("state", equalTo("open"));
        SimulatedContact carol = simulator.contact();
        SimulatedContact dave = simulator.contact(SimulatedServer.CODE_PHONE);
        var group = simulator.groups().create("Bridge team", simulator.account(SimulatedServer.QR_PHONE),
                List.of(carol.account(), dave.account()), false);

        // outbound: send_message to the group JID; both members read it with our sender key
        command("pair-1", "{\"commandId\":\"g-1\",\"sendMessage\":{\"to\":\"" + group.jid()
                + "\",\"content\":{\"text\":\"hello group\"}}}");
        EventEnvelope result = awaitResult("pair-1", "g-1");
        assertTrue(result.getCommandResult().hasOk(), result.toString());
        for (SimulatedContact member : List.of(carol, dave)) {
            ContactMessage got = awaitGroupText(member, group.jid(), "hello group");
            assertEquals(result.getCommandResult().getOk().getMessageId(), got.id());
        }

        // inbound: a member writes into the group; the event names the group and the participant (PN and LID)
        String inboundId = dave.sendToGroup(group, new io.wabridge.client.message.content.Text("hi from dave"));
        EventEnvelope inbound = events.awaitEvent("pair-1", e -> e.hasMessage() && inboundId.equals(e.getMessage().getId()));
        assertEquals(group.jid().toString(), inbound.getMessage().getChat());
        assertEquals(SimulatedServer.CODE_PHONE + "@s.whatsapp.net", inbound.getMessage().getSender().getPn());
        assertEquals(dave.account().lidJid().toString(), inbound.getMessage().getSender().getLid());
        assertEquals("hi from dave", inbound.getMessage().getContent().getText());

        // a group the server does not know is an error result with its own code
        command("pair-1", "{\"commandId\":\"g-2\",\"sendMessage\":{\"to\":\"120363999999999999@g.us\","
                + "\"content\":{\"text\":\"anyone?\"}}}");
        assertEquals("GROUP_NOT_FOUND", awaitResult("pair-1", "g-2").getCommandResult().getError().getCode());
    }

    @Test
    @Order(11)
    void groupsAreAdministeredThroughKafkaAndEveryChangeIsAGroupUpdate() throws Exception {
        given().get("/sessions/pair-1").then().statusCode(200).body("state", equalTo("open"));
        SimulatedContact carol = simulator.contact();
        SimulatedContact dave = simulator.contact(SimulatedServer.CODE_PHONE);
        String carolJid = SimulatedServer.CONTACT_PHONE + "@s.whatsapp.net";
        String daveJid = SimulatedServer.CODE_PHONE + "@s.whatsapp.net";

        // create: the result carries the metadata, the group_update CREATED follows (caused by nothing: WhatsApp's)
        command("pair-1", "{\"commandId\":\"ga-1\",\"createGroup\":{\"subject\":\"Ops\",\"participants\":[\"+"
                + SimulatedServer.CONTACT_PHONE + "\",\"" + SimulatedServer.CODE_PHONE + "\"]}}");
        EventEnvelope created = awaitResult("pair-1", "ga-1");
        assertTrue(created.getCommandResult().hasOk(), created.toString());
        var metadata = created.getCommandResult().getOk().getGroup();
        String group = metadata.getJid();
        assertEquals("Ops", metadata.getSubject());
        assertEquals(3, metadata.getParticipantsCount());
        assertEquals(io.wabridge.proto.v1.GroupParticipant.Role.SUPERADMIN, metadata.getParticipantsList().stream()
                .filter(p -> p.getPn().equals(SimulatedServer.QR_PHONE + "@s.whatsapp.net")).findFirst().orElseThrow()
                .getRole());
        EventEnvelope createdUpdate = events.awaitEvent("pair-1", e -> e.hasGroupUpdate()
                && e.getGroupUpdate().getGroup().equals(group)
                && e.getGroupUpdate().getKind() == io.wabridge.proto.v1.GroupUpdate.Kind.CREATED);
        assertEquals(3, createdUpdate.getGroupUpdate().getParticipantsCount());

        // a message into the new group, both ways
        command("pair-1", "{\"commandId\":\"ga-2\",\"sendMessage\":{\"to\":\"" + group
                + "\",\"content\":{\"text\":\"ops online\"}}}");
        assertTrue(awaitResult("pair-1", "ga-2").getCommandResult().hasOk());
        Jid groupJid = Jid.parse(group);
        awaitGroupText(carol, groupJid, "ops online");
        awaitGroupText(dave, groupJid, "ops online");
        var simGroup = simulator.groups().find(groupJid).orElseThrow();
        String fromDave = dave.sendToGroup(simGroup, new io.wabridge.client.message.content.Text("dave here"));
        assertEquals(group, events.awaitEvent("pair-1", e -> e.hasMessage() && fromDave.equals(e.getMessage().getId()))
                .getMessage().getChat());

        // promote carol, rename, remove dave: per-participant results and one group_update each
        command("pair-1", "{\"commandId\":\"ga-3\",\"updateGroupParticipants\":{\"group\":\"" + group
                + "\",\"action\":\"PROMOTE\",\"participants\":[\"" + carolJid + "\",\"15559990000\"]}}");
        var promoted = awaitResult("pair-1", "ga-3").getCommandResult().getOk().getParticipantsList();
        assertEquals(List.of(io.wabridge.proto.v1.ParticipantResult.Status.OK,
                io.wabridge.proto.v1.ParticipantResult.Status.NOT_FOUND),
                promoted.stream().map(io.wabridge.proto.v1.ParticipantResult::getStatus).toList());
        EventEnvelope promote = events.awaitEvent("pair-1", e -> e.hasGroupUpdate()
                && e.getGroupUpdate().getKind() == io.wabridge.proto.v1.GroupUpdate.Kind.PARTICIPANTS_PROMOTED);
        assertEquals(carolJid, promote.getGroupUpdate().getParticipants(0).getPn());
        assertEquals(carol.account().lidJid().toString(), promote.getGroupUpdate().getParticipants(0).getLid());
        command("pair-1", "{\"commandId\":\"ga-4\",\"setGroupSubject\":{\"group\":\"" + groupJid.user()
                + "\",\"subject\":\"Ops 24/7\"}}");
        assertTrue(awaitResult("pair-1", "ga-4").getCommandResult().hasOk());
        assertEquals("Ops 24/7", events.awaitEvent("pair-1", e -> e.hasGroupUpdate()
                && e.getGroupUpdate().getKind() == io.wabridge.proto.v1.GroupUpdate.Kind.SUBJECT)
                .getGroupUpdate().getSubject());
        command("pair-1", "{\"commandId\":\"ga-5\",\"updateGroupParticipants\":{\"group\":\"" + group
                + "\",\"action\":\"REMOVE\",\"participants\":[\"" + daveJid + "\"]}}");
        assertEquals(200, awaitResult("pair-1", "ga-5").getCommandResult().getOk().getParticipants(0).getCode());
        EventEnvelope removed = events.awaitEvent("pair-1", e -> e.hasGroupUpdate()
                && e.getGroupUpdate().getKind() == io.wabridge.proto.v1.GroupUpdate.Kind.PARTICIPANTS_REMOVED);
        assertEquals(daveJid, removed.getGroupUpdate().getParticipants(0).getPn());
        assertEquals(SimulatedServer.QR_PHONE + "@s.whatsapp.net", removed.getGroupUpdate().getActor().getPn());

        // our next message: carol reads it, dave (removed, old key only) does not
        command("pair-1", "{\"commandId\":\"ga-6\",\"sendMessage\":{\"to\":\"" + group
                + "\",\"content\":{\"text\":\"after dave\"}}}");
        assertTrue(awaitResult("pair-1", "ga-6").getCommandResult().hasOk());
        awaitGroupText(carol, groupJid, "after dave");
        ContactMessage atDave = dave.awaitMessage(Duration.ofSeconds(3));
        assertTrue(atDave == null || !"after dave".equals(atDave.text()), "dave is out: " + atDave);

        // settings, invite code, metadata and the list, then refusals with their codes
        command("pair-1", "{\"commandId\":\"ga-7\",\"setGroupSettings\":{\"group\":\"" + group
                + "\",\"locked\":true,\"ephemeralSeconds\":86400}}");
        assertTrue(awaitResult("pair-1", "ga-7").getCommandResult().hasOk());
        command("pair-1", "{\"commandId\":\"ga-8\",\"getGroupInviteCode\":{\"group\":\"" + group + "\"}}");
        String code = awaitResult("pair-1", "ga-8").getCommandResult().getOk().getInviteCode();
        assertFalse(code.isEmpty());
        command("pair-1", "{\"commandId\":\"ga-9\",\"getGroupMetadata\":{\"inviteCode\":\"https://chat.whatsapp.com/"
                + code + "\"}}");
        var viaInvite = awaitResult("pair-1", "ga-9").getCommandResult().getOk().getGroup();
        assertEquals("Ops 24/7", viaInvite.getSubject());
        assertTrue(viaInvite.getLocked());
        assertEquals(86400, viaInvite.getEphemeralSeconds());
        command("pair-1", "{\"commandId\":\"ga-10\",\"listGroups\":{}}");
        assertTrue(awaitResult("pair-1", "ga-10").getCommandResult().getOk().getGroupsList().stream()
                .anyMatch(g -> g.getJid().equals(group)));
        command("pair-1", "{\"commandId\":\"ga-11\",\"joinGroup\":{\"code\":\"NoSuchCode\"}}");
        assertEquals("INVALID_INVITE", awaitResult("pair-1", "ga-11").getCommandResult().getError().getCode());
        var theirs = simulator.groups().create("Carol's", carol.account(),
                List.of(simulator.account(SimulatedServer.QR_PHONE)), false);
        command("pair-1", "{\"commandId\":\"ga-12\",\"setGroupSettings\":{\"group\":\"" + theirs.jid()
                + "\",\"announcement\":true}}");
        assertEquals("NOT_ADMIN", awaitResult("pair-1", "ga-12").getCommandResult().getError().getCode());
        // carol makes her group announcement-only: our message into it is refused as a non-admin's (no DLQ)
        simulator.groups().announcement(theirs, carol.account(), true);
        events.awaitEvent("pair-1", e -> e.hasGroupUpdate() && e.getGroupUpdate().getGroup().equals(theirs.jid().toString())
                && e.getGroupUpdate().getKind() == io.wabridge.proto.v1.GroupUpdate.Kind.ANNOUNCEMENT);
        command("pair-1", "{\"commandId\":\"ga-12b\",\"sendMessage\":{\"to\":\"" + theirs.jid()
                + "\",\"content\":{\"text\":\"not an admin here\"}}}");
        assertEquals("NOT_ADMIN", awaitResult("pair-1", "ga-12b").getCommandResult().getError().getCode());
        command("pair-1", "{\"commandId\":\"ga-13\",\"getGroupMetadata\":{\"group\":\"120363999999999999\"}}");
        assertEquals("GROUP_NOT_FOUND", awaitResult("pair-1", "ga-13").getCommandResult().getError().getCode());
        command("pair-1", "{\"commandId\":\"ga-14\",\"createGroup\":{\"subject\":\"\"}}");
        assertEquals("INVALID_COMMAND", awaitResult("pair-1", "ga-14").getCommandResult().getError().getCode());

        // mid-conversation the worker lets the session go and resumes it from MongoDB: the sender keys survive
        String carolBefore = carol.sendToGroup(simGroup, new io.wabridge.client.message.content.Text("carol before"));
        events.awaitEvent("pair-1", e -> e.hasMessage() && carolBefore.equals(e.getMessage().getId()));
        int before = events.events("pair-1").size();
        admin.removeMembersFromConsumerGroup("wabridge", new RemoveMembersFromConsumerGroupOptions()).all()
                .get(10, TimeUnit.SECONDS);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                events.events("pair-1").stream().skip(before).anyMatch(isState(ConnectionUpdate.State.OPEN)));
        String carolAfter = carol.sendToGroup(simGroup, new io.wabridge.client.message.content.Text("carol after"));
        // the group has a disappearing timer since ga-7: its texts come as extended texts carrying the expiration
        var afterContent = events.awaitEvent("pair-1", e -> e.hasMessage()
                && carolAfter.equals(e.getMessage().getId())).getMessage().getContent();
        assertEquals("carol after", afterContent.hasExtendedText() ? afterContent.getExtendedText().getText()
                : afterContent.getText());
        command("pair-1", "{\"commandId\":\"ga-15\",\"sendMessage\":{\"to\":\"" + group
                + "\",\"content\":{\"text\":\"after the hand-over\"}}}");
        assertTrue(awaitResult("pair-1", "ga-15").getCommandResult().hasOk());
        awaitGroupText(carol, groupJid, "after the hand-over");
        assertTrue(events.events("pair-1").stream().skip(before).noneMatch(e -> e.hasDecryptFailed()
                && group.equals(e.getDecryptFailed().getChat())), "carol's sender key was stored, not lost");
    }

    private static ContactMessage awaitGroupText(SimulatedContact member, Jid group, String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            ContactMessage m = member.awaitMessage(Duration.ofMillis(200));
            if (m != null && m.chat().equals(group) && text.equals(m.text())) {
                return m;
            }
        }
        throw new AssertionError(member + " did not read '" + text + "' in " + group);
    }

    @Test
    @Order(11)
    void lidMappingsPushNamesContactsAndChatsReachKafka() throws Exception {
        given().get("/sessions/pair-1").then().statusCode(200).body("state", equalTo("open"));
        SimulatedContact contact = simulator.contact();
        String pn = SimulatedServer.CONTACT_PHONE + "@s.whatsapp.net";
        String lid = contact.account().lidJid().toString();
        Jid me = Jid.parse(SimulatedServer.QR_PHONE + "@s.whatsapp.net");

        // the contact's messages carry sender_lid: the mapping was published once, with both identities
        EventEnvelope mapping = events.awaitEvent("pair-1", e -> e.hasLidMapping() && pn.equals(e.getLidMapping().getPn()));
        assertEquals(lid, mapping.getLidMapping().getLid());
        assertEquals("", mapping.getCausationId(), "no command caused it");

        contact.account().pushName("Carol");
        String id = contact.sendText(me, "hello with a name");
        EventEnvelope pushName = events.awaitEvent("pair-1", e -> e.hasPushName() && pn.equals(e.getPushName().getPn()));
        assertEquals("Carol", pushName.getPushName().getPushName());
        assertEquals(lid, pushName.getPushName().getLid());
        events.awaitEvent("pair-1", e -> e.hasMessage() && id.equals(e.getMessage().getId()));

        command("pair-1", "{\"commandId\":\"q-contacts\",\"getContacts\":{\"limit\":10}}");
        var contacts = awaitResult("pair-1", "q-contacts").getCommandResult().getOk().getContacts();
        var carol = contacts.getContactsList().stream().filter(c -> pn.equals(c.getJid())).findFirst().orElseThrow();
        assertEquals(lid, carol.getLid());
        assertEquals("Carol", carol.getPushName());
        assertEquals("", contacts.getNextCursor(), "one page holds them all");

        command("pair-1", "{\"commandId\":\"q-chats\",\"getChats\":{}}");
        var chats = awaitResult("pair-1", "q-chats").getCommandResult().getOk().getChats();
        var chat = chats.getChatsList().stream().filter(c -> pn.equals(c.getJid())).findFirst().orElseThrow();
        assertTrue(chat.getUnread() >= 1, chat.toString());
        assertTrue(chat.hasLastMessageAt(), chat.toString());

        command("pair-1", "{\"commandId\":\"q-bad\",\"getChats\":{\"limit\":5000}}");
        assertEquals("INVALID_COMMAND", awaitResult("pair-1", "q-bad").getCommandResult().getError().getCode());

        // the message archive: the message is kept (written with the chat, before push_name was published) and a
        // reply quoting it by id alone carries its text, taken from the archive
        command("pair-1", "{\"commandId\":\"q-messages\",\"getMessages\":{\"chat\":\"" + pn + "\",\"count\":5}}");
        var archived = awaitResult("pair-1", "q-messages").getCommandResult().getOk().getMessagesList();
        var kept = archived.stream().filter(m -> id.equals(m.getId())).findFirst().orElseThrow(() -> new AssertionError(
                "message " + id + " not in the archive: " + archived));
        assertEquals("hello with a name", kept.getContent().getText());
        assertEquals(pn, kept.getSender().getPn());
        assertEquals(archived.stream().sorted(java.util.Comparator.comparing((io.wabridge.proto.v1.MessageEvent m)
                -> m.getTimestamp().getSeconds()).reversed()).toList(), archived, "newest first");
        command("pair-1", "{\"commandId\":\"q-reply\",\"sendMessage\":{\"to\":\"" + pn + "\",\"content\":"
                + "{\"text\":\"a reply\"},\"quoted\":{\"id\":\"" + id + "\"}}}");
        assertTrue(awaitResult("pair-1", "q-reply").getCommandResult().hasOk());
        ContactMessage reply = contact.awaitMessage(Duration.ofSeconds(30));
        while (reply != null && !"a reply".equals(reply.text())) {
            reply = contact.awaitMessage(Duration.ofSeconds(30));
        }
        assertNotEquals(null, reply, "the contact received the reply");
        var quote = reply.message().getExtendedTextMessage().getContextInfo();
        assertEquals(id, quote.getStanzaId());
        assertEquals("hello with a name", quote.getQuotedMessage().getConversation(), "the quote's text from the archive");
    }

    private void assertDeadLetter(RecordMetadata original, String code, byte[] value) {
        ConsumerRecord<byte[], byte[]> d = dlq.awaitRecord(r ->
                String.valueOf(original.offset()).equals(KafkaTap.header(r, "dlq-original-offset"))
                        && String.valueOf(original.partition()).equals(KafkaTap.header(r, "dlq-original-partition")));
        assertEquals(code, KafkaTap.header(d, "dlq-reason-code"));
        assertEquals(COMMANDS, KafkaTap.header(d, "dlq-original-topic"));
        assertNotEquals(null, KafkaTap.header(d, "dlq-reason"));
        assertNotEquals(null, KafkaTap.header(d, "dlq-failed-at"));
        if (value != null) {
            assertArrayEquals(value, d.value(), "the original bytes");
        }
    }

    private Map<TopicPartition, OffsetAndMetadata> committed() throws Exception {
        return admin.listConsumerGroupOffsets("wabridge").partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
    }

    /** Waits until the group committed at least {@code offset} on the partition (0: until it passed everything sent). */
    private void awaitCommitted(TopicPartition tp, long offset) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            OffsetAndMetadata om = committed().get(tp);
            long end = admin.listOffsets(Map.of(tp, org.apache.kafka.clients.admin.OffsetSpec.latest())).all()
                    .get(10, TimeUnit.SECONDS).get(tp).offset();
            return om != null && om.offset() >= (offset == 0 ? end : offset);
        });
    }

    private static String sessionOn(int partition, String prefix) {
        for (int i = 0; ; i++) {
            String id = prefix + i;
            if (SessionPartitioner.partitionOf(id, PARTITIONS) == partition) {
                return id;
            }
        }
    }

    private RecordMetadata command(String key, String json) {
        return send(key, json.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    private RecordMetadata send(String key, byte[] value, String contentType) {
        RecordHeaders headers = new RecordHeaders();
        if (contentType != null) {
            headers.add("content-type", contentType.getBytes(StandardCharsets.US_ASCII));
        }
        byte[] k = key == null ? null : key.getBytes(StandardCharsets.US_ASCII);
        return producer.send(new ProducerRecord<>(COMMANDS, null, k, value, headers));
    }
}

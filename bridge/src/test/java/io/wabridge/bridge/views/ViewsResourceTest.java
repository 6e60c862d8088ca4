package io.wabridge.bridge.views;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.util.Timestamps;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.wabridge.bridge.contract.EventEncoder;
import io.wabridge.bridge.contract.WireFormat;
import io.wabridge.bridge.e2e.KafkaTap;
import io.wabridge.bridge.e2e.SimulatorResource;
import io.wabridge.proto.v1.ConnectionUpdate;
import io.wabridge.proto.v1.EventEnvelope;
import io.wabridge.proto.v1.Me;
import io.wabridge.proto.v1.MessageContent;
import io.wabridge.proto.v1.MessageEvent;
import io.wabridge.proto.v1.Sender;
import io.wabridge.proto.v1.SessionStatus;
import io.wabridge.testkit.quarkus.EmbeddedInfra;
import io.wabridge.testkit.quarkus.EmbeddedInfraResource;
import io.wabridge.testkit.quarkus.InjectEmbeddedInfra;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The views inside a worker, against the in-process broker: events produced to wabridge.events become the
 * session status (HTTP and the compacted topic) and chats; unknown sessions are 404; bad records reach the views
 * DLQ; the OpenAPI document describes the endpoints.
 */
@QuarkusTest
@WithTestResource(EmbeddedInfraResource.class)
@WithTestResource(SimulatorResource.class) // the same resources as the other bridge tests: one application boot
class ViewsResourceTest {

    private static final Me ME = Me.newBuilder().setPn("15550001111@s.whatsapp.net").build();

    @InjectEmbeddedInfra
    EmbeddedInfra infra;

    @Test
    void eventsBecomeQueryableSessionsAndChats() throws Exception {
        String session = "views-" + System.nanoTime();
        EventEncoder encoder = new EventEncoder("wabridge.events", WireFormat.PROTOBUF, "worker-a");
        Instant t = Instant.now();
        try (KafkaProducer<byte[], byte[]> producer = producer(); KafkaTap sessions = new KafkaTap(
                infra.kafka().bootstrapServers(), "wabridge.sessions");
             KafkaTap dlq = new KafkaTap(infra.kafka().bootstrapServers(), "wabridge.views.dlq")) {
            producer.send(encoder.encode(event(session, t, 1).setConnectionUpdate(ConnectionUpdate.newBuilder()
                    .setState(ConnectionUpdate.State.OPEN)).build()));
            for (int i = 0; i < 3; i++) {
                String chat = "1555000222" + i + "@s.whatsapp.net";
                producer.send(encoder.encode(event(session, t, 2 + i).setMessage(MessageEvent.newBuilder()
                        .setId("M" + i).setChat(chat).setSender(Sender.newBuilder().setPn(chat))
                        .setTimestamp(Timestamps.fromMillis(t.toEpochMilli()))
                        .setContent(MessageContent.newBuilder().setText("hello " + i))).build()));
            }
            producer.send(new ProducerRecord<>("wabridge.events", session.getBytes(StandardCharsets.US_ASCII),
                    "not protobuf".getBytes(StandardCharsets.UTF_8)));
            producer.flush();

            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    given().get("/views/sessions/" + session).then().statusCode(200)
                            .body("state", equalTo("OPEN"))
                            .body("worker", equalTo("worker-a"))
                            .body("messagesIn", equalTo("3"))
                            .body("me.pn", equalTo(ME.getPn())));

            given().get("/views/sessions/" + session + "/chats?limit=2").then().statusCode(200)
                    .body("chats", hasSize(2))
                    .body("chats[0].chat", equalTo("15550002220@s.whatsapp.net"))
                    .body("chats[0].unread", equalTo(1))
                    .body("chats[0].lastMessage.preview", equalTo("hello 0"))
                    .body("nextCursor", equalTo("15550002221@s.whatsapp.net"));
            given().get("/views/sessions/" + session + "/chats?limit=2&cursor=15550002221@s.whatsapp.net").then()
                    .statusCode(200)
                    .body("chats", hasSize(1))
                    .body("chats[0].chat", equalTo("15550002222@s.whatsapp.net"))
                    .body("nextCursor", nullValue());
            given().get("/views/sessions?limit=1000").then().statusCode(200)
                    .body("sessions.find { it.sessionId == '" + session + "' }.state", equalTo("OPEN"));

            given().get("/views/sessions/no-such-session").then().statusCode(404)
                    .body("error", containsString("unknown session"))
                    .body("sessionId", equalTo("no-such-session"));
            given().get("/views/sessions/no-such-session/chats").then().statusCode(404);

            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> sessions.records().stream()
                    .anyMatch(r -> new String(r.key(), StandardCharsets.US_ASCII).equals(session)));
            SessionStatus published = sessions.records().stream()
                    .filter(r -> new String(r.key(), StandardCharsets.US_ASCII).equals(session))
                    .reduce((a, b) -> b).map(r -> parse(r.value())).orElseThrow();
            assertEquals(3, published.getMessagesIn());
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> dlq.records().stream()
                    .anyMatch(r -> new String(r.key(), StandardCharsets.US_ASCII).equals(session)));
        }
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body(containsString("/views/sessions/{id}/chats"));
        given().get("/q/health/ready").then().body("checks.find { it.name == 'views' }.status", equalTo("UP"));
    }

    private static SessionStatus parse(byte[] value) {
        try {
            return SessionStatus.parseFrom(value);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static EventEnvelope.Builder event(String session, Instant t, int n) {
        return EventEnvelope.newBuilder().setEventId("01JVIEWS" + String.format("%018d", n)).setSessionId(session)
                .setMe(ME).setOccurredAt(Timestamps.fromMillis(t.toEpochMilli() + n));
    }

    private KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafka().bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
    }
}

package io.wabridge.bridge.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.wabridge.bridge.e2e.SimulatorResource.InjectSimulator;
import io.wabridge.embedded.EmbeddedPostgres;
import io.wabridge.proto.v1.ConnectionUpdate;
import io.wabridge.proto.v1.EventEnvelope;
import io.wabridge.simulator.contact.ContactMessage;
import io.wabridge.testkit.quarkus.EmbeddedInfra;
import io.wabridge.testkit.quarkus.EmbeddedPostgresInfraResource;
import io.wabridge.testkit.quarkus.InjectEmbeddedInfra;
import io.wabridge.client.jid.Jid;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The bridge on PostgreSQL ({@code wabridge.store.backend=postgres}) with no MongoDB anywhere: a real PostgreSQL
 * server started by the test, the real Kafka broker, the simulator. Pairing, messages both ways and every table the
 * bridge keeps; then the database goes away mid-flight: readiness says why, an inbound message is not acknowledged
 * while its state cannot be stored, and it arrives once the database is back.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresInfraResource.class)
@WithTestResource(SimulatorResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresBridgeTest {
    static final String COMMANDS = "wabridge.commands";
    static final String SESSION = "pg-1";

    @InjectEmbeddedInfra
    EmbeddedInfra infra;

    @InjectEmbeddedInfra
    EmbeddedPostgres postgres;

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

    static void awaitReady() {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200));
    }

    @Test
    @Order(1)
    void readyReportsPostgresUpAndMongoUnused() {
        awaitReady();
        given().get("/q/health/ready").then()
                .statusCode(200)
                .body("checks.find { it.name == 'postgresql' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'mongodb' }.data.backend", equalTo("not used (wabridge.store.backend=postgres)"));
    }

    @Test
    @Order(2)
    void pairsAndMessagesFlowWithEveryTableInPostgres() throws Exception {
        command(SESSION, "{\"commandId\":\"c-pair\",\"connect\":{\"qr\":{}}}");
        EventEnvelope qr = events.awaitEvent(SESSION, EventEnvelope::hasQr);
        simulator.account(SimulatedServer.QR_PHONE).phone().scanQr(qr.getQr().getCode()).get(10, TimeUnit.SECONDS);
        events.awaitEvent(SESSION, EventEnvelope::hasPaired);
        events.awaitEvent(SESSION, isState(ConnectionUpdate.State.OPEN));
        given().get("/sessions/" + SESSION).then().statusCode(200).body("state", equalTo("open"))
                .body("me.pn", equalTo("15550001111@s.whatsapp.net"));

        var contact = simulator.contact();
        Jid me = Jid.parse(SimulatedServer.QR_PHONE + "@s.whatsapp.net");
        String inboundId = contact.sendText(me, "hello postgres");
        EventEnvelope inbound = events.awaitEvent(SESSION, e -> e.hasMessage() && inboundId.equals(e.getMessage().getId()));
        assertEquals("hello postgres", inbound.getMessage().getContent().getText());

        command(SESSION, "{\"commandId\":\"msg-1\",\"sendMessage\":{\"to\":\"+15550003333\",\"content\":{\"text\":\"hi\"}}}");
        EventEnvelope result = events.awaitEvent(SESSION, e -> e.hasCommandResult() && "msg-1".equals(e.getCausationId()));
        assertTrue(result.getCommandResult().hasOk(), result.toString());
        ContactMessage received = contact.awaitMessage(Duration.ofSeconds(15));
        assertNotEquals(null, received);
        assertEquals("hi", received.text());

        assertEquals(1, count("credentials WHERE session_id = '" + SESSION + "' AND registered"));
        assertTrue(count("signal_sessions WHERE session_id = '" + SESSION + "'") > 0, "the ratchet state is stored");
        assertTrue(count("prekeys WHERE session_id = '" + SESSION + "'") > 0);
        assertEquals(1, count("bridge_sessions WHERE id = '" + SESSION + "' AND state = 'open'"));
        assertEquals(1, count("leases WHERE session_id = '" + SESSION + "' AND owner IS NOT NULL"));
        assertEquals(1, count("command_results WHERE session_id = '" + SESSION + "' AND command_id = 'msg-1'"));
        assertEquals(0, count("credentials WHERE epoch = 0"), "the session writes under its lease epoch");
    }

    @Test
    @Order(3)
    void aDatabaseLostMidFlightWithholdsTheAckAndTheMessageArrivesWhenItIsBack() throws Exception {
        awaitReady();
        postgres.stop();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    given().get("/q/health/ready").then()
                            .statusCode(503)
                            .body("checks.find { it.name == 'postgresql' }.status", equalTo("DOWN"))
                            .body("checks.find { it.name == 'postgresql' }.data.error", org.hamcrest.Matchers.notNullValue()));
            given().get("/q/health/live").then().statusCode(200);
            String whileDown = simulator.contact().sendText(Jid.parse(SimulatedServer.QR_PHONE + "@s.whatsapp.net"),
                    "sent while the database was down");
            // the bridge may decrypt and publish it, but cannot store the ratchet state, so it does not acknowledge
            // it: the server delivers it again once the session is back (at least once, never lost)
            Thread.sleep(3_000);
            postgres.start();
            EventEnvelope late = events.awaitEvent(SESSION, e -> e.hasMessage() && whileDown.equals(e.getMessage().getId()));
            assertEquals("sent while the database was down", late.getMessage().getContent().getText());
        } finally {
            if (!postgres.isRunning()) {
                postgres.start();
            }
        }
        awaitReady();
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().get("/sessions/" + SESSION).then().statusCode(200).body("state", equalTo("open")));
        // the stored ratchet state is consistent: the next message decrypts too
        String after = simulator.contact().sendText(Jid.parse(SimulatedServer.QR_PHONE + "@s.whatsapp.net"), "and after");
        assertEquals("and after", events.awaitEvent(SESSION, e -> e.hasMessage() && after.equals(e.getMessage().getId()))
                .getMessage().getContent().getText());
    }

    private long count(String fromWhere) throws SQLException {
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), EmbeddedPostgres.USER, "");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM wabridge." + fromWhere)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Predicate<EventEnvelope> isState(ConnectionUpdate.State state) {
        return e -> e.hasConnectionUpdate() && e.getConnectionUpdate().getState() == state;
    }

    private void command(String key, String json) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", "application/json".getBytes(StandardCharsets.US_ASCII));
        producer.send(new ProducerRecord<>(COMMANDS, null, key.getBytes(StandardCharsets.US_ASCII),
                json.getBytes(StandardCharsets.UTF_8), headers));
    }
}

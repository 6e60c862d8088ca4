package io.wabridge.bridge.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.wabridge.bridge.e2e.SimulatorResource.InjectSimulator;
import io.wabridge.proto.v1.CommandResult;
import io.wabridge.proto.v1.ConnectionUpdate;
import io.wabridge.proto.v1.EventEnvelope;
import io.wabridge.simulator.contact.ContactMessage;
import io.wabridge.simulator.contact.SimulatedContact;
import io.wabridge.testkit.quarkus.EmbeddedInfra;
import io.wabridge.testkit.quarkus.EmbeddedInfraResource;
import io.wabridge.testkit.quarkus.InjectEmbeddedInfra;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Account and worker protection through Kafka, on a worker configured tight: a session may send 2 messages at once,
 * then one every 2 s, at most 3 a day; the worker runs at most 2 sessions. Over a limit the command fails with
 * RATE_LIMITED or SESSION_LIMIT, nothing happens, the metrics count it, and the result is not kept: the same command
 * produced again later runs.
 */
@QuarkusTest
@TestProfile(ProtectionTest.TightLimits.class)
@WithTestResource(EmbeddedInfraResource.class)
@WithTestResource(SimulatorResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProtectionTest {

    public static class TightLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("wabridge.limits.messages-per-second", "0.5", "wabridge.limits.message-burst", "2",
                    "wabridge.limits.messages-per-day", "3", "wabridge.limits.max-sessions", "2");
        }
    }

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
    void rateLimitsRefuseWhatIsOverTheBudgetAndTheWorkerCapRefusesAThirdSession() throws Exception {
        // session cap: two sessions run, the third is refused until one goes
        command("prot-a", "{\"commandId\":\"pa\",\"connect\":{\"qr\":{}}}");
        EventEnvelope qr = events.awaitEvent("prot-a", EventEnvelope::hasQr);
        command("prot-b", "{\"commandId\":\"pb\",\"connect\":{\"qr\":{}}}");
        assertTrue(result("prot-b", "pb", 1).hasOk());
        command("prot-c", "{\"commandId\":\"pc\",\"connect\":{\"qr\":{}}}");
        CommandResult refused = result("prot-c", "pc", 1);
        assertEquals("SESSION_LIMIT", refused.getError().getCode(), refused.toString());
        assertTrue(refused.getError().getMessage().contains("wabridge.limits.max-sessions"), refused.toString());
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("wabridge_sessions_refused_total 1.0"))
                .body(containsString("wabridge_sessions_running 2.0"));
        command("prot-b", "{\"commandId\":\"pb-off\",\"disconnect\":{}}");
        assertTrue(result("prot-b", "pb-off", 1).hasOk());
        command("prot-c", "{\"commandId\":\"pc\",\"connect\":{\"qr\":{}}}");
        assertTrue(result("prot-c", "pc", 2).hasOk(), "the refused connect was not kept: produced again, it runs");

        // rate limits, on a paired session
        simulator.account(SimulatedServer.QR_PHONE).phone().scanQr(qr.getQr().getCode()).get(10, TimeUnit.SECONDS);
        events.awaitEvent("prot-a", e -> e.hasConnectionUpdate()
                && e.getConnectionUpdate().getState() == ConnectionUpdate.State.OPEN);
        SimulatedContact contact = simulator.contact();
        for (int i = 1; i <= 3; i++) {
            command("prot-a", send("m" + i));
        }
        assertTrue(result("prot-a", "m1", 1).hasOk());
        assertTrue(result("prot-a", "m2", 1).hasOk());
        CommandResult limited = result("prot-a", "m3", 1);
        assertEquals("RATE_LIMITED", limited.getError().getCode(), limited.toString());
        assertTrue(limited.getError().getMessage().contains("messages-per-second"), limited.toString());
        List<String> received = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ContactMessage m = contact.awaitMessage(Duration.ofSeconds(15));
            assertNotEquals(null, m);
            received.add(m.text());
        }
        assertEquals(null, contact.awaitMessage(Duration.ofSeconds(1)), "the refused message was not sent");

        Thread.sleep(2_100); // one token back
        command("prot-a", send("m3"));
        assertTrue(result("prot-a", "m3", 2).hasOk(), "the same command id runs once the budget allows");
        received.add(contact.awaitMessage(Duration.ofSeconds(15)).text());
        assertEquals(List.of("text m1", "text m2", "text m3"), received);

        Thread.sleep(2_100);
        command("prot-a", send("m4"));
        CommandResult daily = result("prot-a", "m4", 1);
        assertEquals("RATE_LIMITED", daily.getError().getCode(), daily.toString());
        assertTrue(daily.getError().getMessage().contains("messages-per-day"), daily.toString());
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("wabridge_commands_rate_limited_total{limit=\"per_second\"} 1.0"))
                .body(containsString("wabridge_commands_rate_limited_total{limit=\"per_day\"} 1.0"))
                .body(containsString("wabridge_commands_failed_total{code=\"RATE_LIMITED\",type=\"send_message\"} 2.0"));
    }

    private static String send(String id) {
        return "{\"commandId\":\"" + id + "\",\"sendMessage\":{\"to\":\"+" + SimulatedServer.CONTACT_PHONE
                + "\",\"content\":{\"text\":\"text " + id + "\"}}}";
    }

    /** The n-th command_result of the command id (a command produced again has a second one). */
    private CommandResult result(String session, String commandId, int n) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> results(session, commandId).size() >= n);
        return results(session, commandId).get(n - 1);
    }

    private List<CommandResult> results(String session, String commandId) {
        return events.events(session).stream()
                .filter(e -> e.hasCommandResult() && commandId.equals(e.getCausationId()))
                .map(EventEnvelope::getCommandResult).toList();
    }

    private void command(String key, String json) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", "application/json".getBytes(StandardCharsets.US_ASCII));
        producer.send(new ProducerRecord<>("wabridge.commands", null, key.getBytes(StandardCharsets.US_ASCII),
                json.getBytes(StandardCharsets.UTF_8), headers));
    }
}

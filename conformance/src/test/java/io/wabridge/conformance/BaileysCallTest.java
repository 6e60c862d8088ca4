package io.wabridge.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wabridge.client.call.CallUpdate;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.simulator.WaSimulator;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.call.CallService;
import io.wabridge.simulator.contact.SimulatedContact;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Calls with Baileys and our client as two companions of one simulated account that a contact rings: both see the
 * offer (Baileys' {@code call} event reads the simulator's stanza: id, video, caller); Baileys' {@code rejectCall}
 * stanza is accepted by the simulator and reaches our client as REJECTED elsewhere; our client's reject reaches
 * Baileys as a {@code reject} call update; a timeout is seen by both; and both acknowledge every call stanza (the
 * server's mailboxes empty), so Baileys judges the simulator's call stanzas and our reject, not our own parser.
 */
class BaileysCallTest {
    private static final Duration STEP = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path authDir;

    private WaSimulator simulator;
    private BaileysFixture fixture;
    private PhoneAccount account;
    private SimulatedContact caller;

    @BeforeEach
    void start() throws Exception {
        simulator = WaSimulator.start();
        account = simulator.accounts().create("15550001111");
        caller = simulator.accounts().messaging().contact(simulator.accounts().create("15550002222"));
        fixture = BaileysFixture.linkOurClient(simulator, account, "conformance-calls");
    }

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
        simulator.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"baileys7", "baileys6"})
    void baileysAndOurClientSeeAndRejectCalls(String baileys) throws Exception {
        CallService calls = simulator.accounts().messaging().calls();
        try (BaileysFixture.BaileysLink link = BaileysFixture.linkBaileys(simulator, account, baileys, authDir)) {
            NodeProcess driver = link.driver();
            int baileysDevice = account.deviceIds().stream().filter(d -> d != 0).max(Integer::compare).orElseThrow();

            // A video call: both see the offer; Baileys rejects it, our client sees that.
            String first = calls.ring(caller.account(), account, true);
            JsonNode offer = awaitCall(driver, first, "offer");
            assertTrue(offer.path("isVideo").asBoolean(), offer::toString);
            assertFalse(offer.path("isGroup").asBoolean(), offer::toString);
            assertTrue(offer.path("from").asText().startsWith(caller.account().phoneNumber()), offer::toString);
            CallUpdate ours = awaitCall(first, CallUpdate.Status.OFFER);
            assertTrue(ours.video());
            driver.command(JSON.createObjectNode().put("command", "reject-call").put("id", first)
                    .put("from", offer.path("from").asText()).toString());
            driver.await(e -> "call-rejected".equals(e.path("event").asText()), STEP, "Baileys' reject acknowledged");
            BaileysFixture.waitFor(() -> calls.call(first).orElseThrow().state() == CallService.State.REJECTED, STEP, "the server took Baileys' reject");
            assertEquals(baileysDevice, calls.call(first).orElseThrow().endedBy().device());
            CallUpdate elsewhere = awaitCall(first, CallUpdate.Status.REJECTED);
            assertTrue(elsewhere.elsewhere());

            // A voice call our client rejects: Baileys sees the reject from our device.
            String second = calls.ring(caller.account(), account, false);
            awaitCall(driver, second, "offer");
            awaitCall(second, CallUpdate.Status.OFFER);
            fixture.client().calls().reject(second).get(30, TimeUnit.SECONDS);
            BaileysFixture.waitFor(() -> calls.call(second).orElseThrow().state() == CallService.State.REJECTED, STEP, "the server took our reject");
            JsonNode rejectedByUs = awaitCall(driver, second, "reject");
            assertTrue(rejectedByUs.path("chatId").asText().startsWith(account.phoneNumber()), rejectedByUs::toString);

            // Nobody answers: both see the timeout.
            String third = calls.ring(caller.account(), account, false);
            awaitCall(driver, third, "offer");
            awaitCall(third, CallUpdate.Status.OFFER);
            assertTrue(calls.timeOut(third));
            awaitCall(driver, third, "timeout");
            awaitCall(third, CallUpdate.Status.TIMEOUT);

            BaileysFixture.waitFor(() -> simulator.accounts().messaging().pending(account, baileysDevice) == 0, STEP,
                    "Baileys acknowledged every call stanza");
            driver.command("end");
            driver.await("ended", STEP);
        }
    }

    private static JsonNode awaitCall(NodeProcess driver, String id, String status) throws InterruptedException {
        return driver.await(e -> "call".equals(e.path("event").asText()) && id.equals(e.path("id").asText())
                && status.equals(e.path("status").asText()), STEP, "Baileys' call " + status + " of " + id);
    }

    private CallUpdate awaitCall(String id, CallUpdate.Status status) throws InterruptedException {
        return fixture.await(ClientEvent.Call.class, c -> c.update().callId().equals(id) && c.update().status() == status).update();
    }
}

package io.wabridge.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.wabridge.simulator.WaSimulator;
import io.wabridge.simulator.account.LinkedDevice;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.server.StreamErrorKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How Baileys reads the ways the simulator ends a linked device's stream: each forced error and refusal must map to
 * the disconnect reason Baileys applications act on (503 unavailable, 440 replaced, 401 logged out, 405 outdated).
 */
class BaileysLifecycleTest {
    private static final Duration STEP = Duration.ofSeconds(60);

    @TempDir
    Path authDir;

    private WaSimulator simulator;
    private PhoneAccount account;

    @BeforeEach
    void start() throws Exception {
        simulator = WaSimulator.start();
        account = simulator.accounts().create("15550008888");
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    private NodeProcess driver(String baileys) {
        return NodeProcess.start(NodeHarness.fromEnvironment(), "baileys-link.mjs", "--baileys", baileys,
                "--url", simulator.url().toString(), "--auth", authDir.toString());
    }

    private static JsonNode awaitOpen(NodeProcess driver) throws InterruptedException {
        return driver.await(e -> "open".equals(e.path("state").asText()), STEP, "connection open");
    }

    private static int awaitCloseCode(NodeProcess driver) throws InterruptedException {
        JsonNode close = driver.await(e -> "close".equals(e.path("state").asText()), STEP, "connection close");
        assertEquals(0, driver.awaitExit(STEP), "the driver exits after a close that is not a restart");
        return close.path("code").asInt();
    }

    @ParameterizedTest
    @ValueSource(strings = {"baileys7", "baileys6"})
    void forcedErrorsAndRefusalsReachBaileysAsItsDisconnectReasons(String baileys) throws Exception {
        LinkedDevice device;
        try (NodeProcess driver = driver(baileys)) {
            device = account.phone().scanQr(driver.await("qr", STEP).get("qr").asText()).get(30, TimeUnit.SECONDS);
            awaitOpen(driver);
            account.sendStreamError(device.id(), StreamErrorKind.SERVICE_UNAVAILABLE);
            assertEquals(503, awaitCloseCode(driver), () -> "events: " + driver.seen());
        }
        try (NodeProcess driver = driver(baileys)) {
            awaitOpen(driver);
            account.sendStreamError(device.id(), StreamErrorKind.REPLACED);
            assertEquals(440, awaitCloseCode(driver), () -> "conflict without code is connectionReplaced: " + driver.seen());
        }
        account.failNextLogin(device.id(), 405);
        try (NodeProcess driver = driver(baileys)) {
            assertEquals(405, awaitCloseCode(driver), () -> "events: " + driver.seen());
        }
        try (NodeProcess driver = driver(baileys)) {
            awaitOpen(driver);
            account.phone().removeDevice(device.id());
            assertEquals(401, awaitCloseCode(driver), () -> "device_removed is loggedOut: " + driver.seen());
        }
        try (NodeProcess driver = driver(baileys)) {
            assertEquals(401, awaitCloseCode(driver), () -> "an unlinked device's login fails 401: " + driver.seen());
        }
    }
}

package io.wabridge.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.wabridge.simulator.WaSimulator;
import io.wabridge.simulator.account.LinkedDevice;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.pairing.PairingException;
import io.wabridge.simulator.pairing.PairingQr;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Baileys, a client we did not write, links to the simulator by QR and by pairing code, passes the 515 restart,
 * logs in, and logs in again from its saved credentials without a QR: for Baileys 7 (dictionary v3) and 6 (v2).
 * Baileys does not check the account signature, so these runs prove the wire flow, not our signatures.
 */
class BaileysPairingTest {
    private static final Duration STEP = Duration.ofSeconds(60);
    private static final String PHONE = "15550009999";

    @TempDir
    Path authDir;

    private WaSimulator simulator;
    private PhoneAccount account;

    @BeforeEach
    void start() throws Exception {
        simulator = WaSimulator.start();
        account = simulator.accounts().create(PHONE);
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    private NodeProcess driver(String baileys, String... extra) {
        String[] args = new String[6 + extra.length];
        System.arraycopy(new String[] {"--baileys", baileys, "--url", simulator.url().toString(), "--auth",
                authDir.toString()}, 0, args, 0, 6);
        System.arraycopy(extra, 0, args, 6, extra.length);
        return NodeProcess.start(NodeHarness.fromEnvironment(), "baileys-link.mjs", args);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"baileys7, 3", "baileys6, 2"})
    void linksByQrRestartsLogsInAndLogsInAgainFromSavedCreds(String baileys, int dictionaryVersion) throws Exception {
        LinkedDevice device;
        try (NodeProcess first = driver(baileys)) {
            String qr = first.await("qr", STEP).get("qr").asText();
            device = account.phone().scanQr(qr).get(30, TimeUnit.SECONDS);

            PairingQr scanned = PairingQr.parse(qr);
            assertArrayEquals(scanned.noiseKey(), device.noiseKey(),
                    "Baileys' QR noise key is the static key of the connection it registered on");
            assertEquals(dictionaryVersion, device.pairingDictionaryVersion(), "registered in the declared dictionary");

            JsonNode restartClose = first.await(e -> "connection".equals(e.path("event").asText())
                    && "close".equals(e.path("state").asText()), STEP, "close after pairing");
            assertEquals(515, restartClose.path("code").asInt(), () -> "events: " + first.seen());
            first.await("restart", STEP);
            first.await(e -> "open".equals(e.path("state").asText()), STEP, "connection open after the restart");
            assertEquals(dictionaryVersion, account.session(device.id()).orElseThrow().dictionaryVersion(),
                    "logged in in the declared dictionary");
            assertTrue(account.preKeyCount(device.id()) > 0, () -> "no prekeys uploaded; events: " + first.seen());
            List<String> me = first.seen().stream().filter(e -> "creds".equals(e.path("event").asText()))
                    .map(e -> e.path("me").asText()).toList();
            assertTrue(me.contains(PHONE + ":" + device.id() + "@s.whatsapp.net"), () -> "events: " + first.seen());

            first.command("end");
            first.await("ended", STEP);
            assertEquals(0, first.awaitExit(STEP));
        }

        try (NodeProcess again = driver(baileys)) {
            again.await(e -> "open".equals(e.path("state").asText()), STEP, "connection open from saved creds");
            assertFalse(again.seen().stream().anyMatch(e -> "qr".equals(e.path("event").asText())),
                    "no QR when logging in from saved creds: " + again.seen());
            assertEquals(dictionaryVersion, account.session(device.id()).orElseThrow().dictionaryVersion());
            assertEquals(1, account.devices().size());
            again.command("end");
            again.await("ended", STEP);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"baileys7, 3", "baileys6, 2"})
    void linksByPairingCodeTypedOnThePhone(String baileys, int dictionaryVersion) throws Exception {
        try (NodeProcess driver = driver(baileys, "--pairing-phone", PHONE)) {
            String code = driver.await("pairing-code", STEP).get("code").asText();
            LinkedDevice device = confirmOnceAsked(code).get(30, TimeUnit.SECONDS);
            assertEquals(dictionaryVersion, device.pairingDictionaryVersion());

            driver.await("restart", STEP);
            driver.await(e -> "open".equals(e.path("state").asText()), STEP, "connection open after code pairing");
            assertTrue(account.session(device.id()).isPresent(), "the new device is logged in");
            driver.command("end");
            driver.await("ended", STEP);
        }
    }

    /**
     * Baileys prints the code as soon as it sent companion_hello, without waiting for the server's answer; a person
     * reading the code is slower than the server, a test is not.
     */
    private CompletableFuture<LinkedDevice> confirmOnceAsked(String code) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                return account.phone().confirmPairingCode(code);
            } catch (PairingException e) {
                if (e.reason() != PairingException.Reason.NO_PENDING_CODE || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
    }
}

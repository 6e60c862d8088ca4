package io.wabridge.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wabridge.client.jid.Jid;
import io.wabridge.simulator.WaSimulator;
import io.wabridge.simulator.account.LinkedDevice;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.contact.ContactMessage;
import io.wabridge.simulator.contact.ContactReceipt;
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
 * Baileys, linked through the simulated phone, exchanges 1:1 messages with a simulated contact through the
 * simulator's routing: it decrypts the contact's pkmsg, its delivery receipt reaches the contact, its answer (sent
 * with {@code sock.sendMessage}, after its own usync and prekey fetches) decrypts at the contact, and the contact's
 * receipt shows up in Baileys as a delivered status. Then a message sent while Baileys is offline arrives at its next
 * login. Both ends are independent implementations of Signal, so this checks the server's routing and shapes.
 */
class BaileysMessagingTest {
    private static final Duration STEP = Duration.ofSeconds(60);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path authDir;

    private WaSimulator simulator;
    private PhoneAccount account;
    private SimulatedContact bob;

    @BeforeEach
    void start() throws Exception {
        simulator = WaSimulator.start();
        account = simulator.accounts().create("15550007777");
        bob = simulator.accounts().messaging().contact(simulator.accounts().create("15550008888"));
        bob.pushName("Bob");
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    private NodeProcess driver(String baileys) {
        return NodeProcess.start(NodeHarness.fromEnvironment(), "baileys-link.mjs", "--baileys", baileys, "--url",
                simulator.url().toString(), "--auth", authDir.toString());
    }

    private static JsonNode message(NodeProcess driver, String text) throws InterruptedException {
        return driver.await(e -> "message".equals(e.path("event").asText()) && text.equals(e.path("text").asText()),
                STEP, "message \"" + text + "\"");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"baileys7", "baileys6"})
    void exchangesMessagesWithASimulatedContact(String baileys) throws Exception {
        LinkedDevice device;
        try (NodeProcess driver = driver(baileys)) {
            device = account.phone().scanQr(driver.await("qr", STEP).get("qr").asText()).get(30, TimeUnit.SECONDS);
            driver.await("restart", STEP);
            driver.await(e -> "open".equals(e.path("state").asText()), STEP, "connection open");

            String inbound = bob.sendText(account.jid(), "hello from bob");
            JsonNode received = message(driver, "hello from bob");
            assertEquals(inbound, received.path("id").asText());
            assertEquals(bob.jid().user(), Jid.parse(received.path("remoteJid").asText()).user(),
                    () -> "chat of " + received);
            ContactReceipt delivered = receiptFrom(bob, account.deviceJid(device.id()));
            assertEquals(inbound, delivered.id());
            assertTrue(delivered.isDelivery());

            driver.command(JSON.createObjectNode().put("command", "send").put("to", bob.jid().toString())
                    .put("text", "hi bob, baileys here").toString());
            String outbound = driver.await("sent", STEP).path("id").asText();
            ContactMessage answer = awaitText(bob, "hi bob, baileys here");
            assertEquals(outbound, answer.id());
            assertEquals(account.jid().user(), answer.from().user());
            assertEquals(device.id(), answer.from().device(), "sent by Baileys' device");
            ContactMessage copy = awaitText(simulator.accounts().messaging().contact(account), "hi bob, baileys here");
            assertTrue(copy.fromOwnDevice(), "the account's phone gets Baileys' own-device copy");
            assertEquals(bob.jid().user(), copy.chat().user());
            // A status update, or the status folded into Baileys' own upsert of the message when it held both.
            // Baileys may report it before its sendMessage resolves ("sent"), so look at what was seen first.
            java.util.function.Predicate<com.fasterxml.jackson.databind.JsonNode> deliveredStatus =
                    e -> ("status".equals(e.path("event").asText()) || "message".equals(e.path("event").asText()))
                            && outbound.equals(e.path("id").asText()) && e.path("status").asInt() >= 3;
            if (driver.seen().stream().noneMatch(deliveredStatus)) {
                driver.await(deliveredStatus, STEP, "delivered status for " + outbound);
            }

            driver.command("end");
            driver.await("ended", STEP);
        }

        String whileAway = bob.sendText(account.jid(), "sent while you were away");
        assertTrue(simulator.accounts().messaging().pending(account, device.id()) >= 1, "waits in the mailbox");
        try (NodeProcess driver = driver(baileys)) {
            JsonNode received = message(driver, "sent while you were away");
            assertEquals(whileAway, received.path("id").asText());
            assertNotNull(receiptFrom(bob, account.deviceJid(device.id())));
            driver.command("end");
            driver.await("ended", STEP);
        }
    }

    private static ContactMessage awaitText(SimulatedContact phone, String text) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            ContactMessage message = phone.awaitMessage(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (message != null && text.equals(message.text())) {
                return message;
            }
        }
        throw new AssertionError(phone + " did not receive \"" + text + "\"");
    }

    private static ContactReceipt receiptFrom(SimulatedContact phone, Jid device) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            ContactReceipt receipt = phone.awaitReceipt(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (receipt != null && receipt.from().user().equals(device.user()) && receipt.from().device() == device.device()) {
                return receipt;
            }
        }
        throw new AssertionError(phone + " got no receipt from " + device);
    }
}

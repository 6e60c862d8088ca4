package io.wabridge.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wabridge.client.WaClient;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.message.content.Text;
import io.wabridge.client.receipt.ReceiptType;
import io.wabridge.client.send.SendResult;
import io.wabridge.simulator.WaSimulator;
import io.wabridge.simulator.account.LinkedDevice;
import io.wabridge.simulator.account.PhoneAccount;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Baileys and our WaClient, each linked by QR to its own simulated account, exchange 1:1 texts through the
 * simulator in both directions, first contact (pkmsg) included, and each sees the other's delivery receipt. Two
 * independent Signal and binary-node implementations meet here, so this checks our client's wire shapes (message
 * stanzas, receipts, prekey bundles it publishes) against Baileys, not only against our own simulated contact.
 * A message to a user also fans out to that user's phone (device 0); the receipts asserted are the ones from the
 * linked device itself.
 */
class BaileysWaClientMessagingTest {
    private static final Duration STEP = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path authDir;

    private WaSimulator simulator;
    private BaileysFixture ours;
    private WaClient client;
    private PhoneAccount baileysAccount;
    private PhoneAccount wabridgeAccount;
    private LinkedDevice wabridgeDevice;

    @BeforeEach
    void start() throws Exception {
        simulator = WaSimulator.start();
        baileysAccount = simulator.accounts().create("15550007777");
        wabridgeAccount = simulator.accounts().create("15550009999");
        ours = BaileysFixture.linkOurClient(simulator, wabridgeAccount, "conformance");
        client = ours.client();
        wabridgeDevice = ours.device();
    }

    @AfterEach
    void stop() {
        if (ours != null) {
            ours.close();
        }
        simulator.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"baileys7", "baileys6"})
    void exchangesTextsBothWaysWithDeliveryReceipts(String baileys) throws Exception {
        try (BaileysFixture.BaileysLink link = BaileysFixture.linkBaileys(simulator, baileysAccount, baileys, authDir)) {
            NodeProcess driver = link.driver();
            LinkedDevice baileysDevice = link.device();

            // Baileys -> wabridge, first contact: Baileys fetches our client's prekey bundle and sends a pkmsg.
            driver.command(JSON.createObjectNode().put("command", "send").put("to", wabridgeAccount.jid().toString())
                    .put("text", "hello wabridge, baileys here").toString());
            String toWabridge = driver.await("sent", STEP).path("id").asText();
            ClientEvent.MessageReceived received = ours.awaitText("hello wabridge, baileys here");
            assertEquals(toWabridge, received.id());
            assertTrue(received.sender().sameUser(baileysAccount.jid())
                    || received.sender().sameUser(baileysAccount.lidJid()), received.sender().toString());
            assertEquals(baileysDevice.id(), received.sender().device(), "sent by Baileys' device");
            assertFalse(received.fromMe());
            java.util.function.Predicate<JsonNode> ourReceipt = e -> "receipt".equals(e.path("event").asText())
                    && toWabridge.equals(e.path("id").asText())
                    && isDevice(Jid.parse(e.path("from").asText()), wabridgeAccount, wabridgeDevice.id());
            // The receipt may reach Baileys before its sendMessage resolves ("sent"): look at what was seen first.
            JsonNode receipt = driver.seen().stream().filter(ourReceipt).findFirst().orElse(null);
            if (receipt == null) {
                receipt = driver.await(ourReceipt, STEP, "receipt from our client for " + toWabridge);
            }
            JsonNode deliveryReceipt = receipt;
            assertTrue(deliveryReceipt.path("type").isNull(), () -> "a delivery receipt: " + deliveryReceipt);

            // wabridge -> Baileys, first contact the other way: our client sends a pkmsg to Baileys' device.
            SendResult sent = client.sendMessage(baileysAccount.jid(), new Text("hi baileys, wabridge here"), null)
                    .get(30, TimeUnit.SECONDS);
            JsonNode upsert = driver.await(e -> "message".equals(e.path("event").asText())
                    && "hi baileys, wabridge here".equals(e.path("text").asText()), STEP, "wabridge's text");
            assertEquals(sent.messageId(), upsert.path("id").asText());
            assertFalse(upsert.path("fromMe").asBoolean(), () -> "not Baileys' own: " + upsert);
            Jid chat = Jid.parse(upsert.path("remoteJid").asText());
            assertTrue(chat.sameUser(wabridgeAccount.jid()) || chat.sameUser(wabridgeAccount.lidJid()), chat::toString);
            ClientEvent.Receipt delivered = ours.await(ClientEvent.Receipt.class,
                    r -> r.ids().contains(sent.messageId()) && isDevice(r.from(), baileysAccount, baileysDevice.id()));
            assertEquals(ReceiptType.DELIVERED, delivered.type());

            // Both sessions established: the next texts go as plain msg both ways.
            client.sendMessage(baileysAccount.jid(), new Text("second from wabridge"), null).get(30, TimeUnit.SECONDS);
            driver.await(e -> "message".equals(e.path("event").asText())
                    && "second from wabridge".equals(e.path("text").asText()), STEP, "wabridge's second text");
            driver.command(JSON.createObjectNode().put("command", "send").put("to", wabridgeAccount.jid().toString())
                    .put("text", "second from baileys").toString());
            ours.awaitText("second from baileys");

            driver.command("end");
            driver.await("ended", STEP);
        }
    }

    /**
     * A LID-only contact (issue 14): Baileys 7's account hides its number, so the server names it by LID with no
     * {@code sender_pn}; Baileys writes to our LID, our client decrypts with the LID session and answers at the LID.
     */
    @org.junit.jupiter.api.Test
    void aLidOnlyBaileysContactMessagesOurClientAndIsAnswered() throws Exception {
        baileysAccount.lidOnly(true);
        try (BaileysFixture.BaileysLink link = BaileysFixture.linkBaileys(simulator, baileysAccount, "baileys7",
                authDir)) {
            NodeProcess driver = link.driver();
            LinkedDevice baileysDevice = link.device();

            driver.command(JSON.createObjectNode().put("command", "send").put("to", wabridgeAccount.lidJid().toString())
                    .put("text", "hello from a hidden number").toString());
            String toWabridge = driver.await("sent", STEP).path("id").asText();
            ClientEvent.MessageReceived received = ours.awaitText("hello from a hidden number");
            assertEquals(toWabridge, received.id());
            assertEquals(baileysAccount.lidJid(), received.chat(), "the chat is Baileys' LID");
            assertEquals(baileysDevice.id(), received.sender().device());
            // Baileys hides its number now, but our client may know it from before (this account wrote by number in
            // the other tests, and the phone's history names its mappings): then the known number, never another.
            assertTrue(received.senderPn() == null || received.senderPn().equals(baileysAccount.jid()),
                    "no number, or the one learned before: " + received.senderPn());

            SendResult sent = client.sendMessage(received.chat(), new Text("answered at your LID"), null)
                    .get(30, TimeUnit.SECONDS);
            JsonNode upsert = driver.await(e -> "message".equals(e.path("event").asText())
                    && "answered at your LID".equals(e.path("text").asText()), STEP, "our answer");
            assertEquals(sent.messageId(), upsert.path("id").asText());

            driver.command("end");
            driver.await("ended", STEP);
        }
    }

    private static boolean isDevice(Jid jid, PhoneAccount account, int device) {
        return (jid.sameUser(account.jid()) || jid.sameUser(account.lidJid())) && jid.device() == device;
    }
}

package io.wabridge.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wabridge.client.blocking.AccountSettingsUpdate;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.message.content.Text;
import io.wabridge.simulator.WaSimulator;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.blocking.BlockingService;
import io.wabridge.simulator.contact.SimulatedContact;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Blocking and privacy with Baileys and our client as two companions of one simulated account: Baileys'
 * {@code updateBlockStatus} reaches the simulator (which then holds the contact's messages back) and our client as
 * an account_sync BLOCKLIST change; our client's unblock reaches Baileys as {@code blocklist.update} remove, and
 * Baileys' {@code fetchBlocklist} reads the simulator's list; Baileys' read-receipts privacy change reaches our
 * client, and ours is what Baileys' {@code fetchPrivacySettings} reads. Baileys' parsers judge the simulator's
 * stanzas and our client's requests.
 */
class BaileysBlockingTest {
    private static final Duration STEP = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path authDir;

    private WaSimulator simulator;
    private BaileysFixture fixture;
    private PhoneAccount account;
    private SimulatedContact contact;

    @BeforeEach
    void start() throws Exception {
        simulator = WaSimulator.start();
        account = simulator.accounts().create("15550001111");
        contact = simulator.accounts().messaging().contact(simulator.accounts().create("15550002222"));
        fixture = BaileysFixture.linkOurClient(simulator, account, "conformance-blocking");
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
    void blockingAndPrivacyCrossBetweenBaileysAndOurClient(String baileys) throws Exception {
        BlockingService server = simulator.accounts().messaging().blocking();
        try (BaileysFixture.BaileysLink link = BaileysFixture.linkBaileys(simulator, account, baileys, authDir)) {
            NodeProcess driver = link.driver();
            // A message first: Baileys 7 blocks by LID and learns the contact's from it.
            contact.sendText(account.jid(), "hello before blocking");
            driver.await(e -> "message".equals(e.path("event").asText())
                    && "hello before blocking".equals(e.path("text").asText()), STEP, "the first message at Baileys");
            awaitText("hello before blocking");

            driver.command(JSON.createObjectNode().put("command", "block-status")
                    .put("jid", contact.account().jid().toString()).put("action", "block").toString());
            driver.await("block-status", STEP);
            assertTrue(server.blocks(account, contact.account()), "the simulator took Baileys' block");
            AccountSettingsUpdate blocked = fixture.await(ClientEvent.AccountSettings.class,
                    e -> e.update().kind() == AccountSettingsUpdate.Kind.BLOCKLIST).update();
            assertTrue(blocked.elsewhere());
            Jid named = blocked.blocked().getFirst().jid();
            assertTrue(named.sameUser(contact.account().jid()) || named.sameUser(contact.account().lidJid()), named::toString);
            List<Jid> ours = fixture.client().blocking().blocklist().get(30, TimeUnit.SECONDS);
            assertEquals(1, ours.size(), ours::toString);

            contact.sendText(account.jid(), "while blocked");
            fixture.client().blocking().unblock(contact.account().jid()).get(30, TimeUnit.SECONDS);
            driver.await(e -> "blocklist-update".equals(e.path("event").asText())
                    && "remove".equals(e.path("type").asText()), STEP, "Baileys sees our unblock");
            driver.command(JSON.createObjectNode().put("command", "fetch-blocklist").toString());
            assertEquals(0, driver.await("blocklist", STEP).path("jids").size());
            contact.sendText(account.jid(), "after the unblock");
            awaitText("after the unblock");
            driver.await(e -> "message".equals(e.path("event").asText())
                    && "after the unblock".equals(e.path("text").asText()), STEP, "the later message at Baileys");
            assertTrue(driver.seen().stream().noneMatch(e -> "while blocked".equals(e.path("text").asText())),
                    "Baileys never got the blocked message");
            assertTrue(fixture.seen().stream().noneMatch(e -> e instanceof ClientEvent.MessageReceived m
                    && m.content() instanceof Text t && t.text().equals("while blocked")), "nor did our client");

            driver.command(JSON.createObjectNode().put("command", "read-receipts-privacy").put("value", "none").toString());
            driver.await("privacy-updated", STEP);
            AccountSettingsUpdate privacy = fixture.await(ClientEvent.AccountSettings.class,
                    e -> e.update().kind() == AccountSettingsUpdate.Kind.PRIVACY).update();
            assertEquals("none", privacy.privacy().get("readreceipts"));
            fixture.client().blocking().setPrivacy("last", "contacts").get(30, TimeUnit.SECONDS);
            driver.command(JSON.createObjectNode().put("command", "fetch-privacy").toString());
            JsonNode settings = driver.await("privacy", STEP).path("settings");
            assertEquals("contacts", settings.path("last").asText(), settings::toString);
            assertEquals("none", settings.path("readreceipts").asText(), settings::toString);

            driver.command("end");
            driver.await("ended", STEP);
        }
    }

    private void awaitText(String text) throws InterruptedException {
        fixture.await(ClientEvent.MessageReceived.class, m -> m.content() instanceof Text t && t.text().equals(text));
    }
}

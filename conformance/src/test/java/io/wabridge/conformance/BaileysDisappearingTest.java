package io.wabridge.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wabridge.client.WaClient;
import io.wabridge.client.disappearing.Expiration;
import io.wabridge.client.disappearing.TimerChange;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.message.content.Text;
import io.wabridge.simulator.WaSimulator;
import io.wabridge.simulator.account.PhoneAccount;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Disappearing messages between Baileys 7 and our client, two accounts of the simulator: Baileys'
 * {@code sendMessage(jid, {disappearingMessagesInChat})} reaches our client as the chat's timer (elsewhere), and our
 * next message to Baileys carries it in its context as Baileys reads it; our client's timer reaches Baileys as an
 * EPHEMERAL_SETTING, and Baileys' message sent with that {@code ephemeralExpiration} carries it to us; Baileys'
 * {@code groupToggleEphemeral} on a group it created with us is a group timer change at our client, honoured by our
 * group message. Baileys' parsers judge what our client sends.
 */
class BaileysDisappearingTest {
    private static final Duration STEP = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path authDir;

    private WaSimulator simulator;
    private BaileysFixture ours;
    private PhoneAccount baileysAccount;
    private PhoneAccount wabridgeAccount;

    @BeforeEach
    void start() throws Exception {
        simulator = WaSimulator.start();
        baileysAccount = simulator.accounts().create("15550007777");
        wabridgeAccount = simulator.accounts().create("15550009999");
        ours = BaileysFixture.linkOurClient(simulator, wabridgeAccount, "conformance-disappearing");
    }

    @AfterEach
    void stop() {
        if (ours != null) {
            ours.close();
        }
        simulator.close();
    }

    @Test
    void timersCrossBetweenBaileys7AndOurClient() throws Exception {
        WaClient client = ours.client();
        Jid baileys = baileysAccount.jid();
        try (BaileysFixture.BaileysLink link = BaileysFixture.linkBaileys(simulator, baileysAccount, "baileys7", authDir)) {
            NodeProcess driver = link.driver();

            // Baileys sets the 1:1 timer: our client keeps it and honours it
            driver.command(JSON.createObjectNode().put("command", "disappearing").put("jid", wabridgeAccount.jid().toString())
                    .put("seconds", 86_400).toString());
            driver.await("disappearing-set", STEP);
            TimerChange theirs = ours.await(ClientEvent.Disappearing.class,
                    d -> d.change().scope() == TimerChange.Scope.CHAT && d.change().elsewhere()).change();
            assertEquals(86_400, theirs.seconds());
            assertTrue(theirs.chat().sameUser(baileys) || theirs.chat().sameUser(baileysAccount.lidJid()),
                    theirs.chat()::toString);
            assertEquals(86_400, client.disappearing().timer(baileys).get(30, TimeUnit.SECONDS));
            client.sendMessage(baileys, new Text("vanishing in a day"), null).get(30, TimeUnit.SECONDS);
            JsonNode atBaileys = driver.await(e -> "message".equals(e.path("event").asText())
                    && "vanishing in a day".equals(e.path("text").asText()), STEP, "our text at Baileys");
            assertEquals(86_400, atBaileys.path("expiration").asInt(), atBaileys::toString);

            // ours: Baileys sees the setting, and its message with that timer carries it to us
            client.disappearing().setChat(baileys, 604_800).get(30, TimeUnit.SECONDS);
            JsonNode setting = driver.await(e -> "message".equals(e.path("event").asText())
                    && e.path("ephemeralSetting").isNumber(), STEP, "our EPHEMERAL_SETTING at Baileys");
            assertEquals(604_800, setting.path("ephemeralSetting").asInt(), setting::toString);
            driver.command(JSON.createObjectNode().put("command", "send").put("to", wabridgeAccount.jid().toString())
                    .put("text", "a week from Baileys").put("ephemeralExpiration", 604_800).toString());
            driver.await("sent", STEP);
            ClientEvent.MessageReceived fromBaileys = ours.awaitText("a week from Baileys");
            assertEquals(604_800, Expiration.of(fromBaileys.message()));

            // a group Baileys created with us: its groupToggleEphemeral is a group timer change we honour
            ObjectNode create = JSON.createObjectNode().put("command", "group-create").put("subject", "Ephemeral");
            create.putArray("participants").add(wabridgeAccount.jid().toString());
            driver.command(create.toString());
            Jid group = Jid.parse(driver.await("group-created", STEP).path("jid").asText());
            driver.command(JSON.createObjectNode().put("command", "disappearing").put("jid", group.toString())
                    .put("seconds", 7_776_000).toString());
            driver.await("disappearing-set", STEP);
            TimerChange groupTimer = ours.await(ClientEvent.Disappearing.class,
                    d -> d.change().scope() == TimerChange.Scope.GROUP && group.equals(d.change().chat())).change();
            assertEquals(7_776_000, groupTimer.seconds());
            assertTrue(groupTimer.elsewhere());
            client.sendMessage(group, new Text("to the ephemeral group"), null).get(30, TimeUnit.SECONDS);
            JsonNode inGroup = driver.await(e -> "message".equals(e.path("event").asText())
                    && "to the ephemeral group".equals(e.path("text").asText()), STEP, "our group text at Baileys");
            assertEquals(7_776_000, inGroup.path("expiration").asInt(), inGroup::toString);

            driver.command("end");
            driver.await("ended", STEP);
        }
    }
}

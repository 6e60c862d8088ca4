package io.wabridge.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wabridge.client.ClientRuntime;
import io.wabridge.client.WaClient;
import io.wabridge.client.WaClientConfig;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.events.ClientEvent.GroupUpdate;
import io.wabridge.client.group.GroupAdmin;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.message.content.ExtendedText;
import io.wabridge.client.message.content.Text;
import io.wabridge.client.noise.NoiseCertificateVerifier;
import io.wabridge.client.send.SendResult;
import io.wabridge.client.store.memory.MemoryStoreProvider;
import io.wabridge.client.transport.TransportConfig;
import io.wabridge.simulator.WaSimulator;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.contact.ContactMessage;
import io.wabridge.simulator.contact.SimulatedContact;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Baileys as a group member next to our WaClient and a simulated contact, through the simulator: Baileys creates
 * the group with us in it (our client sees the create as a GroupUpdate), Baileys' group message decrypts in our
 * client (its sender key arrives pairwise first), ours decrypts in Baileys, Baileys promotes us and we see it, and
 * our administration (a new subject, removing the contact) reaches Baileys as its own group events. Baileys' group
 * cipher and notification parsing judge our client and the simulator, not our own code.
 */
class BaileysGroupTest {
    private static final Duration STEP = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path authDir;

    private final BlockingQueue<ClientEvent> events = new LinkedBlockingQueue<>();
    private final List<ClientEvent> seen = new ArrayList<>();
    private WaSimulator simulator;
    private ClientRuntime runtime;
    private WaClient client;
    private PhoneAccount baileysAccount;
    private PhoneAccount wabridgeAccount;
    private SimulatedContact carol;

    @BeforeEach
    void start() throws Exception {
        simulator = WaSimulator.start();
        baileysAccount = simulator.accounts().create("15550007777");
        wabridgeAccount = simulator.accounts().create("15550009999");
        carol = simulator.accounts().messaging().contact(simulator.accounts().create("15550006666"));
        runtime = ClientRuntime.create();
        client = WaClient.create(runtime, WaClientConfig.defaults()
                        .withTransport(TransportConfig.defaults().withUrl(simulator.url()))
                        .withVerifier(NoiseCertificateVerifier.trusting(simulator.noiseRootKeyHex())),
                new MemoryStoreProvider().open("conformance-groups"), events::add);
        client.connect();
        wabridgeAccount.phone().scanQr(await(ClientEvent.Qr.class, e -> true).code()).get(30, TimeUnit.SECONDS);
        await(ClientEvent.Open.class, e -> true);
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (runtime != null) {
            runtime.close();
        }
        simulator.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"baileys7", "baileys6"})
    void baileysAndOurClientShareAGroup(String baileys) throws Exception {
        try (NodeProcess driver = NodeProcess.start(NodeHarness.fromEnvironment(), "baileys-link.mjs", "--baileys",
                baileys, "--url", simulator.url().toString(), "--auth", authDir.toString())) {
            baileysAccount.phone().scanQr(driver.await("qr", STEP).get("qr").asText()).get(30, TimeUnit.SECONDS);
            driver.await("restart", STEP);
            driver.await(e -> "open".equals(e.path("state").asText()), STEP, "connection open");

            // Baileys creates the group with our client and the contact: we see the create
            ObjectNode create = JSON.createObjectNode().put("command", "group-create").put("subject", "Mixed");
            create.putArray("participants").add(wabridgeAccount.jid().toString()).add(carol.account().jid().toString());
            driver.command(create.toString());
            Jid group = Jid.parse(driver.await("group-created", STEP).path("jid").asText());
            GroupUpdate created = await(GroupUpdate.class, u -> u.group().equals(group)
                    && u.kind() == GroupUpdate.Kind.CREATED);
            assertEquals("Mixed", created.subject());
            assertEquals(3, created.participants().size());

            // Baileys -> group: our client and the contact decrypt it
            driver.command(JSON.createObjectNode().put("command", "send").put("to", group.toString())
                    .put("text", "hello group from " + baileys).toString());
            String fromBaileys = driver.await("sent", STEP).path("id").asText();
            ClientEvent.MessageReceived received = awaitText("hello group from " + baileys);
            assertEquals(fromBaileys, received.id());
            assertEquals(group, received.chat());
            assertTrue(received.sender().sameUser(baileysAccount.jid()) || received.sender().sameUser(baileysAccount.lidJid()),
                    received.sender().toString());
            ContactMessage atCarol = awaitAt(carol, group, "hello group from " + baileys);
            assertEquals(fromBaileys, atCarol.id());

            // our client -> group: Baileys decrypts our skmsg (our key reached it pairwise in the same stanza)
            SendResult sent = client.sendMessage(group, new Text("hi all, wabridge here"), null).get(30, TimeUnit.SECONDS);
            JsonNode atBaileys = driver.await(e -> "message".equals(e.path("event").asText())
                    && "hi all, wabridge here".equals(e.path("text").asText()), STEP, "our group text at Baileys");
            assertEquals(sent.messageId(), atBaileys.path("id").asText());
            assertEquals(group.toString(), atBaileys.path("remoteJid").asText());
            assertFalse(atBaileys.path("fromMe").asBoolean());
            client.sendMessage(group, new Text("second, skmsg only"), null).get(30, TimeUnit.SECONDS);
            driver.await(e -> "message".equals(e.path("event").asText())
                    && "second, skmsg only".equals(e.path("text").asText()), STEP, "our second group text");

            // Baileys promotes us; then our admin actions reach Baileys as its own group events
            ObjectNode promote = JSON.createObjectNode().put("command", "group-participants").put("jid", group.toString())
                    .put("action", "promote");
            promote.putArray("participants").add(wabridgeAccount.jid().toString());
            driver.command(promote.toString());
            assertEquals("200", driver.await("group-participants-result", STEP).path("results").path(0)
                    .path("status").asText());
            GroupUpdate promoted = await(GroupUpdate.class, u -> u.group().equals(group)
                    && u.kind() == GroupUpdate.Kind.PARTICIPANTS_PROMOTED);
            assertEquals(wabridgeAccount.jid(), promoted.participants().getFirst().pn());
            GroupAdmin groups = client.groups();
            groups.setSubject(group, "Renamed by wabridge").get(30, TimeUnit.SECONDS);
            driver.await(e -> "groups-update".equals(e.path("event").asText())
                    && "Renamed by wabridge".equals(e.path("subject").asText()), STEP, "Baileys sees the new subject");
            assertEquals(200, groups.participants(group, GroupAdmin.Action.REMOVE, List.of(carol.account().jid()))
                    .get(30, TimeUnit.SECONDS).getFirst().code());
            JsonNode removed = driver.await(e -> "group-participants-update".equals(e.path("event").asText())
                    && "remove".equals(e.path("action").asText()), STEP, "Baileys sees the removal");
            assertTrue(removed.path("participants").toString().contains(carol.account().phoneNumber())
                    || removed.path("participants").toString().contains(carol.account().lid()), removed::toString);

            // after the removal our key rotated: Baileys still reads us, the contact no longer does
            client.sendMessage(group, new Text("after carol left"), null).get(30, TimeUnit.SECONDS);
            driver.await(e -> "message".equals(e.path("event").asText())
                    && "after carol left".equals(e.path("text").asText()), STEP, "Baileys reads the new key");
            ContactMessage late = carol.awaitMessage(Duration.ofSeconds(3));
            assertTrue(late == null || !"after carol left".equals(late.text()), "carol is out: " + late);

            driver.command("end");
            driver.await("ended", STEP);
        }
    }

    private static ContactMessage awaitAt(SimulatedContact contact, Jid group, String text) throws InterruptedException {
        long deadline = System.nanoTime() + STEP.toNanos();
        while (System.nanoTime() < deadline) {
            ContactMessage m = contact.awaitMessage(Duration.ofMillis(200));
            if (m != null && m.chat().equals(group) && text.equals(m.text())) {
                return m;
            }
        }
        throw new AssertionError(contact + " did not read '" + text + "' in " + group);
    }

    private ClientEvent.MessageReceived awaitText(String text) throws InterruptedException {
        return await(ClientEvent.MessageReceived.class, m -> switch (m.content()) {
            case Text t -> t.text().equals(text);
            case ExtendedText t -> t.text().equals(text);
            default -> false;
        });
    }

    private <T extends ClientEvent> T await(Class<T> type, Predicate<T> wanted) throws InterruptedException {
        for (ClientEvent e : seen) {
            if (type.isInstance(e) && wanted.test(type.cast(e))) {
                seen.remove(e);
                return type.cast(e);
            }
        }
        long deadline = System.nanoTime() + STEP.toNanos();
        while (System.nanoTime() < deadline) {
            ClientEvent e = events.poll(100, TimeUnit.MILLISECONDS);
            if (e == null) {
                continue;
            }
            if (type.isInstance(e) && wanted.test(type.cast(e))) {
                return type.cast(e);
            }
            seen.add(e);
        }
        throw new AssertionError("no matching " + type.getSimpleName() + " within " + STEP + "; client saw " + seen);
    }
}

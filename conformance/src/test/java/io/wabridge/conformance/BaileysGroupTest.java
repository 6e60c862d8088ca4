package io.wabridge.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wabridge.client.WaClient;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.events.ClientEvent.GroupUpdate;
import io.wabridge.client.group.GroupAdmin;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.message.content.Text;
import io.wabridge.client.send.SendResult;
import io.wabridge.client.signal.SignalAddresses;
import io.wabridge.client.signal.group.SenderKeyRecord;
import io.wabridge.client.store.SenderKeyName;
import io.wabridge.simulator.WaSimulator;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.contact.ContactMessage;
import io.wabridge.simulator.contact.SimulatedContact;
import io.wabridge.simulator.group.SimGroup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    private static final Duration STEP = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path authDir;

    private WaSimulator simulator;
    private BaileysFixture ours;
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
        ours = BaileysFixture.linkOurClient(simulator, wabridgeAccount, "conformance-groups");
        client = ours.client();
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
    void baileysAndOurClientShareAGroup(String baileys) throws Exception {
        try (BaileysFixture.BaileysLink link = BaileysFixture.linkBaileys(simulator, baileysAccount, baileys, authDir)) {
            NodeProcess driver = link.driver();

            // Baileys creates the group with our client and the contact: we see the create
            ObjectNode create = JSON.createObjectNode().put("command", "group-create").put("subject", "Mixed");
            create.putArray("participants").add(wabridgeAccount.jid().toString()).add(carol.account().jid().toString());
            driver.command(create.toString());
            Jid group = Jid.parse(driver.await("group-created", STEP).path("jid").asText());
            GroupUpdate created = ours.await(GroupUpdate.class, u -> u.group().equals(group)
                    && u.kind() == GroupUpdate.Kind.CREATED);
            assertEquals("Mixed", created.subject());
            assertEquals(3, created.participants().size());

            // Baileys -> group: our client and the contact decrypt it
            driver.command(JSON.createObjectNode().put("command", "send").put("to", group.toString())
                    .put("text", "hello group from " + baileys).toString());
            String fromBaileys = driver.await("sent", STEP).path("id").asText();
            ClientEvent.MessageReceived received = ours.awaitText("hello group from " + baileys);
            assertEquals(fromBaileys, received.id());
            assertEquals(group, received.chat());
            assertTrue(received.sender().sameUser(baileysAccount.jid()) || received.sender().sameUser(baileysAccount.lidJid()),
                    received.sender().toString());
            ContactMessage atCarol = readBy(carol, group, "hello group from " + baileys);
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
            GroupUpdate promoted = ours.await(GroupUpdate.class, u -> u.group().equals(group)
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
            ContactMessage late = carol.awaitText(group, "after carol left", Duration.ofSeconds(3));
            assertTrue(late == null, () -> "carol is out: " + late);

            driver.command("end");
            driver.await("ended", STEP);
        }
    }

    /**
     * Baileys 7 and Baileys 6 in ONE group with our client and a simulated contact: our client creates the group;
     * each of the four members sends twice (the first message carries its sender key pairwise, the second is an
     * skmsg alone) and each of the three others decrypts each message exactly once; then our client removes Baileys 6:
     * our sender key rotates, Baileys 7 and the contact read our next message with the new key (distributed again),
     * Baileys 6 is not given it. Every member's received texts are counted at the end: nothing missing, nothing twice.
     */
    @org.junit.jupiter.api.Test
    void bothBaileysVersionsOurClientAndAContactInOneGroup() throws Exception {
        PhoneAccount baileys6Account = simulator.accounts().create("15550008888");
        try (BaileysFixture.BaileysLink b7 = BaileysFixture.linkBaileys(simulator, baileysAccount, "baileys7",
                authDir.resolve("b7"));
             BaileysFixture.BaileysLink b6 = BaileysFixture.linkBaileys(simulator, baileys6Account, "baileys6",
                     authDir.resolve("b6"))) {
            Jid group = client.groups().create("Four of us", List.of(baileysAccount.jid(), baileys6Account.jid(),
                    carol.account().jid())).get(60, TimeUnit.SECONDS).info().jid();
            SimGroup simGroup = simulator.accounts().groups().find(group).orElseThrow();
            assertEquals(4, simGroup.members().size());
            Map<String, NodeProcess> baileysMembers = Map.of("baileys7", b7.driver(), "baileys6", b6.driver());
            List<String> senders = List.of("wabridge", "baileys7", "baileys6", "carol");

            for (int round = 1; round <= 2; round++) {
                for (String sender : senders) {
                    String text = "round " + round + " from " + sender;
                    String id = switch (sender) {
                        case "wabridge" -> client.sendMessage(group, new Text(text), null).get(60, TimeUnit.SECONDS)
                                .messageId();
                        case "carol" -> carol.sendToGroup(simGroup, new Text(text));
                        default -> baileysSend(baileysMembers.get(sender), group, text);
                    };
                    if (!sender.equals("wabridge")) {
                        assertEquals(id, ours.awaitText(text).id(), text + " at our client");
                    }
                    for (Map.Entry<String, NodeProcess> member : baileysMembers.entrySet()) {
                        if (!member.getKey().equals(sender)) {
                            assertEquals(id, awaitBaileysText(member.getValue(), group, text).path("id").asText(),
                                    text + " at " + member.getKey());
                        }
                    }
                    if (!sender.equals("carol")) {
                        ContactMessage m = readBy(carol, group, text);
                        assertEquals(id, m.id(), text + " at carol");
                        if (sender.equals("wabridge")) {
                            assertEquals(1, carol.senderKeyDistributions(group, wabridgeAccount.jid()).size(),
                                    "our key reached carol once, with the first message");
                        }
                    }
                }
            }

            // our client removes Baileys 6: our sender key rotates; the rest read the new one, Baileys 6 gets nothing
            Jid ownAddress = wabridgeAccount.deviceJid(ours.device().id());
            int keyBefore = ownSenderKeyId(group, ownAddress);
            assertEquals(200, client.groups().participants(group, GroupAdmin.Action.REMOVE, List.of(baileys6Account.jid()))
                    .get(60, TimeUnit.SECONDS).getFirst().code());
            for (NodeProcess driver : List.of(b7.driver(), b6.driver())) {
                driver.await(e -> "group-participants-update".equals(e.path("event").asText())
                        && "remove".equals(e.path("action").asText()), STEP, "the removal of Baileys 6");
            }
            String after = "after baileys6 was removed";
            String afterId = client.sendMessage(group, new Text(after), null).get(60, TimeUnit.SECONDS).messageId();
            assertNotEquals(keyBefore, ownSenderKeyId(group, ownAddress), "a new sender key after the removal");
            assertEquals(afterId, awaitBaileysText(b7.driver(), group, after).path("id").asText());
            assertEquals(afterId, readBy(carol, group, after).id());
            List<Integer> keysAtCarol = carol.senderKeyDistributions(group, wabridgeAccount.jid());
            assertEquals(List.of(keyBefore, ownSenderKeyId(group, ownAddress)), keysAtCarol,
                    "carol got our first key, then the rotated one");

            // a retry receipt for an skmsg: our client loses Baileys 7's sender key (the store's group keys deleted, the
            // client restarted on it); Baileys 7's next skmsg fails here, our retry receipt makes Baileys 7 send the
            // message again pairwise with its key, and it decrypts
            ours.restart(() -> ours.store().senderKeys().deleteGroup(group.toString()));
            client = ours.client();
            String retried = "after we lost the key of baileys7";
            String retriedId = baileysSend(b7.driver(), group, retried);
            assertEquals(retriedId, ours.awaitText(retried).id());
            ClientEvent.DecryptFailed failed = ours.await(ClientEvent.DecryptFailed.class, f -> f.id().equals(retriedId));
            assertTrue(failed.willRetry(), failed::toString);
            assertEquals(group, failed.chat());

            // counted exactly: every member read each message of the others once, and Baileys 6 nothing after it left
            Map<String, List<String>> expected = new java.util.TreeMap<>();
            for (String member : senders) {
                List<String> texts = new ArrayList<>();
                for (int round = 1; round <= 2; round++) {
                    for (String sender : senders) {
                        if (!sender.equals(member)) {
                            texts.add("round " + round + " from " + sender);
                        }
                    }
                }
                if (!member.equals("wabridge") && !member.equals("baileys6")) {
                    texts.add(after);
                }
                if (!member.equals("baileys7") && !member.equals("baileys6")) {
                    texts.add(retried);
                }
                expected.put(member, texts.stream().sorted().toList());
            }
            Map<String, List<String>> actual = new java.util.TreeMap<>();
            actual.put("wabridge", ours.seen().stream().filter(ClientEvent.MessageReceived.class::isInstance)
                    .map(ClientEvent.MessageReceived.class::cast).filter(m -> m.chat().equals(group))
                    .map(BaileysFixture::textOf).sorted().toList());
            actual.put("baileys7", baileysTexts(b7.driver(), group));
            actual.put("baileys6", baileysTexts(b6.driver(), group));
            actual.put("carol", carol.messagesAfter(0, Duration.ZERO).stream().filter(m -> m.chat().equals(group))
                    .map(ContactMessage::text).sorted().toList());
            assertEquals(expected, actual, () -> "each member's group messages, each once; our client's group events: "
                    + ours.seen().stream().filter(e -> e instanceof ClientEvent.MessageReceived m && m.chat().equals(group)
                            || e instanceof ClientEvent.DecryptFailed).toList()
                    + "; retry receipts at Baileys 7: " + b7.driver().seen().stream()
                            .filter(e -> "receipt".equals(e.path("event").asText()) && "retry".equals(e.path("type").asText()))
                            .toList());
            assertTrue(ours.seen().stream().filter(ClientEvent.DecryptFailed.class::isInstance).allMatch(failed::equals),
                    () -> "only the failure we caused: " + ours.seen());

            for (NodeProcess driver : List.of(b7.driver(), b6.driver())) {
                driver.command("end");
                driver.await("ended", STEP);
            }
        }
    }

    private static String baileysSend(NodeProcess driver, Jid group, String text) throws Exception {
        driver.command(JSON.createObjectNode().put("command", "send").put("to", group.toString()).put("text", text)
                .toString());
        JsonNode sent = driver.await(e -> "sent".equals(e.path("event").asText())
                || "error".equals(e.path("event").asText()), STEP, "the answer to sending '" + text + "'");
        assertEquals("sent", sent.path("event").asText(), sent::toString);
        return sent.path("id").asText();
    }

    /** The group message with {@code text} Baileys received (looked for among all its events, so order is free). */
    private static JsonNode awaitBaileysText(NodeProcess driver, Jid group, String text) throws InterruptedException {
        Predicate<JsonNode> wanted = e -> "message".equals(e.path("event").asText()) && !e.path("fromMe").asBoolean()
                && group.toString().equals(e.path("remoteJid").asText()) && text.equals(e.path("text").asText());
        long deadline = System.nanoTime() + STEP.toNanos();
        while (System.nanoTime() < deadline) {
            var found = driver.seen().stream().filter(wanted).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(50);
        }
        throw driver.failure("no '" + text + "' in " + group + " within " + STEP);
    }

    /**
     * Every group message Baileys received from others (its texts, sorted; a marker for one it could not read). The
     * stubs Baileys makes of group notifications (the create, the removal) are not messages and are left out.
     */
    private static List<String> baileysTexts(NodeProcess driver, Jid group) {
        return driver.seen().stream().filter(e -> "message".equals(e.path("event").asText())
                        && !e.path("fromMe").asBoolean() && group.toString().equals(e.path("remoteJid").asText())
                        && e.path("stubType").isNull())
                .map(e -> e.path("text").isNull() ? "<unreadable " + e.path("id").asText() + ">" : e.path("text").asText())
                .sorted().toList();
    }

    /** The group message with {@code text} the contact read (every message it kept is looked at, none consumed). */
    private static ContactMessage readBy(SimulatedContact contact, Jid group, String text) throws InterruptedException {
        ContactMessage m = contact.awaitText(group, text, STEP);
        if (m == null) {
            throw new AssertionError(contact + " did not read '" + text + "' in " + group + " within " + STEP + "; read "
                    + contact.messagesAfter(0, Duration.ZERO));
        }
        return m;
    }

    private int ownSenderKeyId(Jid group, Jid ownAddress) {
        byte[] record = ours.store().senderKeys().load(new SenderKeyName(group.toString(), SignalAddresses.of(ownAddress)))
                .orElseThrow(() -> new AssertionError("no own sender key for " + group));
        return SenderKeyRecord.parse(record).current().keyId();
    }

}

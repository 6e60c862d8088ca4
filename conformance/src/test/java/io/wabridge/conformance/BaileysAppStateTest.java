package io.wabridge.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wabridge.client.WaClient;
import io.wabridge.client.appstate.AppStateCollection;
import io.wabridge.client.appstate.AppStateUpdate;
import io.wabridge.client.appstate.ChatAction;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.media.MediaSettings;
import io.wabridge.client.media.MediaTls;
import io.wabridge.client.store.AccountStore;
import io.wabridge.client.store.AppStateVersion;
import io.wabridge.client.store.ChatLabel;
import io.wabridge.client.store.ChatThread;
import io.wabridge.simulator.WaSimulator;
import io.wabridge.simulator.appstate.AppStateServer;
import io.wabridge.simulator.account.PhoneAccount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * App-state sync between Baileys 7 and our client, linked as two companions of the same simulated account: the
 * phone shares its sync key with both; an archive, a pin, a mute and a mark-unread Baileys makes with
 * {@code chatModify} reach our client through the server (which verifies Baileys' MACs) as typed updates; an
 * unarchive and a new mute end our client
 * makes reach Baileys as {@code chats.update}; and Baileys, our client and the server end on the same version and
 * LTHash for both collections involved. A collection Baileys holds no state for is fetched as a snapshot, a media
 * blob Baileys downloads from the fixed host mmg.whatsapp.net (it ignores media_conn for external blobs): the harness
 * routes those downloads to the simulator's media server ({@code WABRIDGE_MEDIA_HOST}, harness/lib/media-route.mjs),
 * so in the second test Baileys starts from snapshots of what our client and the phone made, labels cross both ways,
 * and all five collections ({@code critical_block}: push name, {@code critical_unblock_low}: contact names,
 * {@code regular_high}: mutes, {@code regular_low}: archive and pin, {@code regular}: labels) end on the same version
 * and LTHash on Baileys, our client and the server.
 */
class BaileysAppStateTest {
    private static final Duration STEP = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHAT = "15550002222@s.whatsapp.net";
    private static final String OTHER_CHAT = "15550003333@s.whatsapp.net";

    @TempDir
    Path dir;

    private WaSimulator simulator;
    private BaileysFixture ours;
    private WaClient client;
    private AccountStore store;
    private PhoneAccount account;

    @BeforeEach
    void start() throws Exception {
        simulator = WaSimulator.start();
        simulator.accounts().appState().shareKeys(true);
        account = simulator.accounts().create("15550001111");
        ours = BaileysFixture.linkOurClient(simulator, account, "conformance",
                config -> config.withMedia(MediaSettings.DEFAULTS.withTls(
                        MediaTls.trustingPem(simulator.media().server().certificatePem()))), true);
        client = ours.client();
        store = ours.store();
        waitFor(() -> store.appStateKeys().latest().isPresent(), "our client's key share");
    }

    @AfterEach
    void stop() {
        if (ours != null) {
            ours.close();
        }
        simulator.close();
    }

    @Test
    void chatChangesCrossBetweenBaileysAndOurClientWithTheSameLtHash() throws Exception {
        Path pem = Files.writeString(dir.resolve("media-ca.pem"), simulator.media().server().certificatePem());
        Path auth = Files.createDirectories(dir.resolve("auth"));
        try (BaileysFixture.BaileysLink link = BaileysFixture.linkBaileys(simulator, account, "baileys7", auth,
                Map.of("NODE_EXTRA_CA_CERTS", pem.toString()))) {
            NodeProcess driver = link.driver();
            Predicate<JsonNode> keyStored = e -> "creds".equals(e.path("event").asText())
                    && e.path("keys").toString().contains("myAppStateKeyId");
            if (driver.seen().stream().noneMatch(keyStored)) {
                driver.await(keyStored, STEP, "Baileys stored the key share");
            }

            // Baileys -> our client
            modify(driver, JSON.createObjectNode().put("archive", true).set("lastMessages", JSON.createArrayNode()));
            await(ClientEvent.AppStateChanged.class, e -> new AppStateUpdate.Archive(CHAT, true).equals(e.change().update()));
            modify(driver, JSON.createObjectNode().put("pin", true));
            await(ClientEvent.AppStateChanged.class, e -> new AppStateUpdate.Pin(CHAT, true).equals(e.change().update()));
            modify(driver, JSON.createObjectNode().put("mute", 1_800_000_000_000L));
            await(ClientEvent.AppStateChanged.class,
                    e -> new AppStateUpdate.Mute(CHAT, true, 1_800_000_000_000L).equals(e.change().update()));
            modify(driver, JSON.createObjectNode().put("markRead", false).set("lastMessages", JSON.createArrayNode()));
            await(ClientEvent.AppStateChanged.class, e -> new AppStateUpdate.MarkRead(CHAT, false).equals(e.change().update()));

            // our client -> Baileys
            client.changeChats(List.of(ChatAction.archive(CHAT, false, 0, List.of()))).get(30, TimeUnit.SECONDS);
            driver.await(e -> "chats-update".equals(e.path("event").asText()) && hasUpdate(e, u -> CHAT.equals(u.path("id").asText())
                    && u.path("archived").isBoolean() && !u.path("archived").asBoolean()), STEP, "Baileys applies our unarchive");
            client.changeChats(List.of(ChatAction.mute(CHAT, true, 1_900_000_000_000L))).get(30, TimeUnit.SECONDS);
            driver.await(e -> "chats-update".equals(e.path("event").asText()) && hasUpdate(e, u -> CHAT.equals(u.path("id").asText())
                    && u.path("mute").asLong() == 1_900_000_000_000L), STEP, "Baileys applies our mute");

            for (String name : List.of("regular_low", "regular_high")) {
                sameLtHash(driver, name);
            }
        }
    }

    @Test
    void baileysStartsFromSnapshotsOfOurStateAndLabelsCrossBothWays() throws Exception {
        // our client's state before Baileys links: Baileys' first sync of these collections is a snapshot
        client.changeChats(List.of(ChatAction.archive(CHAT, true, 0, List.of()),
                ChatAction.labelEdit("1", "New customer", 1, false), ChatAction.label("1", CHAT, null, true)))
                .get(30, TimeUnit.SECONDS);
        // the phone's own state in the other three collections (push name, contact names, mutes)
        AppStateServer phone = simulator.accounts().appState();
        phone.phoneChange(account, List.of(ChatAction.pushName("Acme Support"),
                ChatAction.contactName(CHAT, "Alice Liddell", "Alice"), ChatAction.mute(OTHER_CHAT, true, 1_800_000_000_000L)));
        Path pem = Files.writeString(dir.resolve("media-ca.pem"), simulator.media().server().certificatePem());
        Path auth = Files.createDirectories(dir.resolve("auth"));
        try (BaileysFixture.BaileysLink link = BaileysFixture.linkBaileys(simulator, account, "baileys7", auth,
                Map.of("NODE_EXTRA_CA_CERTS", pem.toString(), "WABRIDGE_MEDIA_HOST", simulator.media().server().host()))) {
            NodeProcess driver = link.driver();
            Predicate<JsonNode> keyStored = e -> "creds".equals(e.path("event").asText())
                    && e.path("keys").toString().contains("myAppStateKeyId");
            seenOrAwait(driver, keyStored, "Baileys stored the key share");
            // a change of Baileys' own makes it sync the collection first: from the snapshot of what we made
            modify(driver, CHAT, JSON.createObjectNode().put("pin", true));
            modify(driver, OTHER_CHAT, JSON.createObjectNode().set("addChatLabel", JSON.createObjectNode().put("labelId", "1")));
            seenOrAwait(driver, e -> "labels-edit".equals(e.path("event").asText()) && "1".equals(e.path("id").asText())
                    && "New customer".equals(e.path("name").asText()), "our label in Baileys' snapshot");
            seenOrAwait(driver, e -> "labels-association".equals(e.path("event").asText())
                    && "add".equals(e.path("type").asText()) && "1".equals(e.path("labelId").asText())
                    && CHAT.equals(e.path("chatId").asText()), "our chat label in Baileys' snapshot");

            // Baileys -> our client: its chat label and a label of its own, stored here
            modify(driver, CHAT, JSON.createObjectNode().set("addLabel", JSON.createObjectNode().put("id", "2")
                    .put("name", "Paid").put("color", 4).put("deleted", false)));
            waitFor(() -> chat(OTHER_CHAT).map(t -> t.labels().equals(List.of("1"))).orElse(false),
                    "Baileys' chat label stored by our client");
            waitFor(() -> client.labels(null, 10).join().equals(List.of(new ChatLabel("1", "New customer", 1),
                    new ChatLabel("2", "Paid", 4))), "Baileys' label stored by our client");
            assertEquals(List.of("1"), chat(CHAT).orElseThrow().labels());

            // our client -> Baileys after the snapshot: a patch
            client.changeChats(List.of(ChatAction.label("2", CHAT, null, true))).get(30, TimeUnit.SECONDS);
            seenOrAwait(driver, e -> "labels-association".equals(e.path("event").asText())
                    && "add".equals(e.path("type").asText()) && "2".equals(e.path("labelId").asText())
                    && CHAT.equals(e.path("chatId").asText()), "Baileys applies our label");

            // the phone changes the other three collections: a server_sync makes Baileys fetch each (a snapshot: it
            // holds no state for them yet) and our client its next patch
            phone.phoneChange(account, List.of(ChatAction.pushName("Acme Sales"),
                    ChatAction.contactName(OTHER_CHAT, "Bob Builder", "Bob"), ChatAction.mute(CHAT, true, 1_900_000_000_000L)));
            for (AppStateCollection c : AppStateCollection.values()) {
                assertTrue(simulator.accounts().appState().collection(account, c.wireName()).version() > 0,
                        c.wireName() + " holds mutations on the server");
                sameLtHash(driver, c.wireName());
            }
        }
    }

    /** An event Baileys reported already (a wait for another one passed over it) or the next one. */
    private static void seenOrAwait(NodeProcess driver, Predicate<JsonNode> wanted, String what) throws Exception {
        if (driver.seen().stream().noneMatch(wanted)) {
            driver.await(wanted, STEP, what);
        }
    }

    private java.util.Optional<ChatThread> chat(String jid) {
        return client.chats(null, 100).join().stream().filter(t -> t.jid().equals(jid)).findFirst();
    }

    /** Our client, Baileys and the server on the same version and LTHash of collection {@code name}. */
    private void sameLtHash(NodeProcess driver, String name) throws Exception {
        AppStateVersion server = simulator.accounts().appState().collection(account, name);
        waitFor(() -> store.appStateVersions().load(name).map(v -> v.version() == server.version()).orElse(false),
                "our client at " + name + " v" + server.version());
        assertEquals(HexFormat.of().formatHex(server.hash()),
                HexFormat.of().formatHex(store.appStateVersions().load(name).orElseThrow().hash()), "ours, " + name);
        JsonNode baileys = null;
        long deadline = System.nanoTime() + STEP.toNanos();
        while (System.nanoTime() < deadline) {
            driver.command(JSON.createObjectNode().put("command", "app-state").put("name", name).toString());
            JsonNode answer = driver.await(e -> "app-state".equals(e.path("event").asText())
                    && name.equals(e.path("name").asText()), STEP, "Baileys' " + name);
            baileys = answer;
            if (answer.path("version").asLong() == server.version()) {
                break;
            }
            Thread.sleep(200);
        }
        assertEquals(server.version(), baileys.path("version").asLong(), "Baileys' " + name + " version");
        assertEquals(HexFormat.of().formatHex(server.hash()), baileys.path("hash").asText(), "Baileys' " + name + " LTHash");
    }

    private static void modify(NodeProcess driver, JsonNode mod) throws Exception {
        modify(driver, CHAT, mod);
    }

    private static void modify(NodeProcess driver, String jid, JsonNode mod) throws Exception {
        driver.command(JSON.createObjectNode().put("command", "chat-modify").put("jid", jid).set("mod", mod).toString());
        JsonNode last = driver.await(e -> "chat-modified".equals(e.path("event").asText())
                || "error".equals(e.path("event").asText()), STEP, "chatModify");
        if ("error".equals(last.path("event").asText())) {
            throw new AssertionError("Baileys' chatModify failed: " + last);
        }
    }

    private static boolean hasUpdate(JsonNode event, Predicate<JsonNode> wanted) {
        for (JsonNode u : event.path("updates")) {
            if (wanted.test(u)) {
                return true;
            }
        }
        return false;
    }

    private <T extends ClientEvent> T await(Class<T> type, Predicate<T> wanted) throws InterruptedException {
        return ours.await(type, wanted);
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        BaileysFixture.waitFor(condition, STEP, what);
    }
}

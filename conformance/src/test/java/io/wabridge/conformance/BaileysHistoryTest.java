package io.wabridge.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.media.MediaSettings;
import io.wabridge.client.media.MediaTls;
import io.wabridge.client.message.content.Text;
import io.wabridge.simulator.WaSimulator;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.history.SimulatedHistory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * History sync against Baileys 7: Baileys and our client are both linked as companions of the same simulated
 * account, whose phone hands each the same seeded history the way WhatsApp does: HISTORY_SYNC_NOTIFICATIONs naming
 * encrypted, zlib-compressed blobs on the media host, which each side downloads, verifies and decrypts itself; both
 * report the same conversations and messages (id, chat, sender side, text). Baileys 7.0.0-rc14 downloads history
 * blobs from WhatsApp's fixed host mmg.whatsapp.net (not from media_conn): the harness routes those downloads to the
 * simulator's media server ({@code WABRIDGE_MEDIA_HOST}, harness/lib/media-route.mjs, which wraps the global
 * {@code fetch} Baileys 7 calls), so Baileys' own download, hash check and decryption run unchanged. Baileys 6 is left
 * out: it downloads with axios, which that route does not reach (and which would need its own agent for the
 * simulator's certificate), so it could only be handed inline history, which is not the path under test.
 */
class BaileysHistoryTest {
    private static final Duration STEP = Duration.ofSeconds(60);
    private static final String ALICE = "15550002222@s.whatsapp.net";
    private static final String BOB = "15550003333@s.whatsapp.net";

    @TempDir
    Path dir;

    private WaSimulator simulator;
    private BaileysFixture client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void baileysAndOurClientReportTheSameHistoryFromTheSamePhone() throws Exception {
        simulator = WaSimulator.start();
        PhoneAccount account = simulator.accounts().create("15550001111");
        List<SimulatedHistory.Msg> alice = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            alice.add(new SimulatedHistory.Msg("3EB0A11CE" + i, i % 3 == 0, null, "alice " + i, 1_700_000_000L + i));
        }
        List<SimulatedHistory.Msg> bob = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            bob.add(new SimulatedHistory.Msg("3EB0B0B" + i, false, null, "bob " + i, 1_700_000_100L + i));
        }
        simulator.history().seed(account, new SimulatedHistory.Seed(List.of(
                new SimulatedHistory.Chat(ALICE, "Alice", false, false, 0, 0, alice),
                new SimulatedHistory.Chat(BOB, "Bob", false, false, 0, 0, bob)),
                Map.of(ALICE, "Alice A."), Map.of(), 10, false));

        // Baileys 7 as the first companion
        Set<String> theirs = new TreeSet<>();
        Set<String> theirChats = new TreeSet<>();
        Path auth = Files.createDirectories(dir.resolve("auth"));
        Path pem = Files.writeString(dir.resolve("media-ca.pem"), simulator.media().server().certificatePem());
        try (BaileysFixture.BaileysLink link = BaileysFixture.linkBaileys(simulator, account, "baileys7", auth,
                Map.of("NODE_EXTRA_CA_CERTS", pem.toString(), "WABRIDGE_MEDIA_HOST", simulator.media().server().host()))) {
            NodeProcess driver = link.driver();
            while (theirs.size() < 30) {
                JsonNode history = driver.await("history", STEP);
                for (JsonNode m : history.path("messages")) {
                    theirs.add(key(m.path("remoteJid").asText(), m.path("id").asText(), m.path("fromMe").asBoolean(),
                            m.path("text").asText()));
                }
                for (JsonNode c : history.path("chats")) {
                    theirChats.add(c.path("id").asText());
                }
            }

            // 3 chunks of 10 messages (then the push names): each a blob Baileys fetched from the media host
            long byBaileys = simulator.media().server().downloads();
            assertTrue(byBaileys >= 3, "Baileys downloaded the history blobs: " + byBaileys);

            // our client as the second companion of the same account
            client = BaileysFixture.linkOurClient(simulator, account, "conformance-history",
                    config -> config.withMedia(MediaSettings.DEFAULTS.withTls(
                            MediaTls.trustingPem(simulator.media().server().certificatePem()))), false);
            Set<String> ours = new TreeSet<>();
            Set<String> ourChats = new TreeSet<>();
            while (ours.size() < 30) {
                ClientEvent.HistorySync part = client.await(ClientEvent.HistorySync.class);
                assertTrue(part.failure() == null, part.toString());
                for (ClientEvent.MessageReceived m : part.messages()) {
                    ours.add(key(m.chat().toString(), m.id(), m.fromMe(), ((Text) m.content()).text()));
                }
                part.conversations().forEach(c -> ourChats.add(c.id().toString()));
            }
            assertTrue(simulator.media().server().downloads() >= byBaileys + 3, "our client downloaded its blobs too");
            assertEquals(theirs, ours, "the same messages");
            assertEquals(Set.of(ALICE, BOB), ourChats);
            assertEquals(theirChats, ourChats, "the same conversations");
            assertEquals(2, account.devices().size(), "two companions of one account");

            driver.command("end");
            driver.await("ended", STEP);
        }
    }

    private static String key(String chat, String id, boolean fromMe, String text) {
        return chat + "|" + id + "|" + fromMe + "|" + text;
    }
}

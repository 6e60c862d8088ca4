package io.wabridge.simulator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.WaClientConfig;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.history.HistorySettings;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.media.MediaSettings;
import io.wabridge.client.media.MediaTls;
import io.wabridge.client.message.content.Text;
import io.wabridge.proto.wa.HistorySyncNotification.HistorySyncType;
import io.wabridge.simulator.history.SimulatedHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * History sync end to end: the simulated phone hands a newly linked client its seeded history as real encrypted,
 * zlib-compressed blobs on the simulator's HTTPS media host; the client publishes it in bounded parts, stores the
 * LID mappings, answers on-demand requests; a chunk with a bad hash or a broken zlib stream ends in a failure part
 * and the session goes on.
 */
class HistorySyncTest {
    private static final String ALICE = "15550002222@s.whatsapp.net";
    private SimulatedSetup setup;

    @AfterEach
    void stop() {
        if (setup != null) {
            setup.close();
        }
    }

    private SimulatedSetup setup() throws Exception {
        SimulatedSetup[] holder = new SimulatedSetup[1];
        UnaryOperator<WaClientConfig> configure = config -> config
                .withMedia(MediaSettings.DEFAULTS.withTls(MediaTls.trustingPem(
                        holder[0].simulator.media().server().certificatePem())))
                .withHistory(HistorySettings.DEFAULTS.withPartLimits(8, 64 * 1024));
        holder[0] = new SimulatedSetup(configure);
        setup = holder[0];
        List<SimulatedHistory.Msg> alice = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            alice.add(new SimulatedHistory.Msg("A" + i, i % 4 == 0, null, "old " + i, 1_700_000_000L + i));
        }
        setup.simulator.history().seed(setup.me, new SimulatedHistory.Seed(List.of(
                new SimulatedHistory.Chat(ALICE, "Alice", true, false, 3, 0, alice),
                new SimulatedHistory.Chat("15550003333@s.whatsapp.net", "Bob", false, true, 0, 0, List.of(
                        new SimulatedHistory.Msg("B0", false, null, "hi from bob", 1_700_000_100L)))),
                Map.of(ALICE, "Alice A."), Map.of(ALICE, "777001@lid"), 20, false));
        return setup;
    }

    /** History parts until the PUSH_NAME chunk's last part (or a deadline). */
    private List<ClientEvent.HistorySync> untilPushNames() throws InterruptedException {
        List<ClientEvent.HistorySync> parts = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (System.nanoTime() < deadline) {
            ClientEvent e = setup.events.poll(100, TimeUnit.MILLISECONDS);
            if (e instanceof ClientEvent.HistorySync h) {
                parts.add(h);
                if (h.syncType() == HistorySyncType.PUSH_NAME && h.lastPart()) {
                    return parts;
                }
            }
        }
        throw new AssertionError("no PUSH_NAME history within 40 s; got " + parts);
    }

    @Test
    void aNewlyLinkedClientGetsItsHistoryInBoundedPartsAndCanAskForMore() throws Exception {
        setup().link();
        List<ClientEvent.HistorySync> parts = untilPushNames();
        assertTrue(parts.stream().allMatch(p -> p.failure() == null), parts.toString());
        assertTrue(parts.stream().allMatch(p -> p.messages().size() <= 8));
        assertEquals(HistorySyncType.INITIAL_BOOTSTRAP, parts.getFirst().syncType());
        assertTrue(parts.stream().anyMatch(p -> p.syncType() == HistorySyncType.RECENT));
        List<ClientEvent.MessageReceived> messages = parts.stream().flatMap(p -> p.messages().stream()).toList();
        assertEquals(31, messages.size());
        assertEquals(List.of("A0", "A1", "A2"), messages.subList(0, 3).stream().map(ClientEvent.MessageReceived::id).toList());
        assertEquals(new Text("old 1"), messages.get(1).content());
        assertEquals(Jid.parse(ALICE), messages.get(1).sender());
        assertTrue(messages.getFirst().fromMe());
        List<ClientEvent.HistoryConversation> chats = parts.stream().flatMap(p -> p.conversations().stream()).toList();
        assertTrue(chats.stream().anyMatch(c -> "Alice".equals(c.name()) && c.archived() && c.unreadCount() == 3));
        assertTrue(chats.stream().anyMatch(c -> "Bob".equals(c.name()) && c.pinned()));
        assertEquals(List.of(new ClientEvent.HistoryPushName(Jid.parse(ALICE), "Alice A.")),
                parts.getLast().pushNames());
        assertEquals("777001@lid", setup.store.lidMappings().lidForPn(ALICE).orElseThrow());
        assertTrue(setup.simulator.media().server().downloads() >= 3, "the chunks were downloaded from the media host");

        String requestId = setup.client.history().request(Jid.parse(ALICE), "A10", false,
                Instant.ofEpochSecond(1_700_000_010L), 5).get(20, TimeUnit.SECONDS);
        ClientEvent.HistorySync answer = setup.await(ClientEvent.HistorySync.class);
        assertEquals(HistorySyncType.ON_DEMAND, answer.syncType());
        assertEquals(requestId, answer.requestId());
        assertEquals(List.of("A5", "A6", "A7", "A8", "A9"), answer.messages().stream()
                .map(ClientEvent.MessageReceived::id).toList());
        assertEquals(1, setup.simulator.history().requestsAnswered());
    }

    @Test
    void aChunkWithABadHashOrBrokenZlibEndsInAFailureAndTheSessionGoesOn() throws Exception {
        setup();
        setup.simulator.history().damageNext(SimulatedHistory.Damage.HASH, 1);
        setup.link();
        List<ClientEvent.HistorySync> parts = untilPushNames();
        ClientEvent.HistorySync first = parts.getFirst();
        assertNotNull(first.failure());
        assertEquals(ClientEvent.HistoryFailure.Kind.BLOB_INVALID, first.failure().kind());
        assertTrue(first.failure().message().contains("INITIAL_BOOTSTRAP"), first.failure().message());
        assertTrue(first.lastPart());
        assertNull(parts.get(1).failure(), "the next chunks still arrive");

        setup.simulator.history().damageNext(SimulatedHistory.Damage.ZLIB, 1);
        setup.simulator.history().sendTo(setup.me, 1);
        ClientEvent.HistorySync broken = setup.await(ClientEvent.HistorySync.class);
        assertEquals(ClientEvent.HistoryFailure.Kind.PAYLOAD_INVALID, broken.failure().kind());

        setup.alice.sendText(Jid.parse("15550001111@s.whatsapp.net"), "still here");
        setup.awaitText("still here");
        setup.client.sendMessage(Jid.parse(ALICE), new Text("and sending"), null).get(20, TimeUnit.SECONDS);
        assertEquals(new Text("and sending"), setup.alice.awaitMessage(Duration.ofSeconds(10)).content());
    }
}

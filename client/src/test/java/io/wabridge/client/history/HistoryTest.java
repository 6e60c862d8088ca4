package io.wabridge.client.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.wabridge.client.binary.Node;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.message.content.Text;
import io.wabridge.client.store.AccountStore;
import io.wabridge.client.store.memory.MemoryStoreProvider;
import io.wabridge.proto.wa.DeviceProps;
import io.wabridge.proto.wa.HistoryConversation;
import io.wabridge.proto.wa.HistorySync;
import io.wabridge.proto.wa.HistorySyncMsg;
import io.wabridge.proto.wa.HistorySyncNotification;
import io.wabridge.proto.wa.Message;
import io.wabridge.proto.wa.MessageKey;
import io.wabridge.proto.wa.ProtocolMessage;
import io.wabridge.proto.wa.WebMessageInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The history coordinator on inline chunks (the download path runs against the simulator's media host in
 * {@code HistorySyncTest}): parts of bounded size in order, typed messages, push names, LID mappings stored, the
 * hist_sync receipt; broken payloads end the chunk with a failure part and the next chunk still runs.
 */
class HistoryTest {
    private static final Jid ME = Jid.parse("15550001111:3@s.whatsapp.net");
    private static final Jid MY_LID = Jid.parse("90210111:3@lid");

    private MemoryStoreProvider provider;
    private AccountStore store;
    private final List<ClientEvent.HistorySync> parts = new CopyOnWriteArrayList<>();
    private final List<Node> sent = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() {
        provider = new MemoryStoreProvider();
        store = provider.open("history");
    }

    @AfterEach
    void close() {
        provider.close();
    }

    private History history(HistorySettings settings, int chunksExpected) {
        CountDownLatch latch = new CountDownLatch(chunksExpected);
        History h = new History("history", settings, null, Runnable::run, event -> {
            ClientEvent.HistorySync part = (ClientEvent.HistorySync) event;
            parts.add(part);
            if (part.lastPart()) {
                latch.countDown();
            }
            return CompletableFuture.completedFuture(null);
        }, stanza -> {
            sent.add(stanza.apply(ME.normalizedUser()));
            return CompletableFuture.completedFuture(null);
        }, () -> new History.Self(ME, MY_LID), store.lidMappings());
        this.latch = latch;
        return h;
    }

    private CountDownLatch latch;

    private void await() throws InterruptedException {
        assertTrue(latch.await(20, TimeUnit.SECONDS), "every chunk ended");
        Thread.sleep(50); // the receipt follows the last part
    }

    @Test
    void anInlineChunkBecomesBoundedPartsOfTypedMessagesNamesAndMappings() throws Exception {
        History h = history(HistorySettings.DEFAULTS.withPartLimits(50, 64 * 1024), 1);
        byte[] payload = chunk(HistorySync.HistorySyncType.INITIAL_BOOTSTRAP, w -> {
            List<WebMessageInfo> alice = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                alice.add(text("15550002222@s.whatsapp.net", "A" + i, i % 3 == 0, null, "hello " + i, 1_700_000_000L + i));
            }
            alice.add(WebMessageInfo.newBuilder().setKey(MessageKey.newBuilder()
                    .setRemoteJid("15550002222@s.whatsapp.net").setId("STUB1")).setMessageStubType(40).build());
            w.conversation(conversation("15550002222@s.whatsapp.net", alice).setName("Alice").setArchived(true)
                    .setPinned(1).setUnreadCount(2).setMuteEndTime(1_800_000_000L).setLidJid("777001@lid").build());
            List<WebMessageInfo> team = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                team.add(text("120363000000000001@g.us", "G" + i, false, "15550003333@s.whatsapp.net", "team " + i,
                        1_700_001_000L + i));
            }
            w.conversation(conversation("120363000000000001@g.us", team).setName("Team").build());
            w.conversation(HistoryConversation.newBuilder().setId("15550004444@s.whatsapp.net").setName("Carol").build());
            w.pushName("15550002222@s.whatsapp.net", "Alice A.");
            w.pushName("15550003333@c.us", "Bob");
            w.lidMapping("15550002222@s.whatsapp.net", "777001@lid");
            w.lidMapping("15550003333@c.us", "777002@lid");
            w.lidMapping("not a jid", "777003@lid");
        });
        assertTrue(h.offer(notification("N1", HistorySyncNotification.HistorySyncType.INITIAL_BOOTSTRAP, 1, 40,
                payload, true)));
        await();

        assertEquals(List.of(0, 1, 2), parts.stream().map(ClientEvent.HistorySync::part).toList());
        assertEquals(List.of(false, false, true), parts.stream().map(ClientEvent.HistorySync::lastPart).toList());
        for (ClientEvent.HistorySync p : parts) {
            assertTrue(p.messages().size() <= 50, "at most 50 messages per part");
            assertEquals(HistorySyncNotification.HistorySyncType.INITIAL_BOOTSTRAP, p.syncType());
            assertEquals(1, p.chunkOrder());
            assertEquals(40, p.progress());
            assertEquals("N1", p.notificationId());
            assertNull(p.failure());
        }
        List<ClientEvent.MessageReceived> messages = parts.stream().flatMap(p -> p.messages().stream()).toList();
        assertEquals(130, messages.size(), "the stub is skipped");
        ClientEvent.MessageReceived first = messages.getFirst();
        assertEquals("A0", first.id());
        assertEquals(new Text("hello 0"), first.content());
        assertTrue(first.fromMe());
        assertEquals(ME.normalizedUser(), first.sender());
        assertEquals(Instant.ofEpochSecond(1_700_000_000L), first.timestamp());
        ClientEvent.MessageReceived fromAlice = messages.get(1);
        assertFalse(fromAlice.fromMe());
        assertEquals(Jid.parse("15550002222@s.whatsapp.net"), fromAlice.sender());
        ClientEvent.MessageReceived inGroup = messages.get(120);
        assertEquals(Jid.parse("120363000000000001@g.us"), inGroup.chat());
        assertEquals(Jid.parse("15550003333@s.whatsapp.net"), inGroup.sender());

        List<ClientEvent.HistoryConversation> chats = parts.stream().flatMap(p -> p.conversations().stream()).toList();
        assertEquals(3, chats.size());
        ClientEvent.HistoryConversation alice = chats.getFirst();
        assertEquals("Alice", alice.name());
        assertTrue(alice.archived() && alice.pinned());
        assertEquals(2, alice.unreadCount());
        assertEquals(Instant.ofEpochSecond(1_800_000_000L), alice.muteEnd());
        assertEquals(Jid.parse("777001@lid"), alice.lid());
        assertEquals("Carol", chats.get(2).name());
        assertEquals(0, chats.get(2).messageCount());

        ClientEvent.HistorySync last = parts.getLast();
        assertEquals(List.of(new ClientEvent.HistoryPushName(Jid.parse("15550002222@s.whatsapp.net"), "Alice A."),
                new ClientEvent.HistoryPushName(Jid.parse("15550003333@s.whatsapp.net"), "Bob")), last.pushNames());
        assertEquals(2, last.lidMappings().size(), "the unreadable mapping is skipped");
        assertEquals("777002@lid", store.lidMappings().lidForPn("15550003333@s.whatsapp.net").orElseThrow());

        assertEquals(1, sent.size());
        Node receipt = sent.getFirst();
        assertEquals("receipt", receipt.tag());
        assertEquals("hist_sync", receipt.attr("type"));
        assertEquals("N1", receipt.attr("id"));
        assertEquals("15550001111@s.whatsapp.net", receipt.attr("to"));
        assertEquals(130, h.messages());
    }

    @Test
    void partsStayWithinTheByteBudgetAndAMessageLargerThanItGoesAlone() throws Exception {
        History h = history(HistorySettings.DEFAULTS.withPartLimits(200, 16 * 1024), 1);
        byte[] payload = chunk(HistorySync.HistorySyncType.RECENT, w -> {
            List<WebMessageInfo> list = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                list.add(text("15550002222@s.whatsapp.net", "B" + i, false, null, "x".repeat(i == 7 ? 40_000 : 6_000), i));
            }
            w.conversation(conversation("15550002222@s.whatsapp.net", list).build());
        });
        h.offer(notification("N2", HistorySyncNotification.HistorySyncType.RECENT, 3, 100, payload, true));
        await();
        for (ClientEvent.HistorySync p : parts) {
            int bytes = p.messages().stream().mapToInt(m -> m.message().getSerializedSize()).sum();
            assertTrue(p.messages().size() == 1 || bytes <= 16 * 1024, "part " + p.part() + " holds " + bytes + " bytes");
        }
        assertEquals(20, parts.stream().mapToInt(p -> p.messages().size()).sum());
        assertTrue(parts.stream().anyMatch(p -> p.messages().size() == 1
                && p.messages().getFirst().id().equals("B7")));
    }

    @Test
    void aBrokenZlibStreamEndsTheChunkWithAFailureNamingItAndTheNextChunkStillRuns() throws Exception {
        History h = history(HistorySettings.DEFAULTS, 3);
        byte[] good = chunk(HistorySync.HistorySyncType.RECENT, w -> w.conversation(conversation(
                "15550002222@s.whatsapp.net", List.of(text("15550002222@s.whatsapp.net", "C1", false, null, "ok", 1)))
                .build()));
        byte[] garbage = Arrays.copyOf(good, good.length);
        garbage[0] = 0x12; // not a zlib header
        byte[] truncated = Arrays.copyOf(good, good.length / 2);
        h.offer(notification("BAD", HistorySyncNotification.HistorySyncType.RECENT, 4, 10, garbage, true));
        h.offer(notification("CUT", HistorySyncNotification.HistorySyncType.RECENT, 5, 20, truncated, true));
        h.offer(notification("GOOD", HistorySyncNotification.HistorySyncType.RECENT, 6, 30, good, true));
        await();
        ClientEvent.HistorySync bad = parts.stream().filter(p -> p.notificationId().equals("BAD")).findFirst().orElseThrow();
        assertNotNull(bad.failure());
        assertEquals(ClientEvent.HistoryFailure.Kind.PAYLOAD_INVALID, bad.failure().kind());
        assertTrue(bad.failure().message().contains("RECENT #4"), bad.failure().message());
        assertTrue(bad.lastPart());
        ClientEvent.HistorySync cut = parts.stream().filter(p -> p.notificationId().equals("CUT")).reduce((a, b) -> b)
                .orElseThrow();
        assertEquals(ClientEvent.HistoryFailure.Kind.PAYLOAD_INVALID, cut.failure().kind());
        ClientEvent.HistorySync ok = parts.stream().filter(p -> p.notificationId().equals("GOOD")).findFirst().orElseThrow();
        assertNull(ok.failure());
        assertEquals("C1", ok.messages().getFirst().id());
        assertEquals(List.of("GOOD"), sent.stream().map(n -> n.attr("id")).toList(), "only the good chunk is receipted");
        assertEquals(2, h.failures());
    }

    @Test
    void aNotificationWithoutBlobOrPayloadIsABlobFailure() throws Exception {
        History h = history(HistorySettings.DEFAULTS, 1);
        h.offer(notification("NOBLOB", HistorySyncNotification.HistorySyncType.FULL, 1, 0, null, true));
        await();
        assertEquals(ClientEvent.HistoryFailure.Kind.BLOB_INVALID, parts.getFirst().failure().kind());
        assertTrue(sent.isEmpty());
    }

    @Test
    void aNotificationFromAnotherAccountIsTakenButIgnoredAndOtherMessagesPassThrough() throws Exception {
        History h = history(HistorySettings.DEFAULTS, 1);
        byte[] payload = chunk(HistorySync.HistorySyncType.RECENT, w -> { });
        assertTrue(h.offer(notification("X", HistorySyncNotification.HistorySyncType.RECENT, 1, 0, payload, false)));
        ClientEvent.MessageReceived plain = new ClientEvent.MessageReceived("T", Jid.parse("15550002222@s.whatsapp.net"),
                Jid.parse("15550002222@s.whatsapp.net"), null, null, null, Instant.now(), new Text("hi"),
                Message.newBuilder().setConversation("hi").build(), false);
        assertFalse(h.offer(plain));
        Thread.sleep(200);
        assertTrue(parts.isEmpty());
        assertTrue(sent.isEmpty());
    }

    @Test
    void scopeNoneAcknowledgesChunksUnreadAndAsksThePhoneForADay() throws Exception {
        History h = history(HistorySettings.DEFAULTS.withScope(HistorySyncScope.NONE), 1);
        byte[] payload = chunk(HistorySync.HistorySyncType.RECENT, w -> w.pushName("15550002222@s.whatsapp.net", "A"));
        h.offer(notification("N", HistorySyncNotification.HistorySyncType.RECENT, 1, 0, payload, true));
        Thread.sleep(300);
        assertTrue(parts.isEmpty());
        assertEquals(List.of("N"), sent.stream().map(n -> n.attr("id")).toList());

        DeviceProps.Builder none = DeviceProps.newBuilder();
        HistorySyncScope.NONE.apply(none);
        assertEquals(1, none.getHistorySyncConfig().getRecentSyncDaysLimit());
        assertFalse(none.getRequireFullSync());
        DeviceProps.Builder full = DeviceProps.newBuilder();
        HistorySyncScope.FULL.apply(full);
        assertTrue(full.getRequireFullSync());
        DeviceProps.Builder recent = DeviceProps.newBuilder();
        HistorySyncScope.RECENT.apply(recent);
        assertFalse(recent.getRequireFullSync());
        assertFalse(recent.getHistorySyncConfig().hasRecentSyncDaysLimit());
        assertEquals(HistorySyncScope.FULL, HistorySyncScope.parse(" Full "));
    }

    // --- building chunks ---

    interface Body {
        void write(HistoryWriter w) throws IOException;
    }

    static byte[] chunk(HistorySync.HistorySyncType type, Body body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (HistoryWriter w = new HistoryWriter(out, type, 1, 0)) {
            body.write(w);
        }
        return out.toByteArray();
    }

    static WebMessageInfo text(String chat, String id, boolean fromMe, String participant, String text, long at) {
        MessageKey.Builder key = MessageKey.newBuilder().setRemoteJid(chat).setId(id).setFromMe(fromMe);
        if (participant != null) {
            key.setParticipant(participant);
        }
        return WebMessageInfo.newBuilder().setKey(key).setMessageTimestamp(at)
                .setMessage(Message.newBuilder().setConversation(text)).build();
    }

    static HistoryConversation.Builder conversation(String id, List<WebMessageInfo> messages) {
        HistoryConversation.Builder c = HistoryConversation.newBuilder().setId(id);
        long order = 0;
        for (WebMessageInfo m : messages) {
            c.addMessages(HistorySyncMsg.newBuilder().setMessage(m).setMsgOrderId(++order));
        }
        return c;
    }

    static ClientEvent.MessageReceived notification(String id, HistorySyncNotification.HistorySyncType type, int chunk,
                                                    int progress, byte[] inline, boolean fromMe) {
        HistorySyncNotification.Builder n = HistorySyncNotification.newBuilder().setSyncType(type).setChunkOrder(chunk)
                .setProgress(progress);
        if (inline != null) {
            n.setInitialHistBootstrapInlinePayload(ByteString.copyFrom(inline));
        }
        Message message = Message.newBuilder().setProtocolMessage(ProtocolMessage.newBuilder()
                .setType(ProtocolMessage.Type.HISTORY_SYNC_NOTIFICATION).setHistorySyncNotification(n)).build();
        Jid sender = fromMe ? ME.withDevice(0) : Jid.parse("15550009999@s.whatsapp.net");
        return new ClientEvent.MessageReceived(id, sender.normalizedUser(), sender, null, null, null, Instant.now(),
                new io.wabridge.client.message.content.Unknown(message), message, fromMe);
    }
}

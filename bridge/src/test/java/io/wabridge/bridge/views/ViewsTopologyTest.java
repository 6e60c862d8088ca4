package io.wabridge.bridge.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import com.google.protobuf.util.Timestamps;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.wabridge.bridge.contract.EventEncoder;
import io.wabridge.bridge.contract.WireFormat;
import io.wabridge.proto.v1.ChatView;
import io.wabridge.proto.v1.CommandResult;
import io.wabridge.proto.v1.ConnectionUpdate;
import io.wabridge.proto.v1.EventEnvelope;
import io.wabridge.proto.v1.LoggedOut;
import io.wabridge.proto.v1.Me;
import io.wabridge.proto.v1.MessageContent;
import io.wabridge.proto.v1.MessageEvent;
import io.wabridge.proto.v1.MessageRef;
import io.wabridge.proto.v1.Paired;
import io.wabridge.proto.v1.Reaction;
import io.wabridge.proto.v1.ReceiptEvent;
import io.wabridge.proto.v1.ReceiptType;
import io.wabridge.proto.v1.Sender;
import io.wabridge.proto.v1.SessionStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every rule of the views topology, driven record by record with Kafka Streams' TopologyTestDriver. */
class ViewsTopologyTest {

    private static final String S = "acme";
    private static final String ALICE = "15550002222@s.whatsapp.net";
    private static final String BOB = "15550003333@s.whatsapp.net";
    private static final Me ME = Me.newBuilder().setPn("15550001111@s.whatsapp.net").setLid("123@lid").build();
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    @TempDir
    Path stateDir;

    private final AtomicInteger ids = new AtomicInteger();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private ViewsSettings settings = ViewsSettings.defaults().withTypedTopics(true);
    private long cacheBytes = 10 * 1024 * 1024; // Kafka Streams' default record cache
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> events;
    private TestOutputTopic<byte[], byte[]> sessions;
    private TestOutputTopic<byte[], byte[]> dlq;
    private final EventEncoder encoder = new EventEncoder("wabridge.events", WireFormat.PROTOBUF, "worker-1");

    @BeforeEach
    void start() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "views-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, cacheBytes);
        driver = new TopologyTestDriver(ViewsTopology.build(settings, new ViewsMetrics(registry)), p,
                T0);
        ByteArraySerializer out = new ByteArraySerializer();
        ByteArrayDeserializer in = new ByteArrayDeserializer();
        events = driver.createInputTopic(settings.events(), out, out);
        sessions = driver.createOutputTopic(settings.sessions(), in, in);
        dlq = driver.createOutputTopic(settings.dlq(), in, in);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void connectionLifecycleMakesTheStatusAndPublishesEachChange() throws Exception {
        send(event(0).setConnectionUpdate(update(ConnectionUpdate.State.CONNECTING, ""))); // before pairing: no me
        send(event(1).setMe(ME).setPaired(Paired.newBuilder().setMe(ME)));
        send(event(2).setMe(ME).setConnectionUpdate(update(ConnectionUpdate.State.OPEN, "")));

        SessionStatus s = status();
        assertEquals(SessionStatus.State.OPEN, s.getState());
        assertEquals(ME, s.getMe());
        assertEquals("worker-1", s.getWorker());
        assertEquals(at(1), s.getPairedAt());
        assertEquals(at(2), s.getLastOpenAt());
        assertEquals(at(2), s.getStateSince());
        assertFalse(s.getLoggedOut());

        List<TestRecord<byte[], byte[]>> published = sessions.readRecordsToList();
        assertEquals(3, published.size(), "one status record per change (the test driver commits after every record)");
        TestRecord<byte[], byte[]> last = published.get(2);
        assertEquals(S, new String(last.key(), StandardCharsets.US_ASCII));
        assertEquals(s, SessionStatus.parseFrom(last.value()));
        assertEquals("application/x-protobuf", header(last.headers().lastHeader("content-type")));

        send(event(3).setMe(ME).setConnectionUpdate(update(ConnectionUpdate.State.CLOSED, "connection lost")));
        s = status();
        assertEquals(SessionStatus.State.CLOSED, s.getState());
        assertEquals(at(3), s.getLastCloseAt());
        assertEquals("connection lost", s.getLastCloseReason());
        assertEquals(at(2), s.getLastOpenAt());
    }

    @Test
    void aRecordCacheTooSmallToHoldAStatusPublishesItWhenItEvictsIt() throws Exception {
        everyStatusPublishedOnceWith(1); // every put evicts: published from the cache's eviction, mid-record
    }

    @Test
    void withoutARecordCacheEveryChangedStatusIsPublishedAsItIsPut() throws Exception {
        everyStatusPublishedOnceWith(0); // Kafka Streams then builds the stores without a cache
    }

    private void everyStatusPublishedOnceWith(long cacheBytes) throws Exception {
        driver.close();
        this.cacheBytes = cacheBytes;
        start();
        send(event(1).setMe(ME).setConnectionUpdate(update(ConnectionUpdate.State.OPEN, "")));
        send(event(2).setMe(ME).setMessage(inbound("M1", 2, "a")));
        send(event(4).setCausationId("read-1").setCommandResult(markedRead(ALICE, 1)));
        send(event(5).setMe(ME).setConnectionUpdate(update(ConnectionUpdate.State.CLOSED, "gone")));

        List<TestRecord<byte[], byte[]>> published = sessions.readRecordsToList();
        assertEquals(4, published.size(), "each status once");
        assertEquals(status(), SessionStatus.parseFrom(published.get(3).value()), "the latest is the stored one");
        assertEquals(SessionStatus.State.CLOSED, status().getState());
        assertEquals(0, chat(ALICE).getUnread());
        assertEquals(1, status().getMessagesIn());
    }

    @Test
    void eventsOutOfOrderLeaveTheSameStatusAsInOrder() {
        send(event(5).setMe(ME).setConnectionUpdate(update(ConnectionUpdate.State.OPEN, "")));
        send(event(3).setConnectionUpdate(update(ConnectionUpdate.State.CLOSED, "stream error 515")));
        send(event(4).setConnectionUpdate(update(ConnectionUpdate.State.CONNECTING, "")));
        send(event(2).setPaired(Paired.newBuilder().setMe(ME)));
        send(event(1).setLoggedOut(LoggedOut.newBuilder().setReason("old logout")));

        SessionStatus s = status();
        assertEquals(SessionStatus.State.OPEN, s.getState(), "the newest update wins, not the last to arrive");
        assertEquals(at(5), s.getStateSince());
        assertEquals(at(3), s.getLastCloseAt());
        assertEquals("stream error 515", s.getLastCloseReason());
        assertFalse(s.getLoggedOut(), "a logout older than the pairing does not unlink");
        assertEquals(at(5), s.getUpdatedAt());
        assertEquals(at(2), s.getPairedAt());
    }

    @Test
    void duplicateEventsAndRepublishedMessagesCountOnce() {
        EventEnvelope.Builder open = event(1).setMe(ME).setConnectionUpdate(update(ConnectionUpdate.State.OPEN, ""));
        send(open);
        send(open); // the very same event again (a producer retry)
        assertEquals(1, sessions.readRecordsToList().size(), "an exact duplicate changes nothing, publishes nothing");

        send(event(2).setMessage(inbound("M1", 2, "hello")));
        send(event(3).setMessage(inbound("M1", 2, "hello"))); // re-published after a hand-over: new event id
        send(event(4).setMessage(outbound("M2", 4, "hi back")));
        send(event(5).setMessage(outbound("M2", 4, "hi back")));

        SessionStatus s = status();
        assertEquals(1, s.getMessagesIn());
        assertEquals(1, s.getMessagesOut());
        send(event(6).setMessage(inbound("M3", 6, "again")));
        send(event(7).setMessage(inbound("M3", 6, "again")));
        assertEquals(1, chat(ALICE).getUnread(), "the duplicate does not count as a second unread message");
        assertEquals(2, status().getMessagesIn());
    }

    @Test
    void aMessageCountsOnceWithinTheWindowWhicheverWayItsCopyIsLookedUp() {
        int day = 86_400;
        send(event(1).setMe(ME).setConnectionUpdate(update(ConnectionUpdate.State.OPEN, "")));
        // Kept under its own timestamp (one point read), re-published three days later: the same timestamp finds it.
        send(event(10).setMessage(inbound("P1", 10, "live")));
        send(event(3 * day).setMessage(inbound("P1", 10, "live")));
        assertEquals(1, status().getMessagesIn(), "a copy re-published within the window counts once");
        // No timestamp: kept under the record's time and looked for in the window around it.
        send(event(3 * day + 1).setMessage(inbound("N1", 0, "no time").clearTimestamp()));
        send(event(3 * day + 2 * 3600).setMessage(inbound("N1", 0, "no time").clearTimestamp()));
        assertEquals(2, status().getMessagesIn(), "a message without a timestamp counts once too");
        // Delivered late (its timestamp 5 days before the record): kept under the record's time, found in the window.
        send(event(5 * day).setMessage(inbound("L1", 10, "late")));
        send(event(5 * day + 3600).setMessage(inbound("L1", 10, "late")));
        assertEquals(3, status().getMessagesIn(), "a late message's copy counts once");
        // Seen live (under its timestamp), its copy arriving when the timestamp is over half a window old: the
        // window around the record still holds it.
        send(event(5 * day + 7200).setMessage(inbound("Q1", 5 * day + 7000, "seen live")));
        send(event(9 * day).setMessage(inbound("Q1", 5 * day + 7000, "seen live")));
        assertEquals(4, status().getMessagesIn(), "a copy looked for around the record finds one kept under its time");
        // A new id after all that still counts.
        send(event(9 * day + 1).setMessage(inbound("R1", 9 * day + 1, "new")));
        assertEquals(5, status().getMessagesIn());
    }

    @Test
    void messagesNewerThanTheirChatCountOnceWithoutAReadEachAndTheirCopiesAreStillFound() {
        send(event(1).setMe(ME).setConnectionUpdate(update(ConnectionUpdate.State.OPEN, "")));
        send(event(10).setMessage(inbound("A1", 10, "first")));
        assertEquals(1, seenReads(), "no chat yet: the store is read");
        for (int i = 1; i <= 5; i++) { // a burst in one second, newer than the chat's newest message
            send(event(11).setMessage(inbound("B" + i, 11, "burst")));
        }
        assertEquals(1, seenReads(), "the first proved new by its chat, the others by the ids kept for that second");
        for (int i = 1; i <= 5; i++) {
            send(event(12).setMessage(inbound("B" + i, 11, "burst"))); // copies: found among that second's ids
        }
        send(event(12).setMessage(inbound("A1", 10, "first"))); // a copy older than the chat's newest second: read
        assertEquals(2, seenReads());
        assertEquals(6, status().getMessagesIn());
        assertEquals(6, chat(ALICE).getUnread());

        // A reaction is no chat message: it never moves the chat's newest message, so it is always read, even with
        // the timestamp the chat's newest second takes right after it.
        send(event(20).setMessage(reaction("R1", 20, "B1")));
        send(event(21).setMessage(inbound("C1", 20, "as new as the reaction"))); // newer than the chat: no read
        send(event(22).setMessage(reaction("R1", 20, "B1")));
        assertEquals(4, seenReads());
        assertEquals(8, status().getMessagesIn(), "the reaction's copy is found although C1 started its second");
        assertEquals(7, (long) registry.counter("wabridge.views.duplicates").count());
    }

    @Test
    void moreMessagesInOneSecondThanItKeepsAreReadAndStillCountOnce() {
        send(event(1).setMe(ME).setConnectionUpdate(update(ConnectionUpdate.State.OPEN, "")));
        send(event(2).setMessage(inbound("A1", 2, "first")));
        int n = SeenMessages.IDS_PER_SECOND + 40;
        for (int i = 0; i < n; i++) {
            send(event(3).setMessage(inbound("B" + i, 3, "busy second")));
        }
        for (int i = 0; i < n; i++) {
            send(event(4).setMessage(inbound("B" + i, 3, "busy second")));
        }
        assertEquals(1 + n, status().getMessagesIn(), "every copy found, kept in memory or read");
        assertEquals(n, (long) registry.counter("wabridge.views.duplicates").count());
        assertTrue(seenReads() > n, "past the ids it keeps for one second the store is read: " + seenReads());
    }

    @Test
    void afterALogoutChatsProveNothingUntilTwoWindowsAfterThePairing() {
        send(event(1).setMe(ME).setConnectionUpdate(update(ConnectionUpdate.State.OPEN, "")));
        send(event(2).setMessage(inbound("M1", 2, "hello")));
        send(event(3).setMe(ME).setLoggedOut(LoggedOut.newBuilder().setReason("removed from the phone")));
        send(event(5).setMessage(inbound("X1", 100, "counted while logged out, in no chat")));
        send(event(6).setMe(ME).setPaired(Paired.newBuilder().setMe(ME)));
        send(event(7).setMessage(inbound("Y1", 50, "older than X1"))); // the chat again, its newest message Y1
        long reads = seenReads();
        send(event(8).setMessage(inbound("X1", 100, "counted while logged out, in no chat")));
        assertEquals(reads + 1, seenReads(), "newer than the chat, but X1 went into the store without reaching it");
        assertEquals(3, status().getMessagesIn(), "X1's copy is found");

        int later = 15 * 86_400; // paired more than two dedupe windows (7 days each) ago: the chats are whole again
        send(event(later).setMessage(inbound("Z1", later, "weeks later")));
        assertEquals(reads + 1, seenReads(), "newer than its chat: no read");
        assertEquals(4, status().getMessagesIn());
    }

    @Test
    void chatKeepsTheNewestMessageAndCountsUnreadUntilRead() {
        send(event(1).setMe(ME).setMessage(inbound("M2", 20, "second")));
        send(event(2).setMe(ME).setMessage(inbound("M1", 10, "first, arriving late")));
        send(event(3).setMe(ME).setMessage(reaction("M9", 30, "M2")));
        send(event(4).setMe(ME).setMessage(inbound("S1", 25, "status").setChat("status@broadcast")));

        ChatView c = chat(ALICE);
        assertEquals("M2", c.getLastMessage().getId(), "by WhatsApp timestamp, a reaction is no chat message");
        assertEquals("text", c.getLastMessage().getKind());
        assertEquals("second", c.getLastMessage().getPreview());
        assertEquals(2, c.getUnread());
        assertNull(chatOrNull("status@broadcast"));

        // Another device of this account read up to now: all read.
        send(event(5).setMe(ME).setReceipt(ReceiptEvent.newBuilder().setChat(ALICE).addMessageIds("M1")
                .addMessageIds("M2").setType(ReceiptType.READ_SELF).setTimestamp(ts(21))));
        assertEquals(0, chat(ALICE).getUnread());
        // Older than the read: not unread (arrived late); newer: unread.
        send(event(6).setMe(ME).setMessage(inbound("M0", 5, "ancient")));
        send(event(7).setMe(ME).setMessage(inbound("M3", 40, "new")));
        assertEquals(1, chat(ALICE).getUnread());
        // A delivered receipt of ours reads nothing.
        send(event(8).setMe(ME).setReceipt(ReceiptEvent.newBuilder().setChat(ALICE).addMessageIds("M3")
                .setType(ReceiptType.DELIVERED).setTimestamp(ts(41))));
        assertEquals(1, chat(ALICE).getUnread());
        // Writing in the chat reads it.
        send(event(9).setMe(ME).setMessage(outbound("M4", 50, "x".repeat(150))));
        c = chat(ALICE);
        assertEquals(0, c.getUnread());
        assertEquals("M4", c.getLastMessage().getId());
        assertTrue(c.getLastMessage().getFromMe());
        assertEquals(ChatRules.PREVIEW_LENGTH, c.getLastMessage().getPreview().length());

        send(event(10).setMe(ME).setMessage(inbound("M5", 60, "").setContent(MessageContent.newBuilder()
                .setMedia(io.wabridge.proto.v1.Media.newBuilder().setKind(io.wabridge.proto.v1.MediaKind.MEDIA_KIND_DOCUMENT)
                        .setFileName("report.pdf")))));
        c = chat(ALICE);
        assertEquals("document", c.getLastMessage().getKind());
        assertEquals("report.pdf", c.getLastMessage().getPreview());
        assertEquals(1, c.getUnread());
    }

    @Test
    void aMarkReadsOkResultReadsTheChatItNames() {
        send(event(1).setMe(ME).setMessage(inbound("M1", 1, "a")));
        send(event(2).setMe(ME).setMessage(inbound("M2", 2, "b")));
        send(event(3).setMe(ME).setMessage(inbound("B1", 2, "c").setChat(BOB).setSender(Sender.newBuilder().setPn(BOB))));

        send(event(4).setCausationId("read-2").setCommandResult(CommandResult.newBuilder()
                .setError(CommandResult.Error.newBuilder().setCode("NOT_CONNECTED"))));
        assertEquals(2, chat(ALICE).getUnread(), "a failed mark_read reads nothing");
        send(event(5).setCausationId("a-send").setCommandResult(CommandResult.newBuilder()
                .setOk(CommandResult.Ok.newBuilder().setMessageId("3EB0SENT"))));
        send(event(6).setCausationId("older-bridge").setCommandResult(CommandResult.newBuilder()
                .setOk(CommandResult.Ok.getDefaultInstance())));
        assertEquals(2, chat(ALICE).getUnread(), "an ok without marked_read (a send's, another command's) reads nothing");

        send(event(7).setCausationId("read-1").setCommandResult(markedRead(ALICE, 2)));
        assertEquals(0, chat(ALICE).getUnread());
        assertEquals(at(7), chat(ALICE).getLastReadAt(), "read at the result's time");
        assertEquals(1, chat(BOB).getUnread(), "only the chat the result names");
        send(event(8).setCausationId("read-3").setCommandResult(markedRead("nobody@s.whatsapp.net", 1)));
        assertNull(chatOrNull("nobody@s.whatsapp.net"), "a read of a chat never seen keeps no chat");
        send(event(9).setMe(ME).setMessage(inbound("M3", 9, "d")));
        assertEquals(1, chat(ALICE).getUnread(), "a message after the read counts again");
        send(event(10).setMe(ME).setMessage(inbound("M4", 12, "e")));
        send(event(11).setCausationId("read-4").setCommandResult(markedRead(ALICE, -1))); // uint32 4294967295
        assertEquals(0, chat(ALICE).getUnread(), "a read arriving before the newest message, of 2^32-1 messages,"
                + " takes off every unread one, never adds");
    }

    @Test
    void aMarkReadResultPublishedAgainReadsNothingMore() {
        send(event(1).setMe(ME).setMessage(inbound("M1", 1, "a")));
        send(event(2).setMe(ME).setMessage(inbound("M2", 2, "b")));
        CommandResult.Builder result = markedRead(ALICE, 2);
        result.getOkBuilder().getMarkedReadBuilder().setReadAt(at(3));
        send(event(4).setCausationId("read-1").setCommandResult(result.clone()));
        assertEquals(0, chat(ALICE).getUnread());
        assertEquals(at(3), chat(ALICE).getLastReadAt(), "read at read_at, not at the event's time");

        send(event(5).setMe(ME).setMessage(inbound("M3", 5, "c")));
        // The command redelivered (a rebalance before its offset was committed): the bridge answers it from its
        // command log, a new event with the stored result, so the same read_at.
        send(event(7).setCausationId("read-1").setCommandResult(result.clone()));
        assertEquals(1, chat(ALICE).getUnread(), "the copy of a read applied once takes nothing off again");
        assertEquals(at(3), chat(ALICE).getLastReadAt());

        send(event(8).setCausationId("read-2").setCommandResult(markedRead(ALICE, 1)));
        assertEquals(0, chat(ALICE).getUnread(), "a later read still reads (without read_at: at the event's time)");
    }

    @Test
    void loggedOutSessionDropsItsChatsAndStaysLoggedOutUntilPairedAgain() {
        send(event(1).setMe(ME).setConnectionUpdate(update(ConnectionUpdate.State.OPEN, "")));
        send(event(2).setMe(ME).setMessage(inbound("M1", 2, "hello")));
        assertNotNull(chatOrNull(ALICE));

        send(event(3).setMe(ME).setLoggedOut(LoggedOut.newBuilder().setReason("removed from the phone")));
        send(event(4).setConnectionUpdate(update(ConnectionUpdate.State.CLOSED, "logged out")));
        send(event(5).setMessage(inbound("M0", 1, "late message from before the logout")));
        SessionStatus s = status();
        assertEquals(SessionStatus.State.LOGGED_OUT, s.getState(), "the closing connection does not hide the logout");
        assertTrue(s.getLoggedOut());
        assertEquals("removed from the phone", s.getLoggedOutReason());
        assertEquals(at(3), s.getLoggedOutAt());
        assertEquals(at(4), s.getLastCloseAt());
        assertEquals("logged out", s.getLastCloseReason(), "the closing connection after the logout is newer");
        assertEquals(0, countStore(ViewsSettings.CHATS_STORE), "the account's state is wiped, so are its chats");

        send(event(6).setConnectionUpdate(update(ConnectionUpdate.State.CONNECTING, "")));
        assertEquals(SessionStatus.State.CONNECTING, status().getState());
        assertTrue(status().getLoggedOut(), "linked again only once paired");
        send(event(7).setMe(ME).setPaired(Paired.newBuilder().setMe(ME)));
        assertFalse(status().getLoggedOut());
        assertEquals("", status().getLoggedOutReason());
    }

    @Test
    void tombstoneOnTheEventTopicRemovesTheSessionAndPublishesATombstone() {
        send(event(1).setMe(ME).setConnectionUpdate(update(ConnectionUpdate.State.OPEN, "")));
        send(event(2).setMe(ME).setMessage(inbound("M1", 2, "hello")));
        send("other", event(3).setSessionId("other").setConnectionUpdate(update(ConnectionUpdate.State.OPEN, "")));
        sessions.readRecordsToList();

        events.pipeInput(new TestRecord<>(S.getBytes(StandardCharsets.US_ASCII), null, T0.plusSeconds(4)));
        TestRecord<byte[], byte[]> tombstone = sessions.readRecord();
        assertEquals(S, new String(tombstone.key(), StandardCharsets.US_ASCII));
        assertNull(tombstone.value());
        assertNull(store(ViewsSettings.SESSIONS_STORE).get(S));
        assertEquals(0, countStore(ViewsSettings.CHATS_STORE));
        assertNotNull(store(ViewsSettings.SESSIONS_STORE).get("other"), "only that session");
    }

    @Test
    void sessionsLoggedOutLongerThanTheRetentionAreRemovedWithATombstone() {
        send(event(1).setMe(ME).setLoggedOut(LoggedOut.newBuilder().setReason("logout command")));
        send("other", event(2).setSessionId("other").setConnectionUpdate(update(ConnectionUpdate.State.CLOSED, "")));
        sessions.readRecordsToList();
        driver.advanceWallClockTime(settings.loggedOutRetention().minusMinutes(30));
        assertTrue(sessions.isEmpty(), "still within the retention");
        driver.advanceWallClockTime(Duration.ofHours(1));
        TestRecord<byte[], byte[]> tombstone = sessions.readRecord();
        assertEquals(S, new String(tombstone.key(), StandardCharsets.US_ASCII));
        assertNull(tombstone.value());
        assertTrue(sessions.isEmpty(), "a closed but linked session stays");
        assertNull(store(ViewsSettings.SESSIONS_STORE).get(S));
    }

    @Test
    void unreadableRecordsGoToTheViewsDlqWithTheReasonAndProcessingGoesOn() {
        RecordHeaders junk = new RecordHeaders();
        junk.add("type", "message".getBytes(StandardCharsets.US_ASCII));
        events.pipeInput(new TestRecord<>(S.getBytes(StandardCharsets.US_ASCII),
                new byte[] {(byte) 0xff, 1, 2, 3}, junk, T0));
        RecordHeaders json = new RecordHeaders();
        json.add("content-type", "application/json".getBytes(StandardCharsets.US_ASCII));
        events.pipeInput(new TestRecord<>(S.getBytes(StandardCharsets.US_ASCII),
                "{\"eventId\":\"x\",".getBytes(StandardCharsets.UTF_8), json, T0));
        events.pipeInput(new TestRecord<>("bad key!".getBytes(StandardCharsets.UTF_8),
                encoder.encode(event(1).setConnectionUpdate(update(ConnectionUpdate.State.OPEN, "")).build()).value(),
                new RecordHeaders(), T0));
        RecordHeaders text = new RecordHeaders();
        text.add("content-type", "text/plain".getBytes(StandardCharsets.US_ASCII));
        events.pipeInput(new TestRecord<>(S.getBytes(StandardCharsets.US_ASCII), "hi".getBytes(StandardCharsets.UTF_8),
                text, T0));
        events.pipeInput(new TestRecord<>(S.getBytes(StandardCharsets.US_ASCII),
                EventEnvelope.newBuilder().setEventId("x").setOccurredAt(at(0)).build().toByteArray(),
                new RecordHeaders(), T0));
        send(event(2).setMe(ME).setConnectionUpdate(update(ConnectionUpdate.State.OPEN, "")));

        List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
        assertEquals(5, dead.size());
        assertEquals("UNSUPPORTED_CONTENT_TYPE", header(dead.get(3).headers().lastHeader("dlq-reason-code")));
        assertTrue(header(dead.get(4).headers().lastHeader("dlq-reason")).contains("no event"),
                "an envelope without an event (or with one from a newer contract)");
        assertEquals("INVALID_RECORD", header(dead.get(0).headers().lastHeader("dlq-reason-code")));
        assertTrue(header(dead.get(0).headers().lastHeader("dlq-reason")).contains("protobuf"));
        assertEquals("message", header(dead.get(0).headers().lastHeader("type")), "original headers kept");
        assertEquals("wabridge.events", header(dead.get(0).headers().lastHeader("dlq-original-topic")));
        assertEquals("0", header(dead.get(0).headers().lastHeader("dlq-original-offset")));
        assertEquals(4, dead.get(0).value().length, "the value byte for byte");
        assertEquals("INVALID_RECORD", header(dead.get(1).headers().lastHeader("dlq-reason-code")));
        assertTrue(header(dead.get(1).headers().lastHeader("dlq-reason")).contains("JSON"));
        assertEquals("INVALID_SESSION_ID", header(dead.get(2).headers().lastHeader("dlq-reason-code")));
        assertEquals(SessionStatus.State.OPEN, status().getState(), "the topology kept going");
    }

    @Test
    void anOutOfRangeTimeNeverStopsTheTopology() {
        Timestamp beyond = Timestamp.newBuilder().setSeconds(400_000_000_000L).build(); // past year 9999
        send(event(1).setMe(ME).setConnectionUpdate(update(ConnectionUpdate.State.OPEN, "")));
        send(event(2).setMessage(inbound("M1", 2, "hello").setTimestamp(beyond)));
        send(event(3).setMessage(inbound("M2", 3, "after it")));
        send(event(4).setMessage(inbound("M1", 2, "hello").setTimestamp(beyond))); // its copy
        send(event(5).setReceipt(ReceiptEvent.newBuilder().setType(ReceiptType.READ_SELF).setChat(ALICE)
                .setTimestamp(beyond)));
        assertEquals(2, status().getMessagesIn(), "a message with an out-of-range timestamp counts, once");
        assertEquals(at(5), chat(ALICE).getLastReadAt(), "a read at an out-of-range time is taken at the event's");
        assertEquals(0, chat(ALICE).getUnread());

        ProducerRecord<byte[], byte[]> r = encoder.encode(event(6).setOccurredAt(beyond)
                .setConnectionUpdate(update(ConnectionUpdate.State.CLOSED, "")).build());
        events.pipeInput(new TestRecord<>(r.key(), r.value(), r.headers(), T0.plusSeconds(6)));
        TestRecord<byte[], byte[]> dead = dlq.readRecord();
        assertEquals("INVALID_RECORD", header(dead.headers().lastHeader("dlq-reason-code")));
        assertTrue(header(dead.headers().lastHeader("dlq-reason")).contains("occurred_at is out of range"));
        send(event(7).setMessage(inbound("M3", 7, "still folding")));
        assertEquals(3, status().getMessagesIn(), "the topology kept going");
        assertEquals(SessionStatus.State.OPEN, status().getState());
    }

    @Test
    void jsonEventsAreReadAndEveryEventIsCopiedToItsTypedTopic() throws Exception {
        EventEncoder json = new EventEncoder("wabridge.events", WireFormat.JSON, "worker-2");
        ProducerRecord<byte[], byte[]> r = json.encode(event(1).setMe(ME)
                .setConnectionUpdate(update(ConnectionUpdate.State.OPEN, "")).build());
        events.pipeInput(new TestRecord<>(r.key(), r.value(), r.headers(), T0));
        assertEquals("worker-2", status().getWorker(), "the worker-id header of the newest event");
        assertEquals(SessionStatus.State.OPEN, status().getState());
        send(event(2).setMe(ME).setMessage(inbound("M1", 2, "hello")));
        TestOutputTopic<byte[], byte[]> connection = driver.createOutputTopic("wabridge.events.connection_update",
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        TestOutputTopic<byte[], byte[]> messages = driver.createOutputTopic("wabridge.events.message",
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        TestRecord<byte[], byte[]> copy = connection.readRecord();
        assertEquals(S, new String(copy.key(), StandardCharsets.US_ASCII));
        assertEquals(new String(r.value(), StandardCharsets.UTF_8), new String(copy.value(), StandardCharsets.UTF_8));
        assertEquals("application/json", header(copy.headers().lastHeader("content-type")));
        assertEquals("M1", EventEnvelope.parseFrom(messages.readRecord().value()).getMessage().getId());
        assertTrue(messages.isEmpty());
    }

    @Test
    void statusIsPublishedAsJsonWhenTheEventFormatIsJson() throws Exception {
        driver.close();
        settings = settings.withFormat(WireFormat.JSON);
        start();
        send(event(1).setMe(ME).setConnectionUpdate(update(ConnectionUpdate.State.OPEN, "")));
        TestRecord<byte[], byte[]> r = sessions.readRecord();
        assertEquals("application/json", header(r.headers().lastHeader("content-type")));
        SessionStatus.Builder parsed = SessionStatus.newBuilder();
        JsonFormat.parser().merge(new String(r.value(), StandardCharsets.UTF_8), parsed);
        assertEquals(SessionStatus.State.OPEN, parsed.getState());
    }

    // --- helpers ---

    private long seenReads() {
        return (long) registry.counter("wabridge.views.seen.reads").count();
    }

    private EventEnvelope.Builder event(int second) {
        return EventEnvelope.newBuilder().setEventId(String.format("01JTEST%019d", ids.incrementAndGet()))
                .setSessionId(S).setOccurredAt(at(second));
    }

    private static Timestamp at(int second) {
        return Timestamps.fromMillis(T0.plusSeconds(second).toEpochMilli());
    }

    private static Timestamp ts(int second) {
        return at(second);
    }

    private static ConnectionUpdate update(ConnectionUpdate.State state, String reason) {
        return ConnectionUpdate.newBuilder().setState(state).setReason(reason).build();
    }

    private static MessageEvent.Builder inbound(String id, int second, String text) {
        return MessageEvent.newBuilder().setId(id).setChat(ALICE).setSender(Sender.newBuilder().setPn(ALICE))
                .setTimestamp(at(second)).setContent(MessageContent.newBuilder().setText(text));
    }

    private static MessageEvent.Builder outbound(String id, int second, String text) {
        return inbound(id, second, text).setFromMe(true).setSender(Sender.newBuilder().setPn(ME.getPn()));
    }

    private static MessageEvent.Builder reaction(String id, int second, String target) {
        return inbound(id, second, "").setContent(MessageContent.newBuilder().setReaction(Reaction.newBuilder()
                .setTarget(MessageRef.newBuilder().setId(target)).setEmoji("+1")));
    }

    private void send(EventEnvelope.Builder e) {
        send(S, e);
    }

    private void send(String key, EventEnvelope.Builder e) {
        EventEnvelope built = e.build();
        ProducerRecord<byte[], byte[]> r = encoder.encode(built);
        long time = Timestamps.toMillis(built.getOccurredAt());
        events.pipeInput(new TestRecord<>(key.getBytes(StandardCharsets.US_ASCII), r.value(), r.headers(),
                Instant.ofEpochMilli(time)));
    }

    /** The ok result of a mark_read of {@code messages} ids in {@code chat}, as the bridge publishes it. */
    private static CommandResult.Builder markedRead(String chat, int messages) {
        return CommandResult.newBuilder().setOk(CommandResult.Ok.newBuilder().setMarkedRead(
                CommandResult.MarkedRead.newBuilder().setChat(chat).setMessageCount(messages)));
    }

    private KeyValueStore<String, byte[]> store(String name) {
        return driver.getKeyValueStore(name);
    }

    private long countStore(String name) {
        try (var it = store(name).all()) {
            long n = 0;
            while (it.hasNext()) {
                it.next();
                n++;
            }
            return n;
        }
    }

    private SessionStatus status() {
        try {
            byte[] v = store(ViewsSettings.SESSIONS_STORE).get(S);
            assertNotNull(v, "no status for " + S);
            return SessionStatus.parseFrom(v);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private ChatView chatOrNull(String chat) {
        try {
            byte[] v = store(ViewsSettings.CHATS_STORE).get(ViewsSettings.chatKey(S, chat));
            return v == null ? null : ChatView.parseFrom(v);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private ChatView chat(String chat) {
        ChatView c = chatOrNull(chat);
        assertNotNull(c, "no chat " + chat);
        return c;
    }

    private static String header(Header h) {
        assertNotNull(h);
        return new String(h.value(), StandardCharsets.UTF_8);
    }

}

package io.wabridge.client.signal.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.store.SenderKeyName;
import io.wabridge.client.store.SignalAddress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The rules that keep records read ahead true: what was written meanwhile is never kept, and idle holds nothing. */
class ReadAheadEntriesTest {

    private static final SignalAddress BOB = new SignalAddress("bob", 0);
    private static final SignalAddress CAROL = new SignalAddress("carol", 1);
    private static final byte[] RECORD = {1, 2, 3};

    private final AtomicInteger storeReads = new AtomicInteger();

    private Optional<byte[]> store(SignalAddress address) {
        storeReads.incrementAndGet();
        return Optional.of(new byte[] {9});
    }

    private static ReadAhead.Found sessions(long startedAt, Map<SignalAddress, byte[]> found) {
        return new ReadAhead.Found(startedAt, found, Map.of(), Map.of(), Map.of());
    }

    @Test
    void aRecordReadAheadIsServedWithoutTheStoreAndAnAbsentOneAnswersNone() {
        ReadAhead ahead = new ReadAhead();
        long started = ahead.open();
        ahead.install(sessions(started, Map.of(BOB, RECORD, CAROL, ReadAhead.ABSENT)));
        assertArrayEquals(RECORD, ahead.sessions.load(BOB, this::store).orElseThrow());
        assertTrue(ahead.sessions.load(CAROL, this::store).isEmpty());
        assertFalse(ahead.sessions.contains(CAROL, a -> true));
        assertEquals(0, storeReads.get());
        assertEquals(3, ahead.served());
    }

    @Test
    void aKeyWrittenWhileTheReadWasOutIsNotKeptAndAWriteDropsAKeptOne() {
        ReadAhead ahead = new ReadAhead();
        long started = ahead.open();
        ahead.sessions.written(BOB); // e.g. a synchronous flush stored Bob's session while the read was out
        ahead.install(sessions(started, Map.of(BOB, RECORD, CAROL, RECORD)));
        assertArrayEquals(new byte[] {9}, ahead.sessions.load(BOB, this::store).orElseThrow(), "asked the store");
        assertEquals(1, storeReads.get());

        ahead.sessions.written(CAROL);
        ahead.sessions.load(CAROL, this::store);
        assertEquals(2, storeReads.get(), "a written key is the store's (or pending) again");
    }

    @Test
    void aDeletedGroupDropsItsSenderKeysAndKeepsNoneReadBeforeTheDelete() {
        ReadAhead ahead = new ReadAhead();
        SenderKeyName key = new SenderKeyName("g@g.us", BOB);
        long started = ahead.open();
        ahead.groupDeleted("g@g.us");
        ahead.install(new ReadAhead.Found(started, Map.of(), Map.of(), Map.of(), Map.of(key, RECORD)));
        assertFalse(ahead.senderKeys.has(key));
    }

    @Test
    void entriesLiveUntilTheLastReadAheadClosesAndNothingIsKeptAfter() {
        ReadAhead ahead = new ReadAhead();
        long first = ahead.open();
        long second = ahead.open();
        ahead.install(sessions(first, Map.of(BOB, RECORD)));
        ahead.close();
        assertTrue(ahead.sessions.has(BOB), "the second read-ahead's work still needs it");
        ahead.install(sessions(second, Map.of(CAROL, RECORD)));
        ahead.close();
        assertFalse(ahead.sessions.has(BOB) || ahead.sessions.has(CAROL), "an idle account holds nothing");
        ahead.install(sessions(second, Map.of(BOB, RECORD))); // a read that came back after its work was done
        assertFalse(ahead.sessions.has(BOB));
        assertEquals(0, ahead.openCount());
    }

    @Test
    void aMissingPrekeyIsKnownMissingForTheWorkThatAskedOnlyAndAWriteDropsIt() {
        ReadAhead ahead = new ReadAhead();
        AtomicInteger reads = new AtomicInteger();
        java.util.function.Function<Integer, Optional<byte[]>> store = id -> {
            reads.incrementAndGet();
            return Optional.of(RECORD);
        };
        long batch = ahead.open();
        ahead.open(); // a send's, still open when the batch is done
        ahead.install(new ReadAhead.Found(batch, Map.of(), Map.of(), Map.of(7, ReadAhead.ABSENT, 8, ReadAhead.ABSENT),
                Map.of()));
        assertTrue(ahead.preKeys.load(7, store).isEmpty(), "known missing: no store read");
        assertFalse(ahead.preKeys.contains(7, id -> true));
        assertEquals(0, reads.get());
        ReadAhead.Keys again = ReadAhead.Keys.create();
        again.preKeys().add(7);
        ahead.removeKnown(again);
        assertTrue(again.preKeys().isEmpty(), "not read ahead again while known missing");

        ahead.preKeys.written(8); // stored through these stores: the store's again
        assertArrayEquals(RECORD, ahead.preKeys.load(8, store).orElseThrow());
        assertEquals(1, reads.get());

        ahead.close(); // the batch that asked is done; the send's read-ahead is still open
        assertTrue(ahead.preKeys.load(7, store).isPresent(), "a prekey the uploader stored since is found");
        assertEquals(2, reads.get());
    }

    @Test
    void aSessionOurFlushStoredIsKnownStoredWhileAReadAheadIsOpenAndAReadOutMeanwhileIsNotKept() {
        ReadAhead ahead = new ReadAhead();
        ahead.sessions.stored(BOB); // nothing open: nothing kept
        assertFalse(ahead.sessions.has(BOB));
        long started = ahead.open();
        ahead.sessions.stored(BOB);
        assertTrue(ahead.sessions.contains(BOB, a -> { throw new AssertionError("asked the store"); }));
        ahead.install(sessions(started, Map.of(BOB, ReadAhead.ABSENT))); // read before the flush landed
        assertTrue(ahead.sessions.contains(BOB, a -> { throw new AssertionError("asked the store"); }),
                "the older read does not replace what the flush stored");
        ahead.close();
        assertFalse(ahead.sessions.has(BOB));
    }
}

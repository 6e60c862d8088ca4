package io.wabridge.blobstore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link BlobStore} shares, run against each implementation by a subclass that provides a
 * fresh, empty store per test and a way to see (and make) leftovers of interrupted puts.
 */
public abstract class BlobStoreContract {

    /** A new empty store for one test (the subclass closes it). */
    protected abstract BlobStore store();

    /** Bytes larger than one write buffer of the store (several GridFS chunks, several S3 parts). */
    protected abstract int largeSize();

    /** Temporary objects, unfinished uploads and half-written files the store holds right now. */
    protected abstract int leftovers() throws Exception;

    /** Leaves what a put interrupted by a crash (no cleanup code ran) would leave behind. */
    protected abstract void leaveCrashedPut() throws Exception;

    @Test
    void putThenGetGivesTheSameBytesUnderTheirSha256() throws Exception {
        byte[] data = random(100_000, 1);
        BlobStore.PutResult put = store().put(new ByteArrayInputStream(data), "image/jpeg");
        assertTrue(put.created());
        assertEquals(sha256(data), put.blob().sha256());
        assertEquals(data.length, put.blob().size());
        assertEquals("image/jpeg", put.blob().mimetype());
        assertArrayEquals(data, read(put.blob().sha256(), 0));
        BlobInfo info = store().info(sha256(data)).orElseThrow();
        assertEquals(put.blob().size(), info.size());
        assertEquals("image/jpeg", info.mimetype());
        assertTrue(store().exists(sha256(data)));
    }

    @Test
    void aLargeBlobStreamsThroughInSeveralBuffers() throws Exception {
        byte[] data = random(largeSize(), 2);
        BlobStore.PutResult put = store().put(new ByteArrayInputStream(data), "video/mp4");
        assertEquals(sha256(data), put.blob().sha256());
        assertEquals(data.length, store().info(put.blob().sha256()).orElseThrow().size());
        assertArrayEquals(data, read(put.blob().sha256(), 0));
        assertEquals(0, leftovers());
    }

    @Test
    void anEmptyBlobAndTheDefaultMimetype() throws Exception {
        BlobStore.PutResult put = store().put(InputStream.nullInputStream(), null);
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", put.blob().sha256());
        assertEquals(0, put.blob().size());
        assertEquals(BlobInfo.DEFAULT_MIMETYPE, store().info(put.blob().sha256()).orElseThrow().mimetype());
        assertArrayEquals(new byte[0], read(put.blob().sha256(), 0));
    }

    @Test
    void readingFromAnOffsetSkipsTheBytesBefore() throws Exception {
        byte[] data = random(largeSize(), 3);
        String sha = store().put(new ByteArrayInputStream(data), "video/mp4").blob().sha256();
        for (int offset : new int[] {1, 70_000, data.length - 10, data.length}) {
            byte[] tail = read(sha, offset);
            assertEquals(data.length - offset, tail.length, "offset " + offset);
            assertArrayEquals(java.util.Arrays.copyOfRange(data, offset, data.length), tail, "offset " + offset);
        }
    }

    @Test
    void theSameBytesTwiceAreOneBlobWithARefreshedTime() throws Exception {
        byte[] data = random(5000, 4);
        BlobStore.PutResult first = store().put(new ByteArrayInputStream(data), "audio/ogg");
        Thread.sleep(1100); // S3 times have a resolution of one second
        BlobStore.PutResult second = store().put(new ByteArrayInputStream(data), "audio/ogg");
        assertTrue(first.created());
        assertFalse(second.created());
        assertEquals(first.blob().sha256(), second.blob().sha256());
        assertTrue(second.blob().createdAt().isAfter(first.blob().createdAt()),
                first.blob().createdAt() + " then " + second.blob().createdAt());
        assertEquals(List.of(first.blob().sha256()), store().olderThan(Instant.now().plusSeconds(60), 10));
        assertEquals(0, leftovers());
    }

    @Test
    void concurrentPutsOfTheSameBytesStoreOneBlob() throws Exception {
        byte[] data = random(300_000, 5);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<BlobStore.PutResult>> puts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                puts.add(pool.submit((Callable<BlobStore.PutResult>) () ->
                        store().put(new ByteArrayInputStream(data), "image/png")));
            }
            for (Future<BlobStore.PutResult> f : puts) {
                assertEquals(sha256(data), f.get().blob().sha256());
            }
        } finally {
            pool.shutdownNow();
        }
        assertArrayEquals(data, read(sha256(data), 0));
        assertEquals(List.of(sha256(data)), store().olderThan(Instant.now().plusSeconds(60), 10));
        assertTrue(store().delete(sha256(data)));
        assertFalse(store().exists(sha256(data)), "one delete removes the blob");
        assertEquals(0, leftovers());
    }

    @Test
    void oneByteOverTheLimitStoresNothing() throws Exception {
        byte[] data = random(largeSize(), 6);
        BlobTooLargeException e = assertThrows(BlobTooLargeException.class,
                () -> store().put(new ByteArrayInputStream(data), "video/mp4", data.length - 1));
        assertEquals(data.length - 1, e.maxBytes());
        assertFalse(store().exists(sha256(data)));
        assertEquals(List.of(), store().olderThan(Instant.now().plusSeconds(60), 10));
        assertEquals(0, leftovers());
        // exactly at the limit is fine
        assertEquals(sha256(data), store().put(new ByteArrayInputStream(data), "video/mp4", data.length).blob().sha256());
    }

    @Test
    void aSourceFailingMidwayStoresNothing() throws Exception {
        byte[] data = random(largeSize(), 7);
        int allowed = data.length - 1000;
        InputStream failing = new InputStream() {
            private int pos;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (pos >= allowed) {
                    throw new IOException("connection reset");
                }
                int n = Math.min(len, allowed - pos);
                System.arraycopy(data, pos, b, off, n);
                pos += n;
                return n;
            }
        };
        IOException e = assertThrows(IOException.class, () -> store().put(failing, "video/mp4"));
        assertTrue(String.valueOf(e.getMessage()).contains("connection reset")
                || e.getCause() != null && String.valueOf(e.getCause().getMessage()).contains("connection reset"), e.toString());
        assertEquals(List.of(), store().olderThan(Instant.now().plusSeconds(60), 10));
        assertEquals(0, leftovers());
    }

    @Test
    void unknownKeysAreEmptyAndDeletesAreIdempotent() throws Exception {
        String unknown = sha256(new byte[] {42});
        assertTrue(store().info(unknown).isEmpty());
        assertTrue(store().open(unknown).isEmpty());
        assertFalse(store().exists(unknown));
        assertFalse(store().delete(unknown));
        String sha = store().put(new ByteArrayInputStream(new byte[] {1, 2, 3}), "application/pdf").blob().sha256();
        assertTrue(store().delete(sha));
        assertFalse(store().delete(sha));
        assertTrue(store().open(sha).isEmpty());
    }

    @Test
    void keysThatAreNotLowercaseHexSha256AreRefused() {
        for (String bad : new String[] {"../../etc/passwd", "ABCDEF" + "0".repeat(58), "0".repeat(63), "tmp/x", ""}) {
            assertThrows(IllegalArgumentException.class, () -> store().info(bad), bad);
            assertThrows(IllegalArgumentException.class, () -> store().open(bad, 0), bad);
            assertThrows(IllegalArgumentException.class, () -> store().delete(bad), bad);
        }
    }

    @Test
    void olderThanListsOnlyBlobsPutBeforeTheCutoff() throws Exception {
        String a = store().put(new ByteArrayInputStream(random(10, 8)), null).blob().sha256();
        String b = store().put(new ByteArrayInputStream(random(20, 9)), null).blob().sha256();
        assertEquals(List.of(), store().olderThan(Instant.now().minus(Duration.ofHours(1)), 10));
        List<String> all = store().olderThan(Instant.now().plusSeconds(60), 10);
        assertEquals(2, all.size());
        assertTrue(all.containsAll(List.of(a, b)));
        assertEquals(1, store().olderThan(Instant.now().plusSeconds(60), 1).size());
    }

    @Test
    void cleanupDeletesBlobsPastRetentionAndCountsItsRuns() throws Exception {
        String old = store().put(new ByteArrayInputStream(random(10, 10)), null).blob().sha256();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Clock now = Clock.systemUTC();
        BlobCleanup keep = new BlobCleanup(store(), Duration.ofDays(1), Duration.ofHours(1), registry, now);
        assertEquals(new BlobCleanup.Run(0, 0), keep.runOnce());
        assertTrue(store().exists(old));

        Clock later = Clock.fixed(Instant.now().plus(Duration.ofDays(2)), ZoneOffset.UTC);
        BlobCleanup forever = new BlobCleanup(store(), Duration.ZERO, Duration.ofHours(1), registry, later);
        assertEquals(0, forever.runOnce().deleted(), "retention 0 keeps blobs forever");
        assertTrue(store().exists(old));

        BlobCleanup expire = new BlobCleanup(store(), Duration.ofDays(1), Duration.ofHours(1), registry, later);
        assertEquals(1, expire.runOnce().deleted());
        assertFalse(store().exists(old));
        assertEquals(3.0, registry.get("wabridge.media.cleanup.runs").tag("result", "ok").counter().count());
        assertEquals(1.0, registry.get("wabridge.media.cleanup.deleted").counter().count());
    }

    @Test
    void cleanupRemovesWhatACrashedPutLeftBehind() throws Exception {
        String kept = store().put(new ByteArrayInputStream(random(10, 11)), null).blob().sha256();
        leaveCrashedPut();
        assertTrue(leftovers() > 0, "the crashed put left something");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        BlobCleanup young = new BlobCleanup(store(), Duration.ZERO, Duration.ofHours(1), registry, Clock.systemUTC());
        assertEquals(0, young.runOnce().abandoned(), "a put younger than abandonedAfter may still be running");
        Clock later = Clock.fixed(Instant.now().plus(Duration.ofHours(2)), ZoneOffset.UTC);
        BlobCleanup cleanup = new BlobCleanup(store(), Duration.ZERO, Duration.ofHours(1), registry, later);
        assertTrue(cleanup.runOnce().abandoned() > 0);
        assertEquals(0, leftovers());
        assertTrue(store().exists(kept));
    }

    @Test
    void meteredStoreCountsNewBlobsBytesDuplicatesAndFailures() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        BlobStore metered = new MeteredBlobStore(store(), registry);
        byte[] data = random(1234, 12);
        metered.put(new ByteArrayInputStream(data), null);
        metered.put(new ByteArrayInputStream(data), null);
        assertThrows(BlobTooLargeException.class, () -> metered.put(new ByteArrayInputStream(data), null, 10));
        metered.delete(sha256(data));
        String kind = store().kind();
        assertEquals(1.0, registry.get("wabridge.media.blobs.stored").tag("store", kind).counter().count());
        assertEquals(1234.0, registry.get("wabridge.media.blobs.stored.bytes").tag("store", kind).counter().count());
        assertEquals(1.0, registry.get("wabridge.media.blobs.duplicates").counter().count());
        assertEquals(1.0, registry.get("wabridge.media.blobs.put.failed").tag("reason", "too_large").counter().count());
        assertEquals(1.0, registry.get("wabridge.media.blobs.deleted").counter().count());
    }

    protected final byte[] read(String sha, long offset) throws IOException {
        try (InputStream in = store().open(sha, offset).orElseThrow()) {
            return in.readAllBytes();
        }
    }

    protected static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    protected static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}

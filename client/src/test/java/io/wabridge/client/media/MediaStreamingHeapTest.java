package io.wabridge.client.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

/**
 * A 100 MB file goes plaintext -> encryptor -> decryptor -> sink as one pipeline, generated and consumed on the fly
 * (never held anywhere), and the heap retained mid-stream stays within a few MiB of the heap before. Retained heap
 * after a full GC is what matters (allocation is not: fixed buffers are allocated once, but a JCE call may allocate
 * small temporaries); buffering the file anywhere in the pipeline would retain ~50 MB at the mid-point and fail.
 * Not a performance test: throughput is measured by bench/ MediaCryptoProbe.
 */
class MediaStreamingHeapTest {

    private static final long SIZE = 100L * 1024 * 1024 + 3;
    private static final long BOUND = 8L * 1024 * 1024;

    @Test
    void aHundredMegabyteFileStreamsThroughWithBoundedHeap() throws IOException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = retainedHeap(memory);
        MediaKeys keys = MediaKeys.derive(MediaKeys.newMediaKey(), MediaType.VIDEO);
        Generated plain = new Generated(SIZE);
        MediaEncryptingInputStream encryptor = new MediaEncryptingInputStream(plain, keys);
        Sink sink = new Sink(SIZE / 2, () -> retainedHeap(memory));

        MediaDigest decrypted = MediaCrypto.decrypt(encryptor, sink, keys, ExpectedMedia.NONE);
        assertEquals(SIZE, decrypted.fileLength());
        assertEquals(SIZE, sink.count);
        assertArrayEquals(plain.sha256.digest(), decrypted.fileSha256(), "what came out is what went in");
        assertArrayEquals(sink.sha256.digest(), decrypted.fileSha256());
        assertEquals(encryptor.digest(), decrypted);
        assertTrue(sink.midStreamHeap > 0, "heap measured mid-stream");
        long growth = sink.midStreamHeap - before;
        assertTrue(growth < BOUND, "heap grew by " + growth / 1024 + " KiB mid-stream (bound " + BOUND / 1024
                + " KiB); something buffers the file");
    }

    private static long retainedHeap(MemoryMXBean memory) {
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** Deterministic pseudo-random bytes generated on read (xorshift), hashed as they are handed out. */
    private static final class Generated extends InputStream {
        private final long size;
        private final MessageDigest sha256 = MediaCrypto.sha256();
        private long produced;
        private long state = 0x9E3779B97F4A7C15L;

        Generated(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (produced == size) {
                return -1;
            }
            int n = (int) Math.min(len, size - produced);
            for (int i = 0; i < n; i++) {
                if ((i & 7) == 0) {
                    state ^= state << 13;
                    state ^= state >>> 7;
                    state ^= state << 17;
                }
                b[off + i] = (byte) (state >>> ((i & 7) << 3));
            }
            sha256.update(b, off, n);
            produced += n;
            return n;
        }
    }

    /** Counts and hashes what it receives, and measures the retained heap once, at {@code measureAt}. */
    private static final class Sink extends OutputStream {
        private final long measureAt;
        private final java.util.function.LongSupplier heap;
        private final MessageDigest sha256 = MediaCrypto.sha256();
        private long count;
        private long midStreamHeap;

        Sink(long measureAt, java.util.function.LongSupplier heap) {
            this.measureAt = measureAt;
            this.heap = heap;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            sha256.update(b, off, len);
            if (count < measureAt && count + len >= measureAt) {
                midStreamHeap = heap.getAsLong();
            }
            count += len;
        }
    }
}

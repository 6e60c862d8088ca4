package io.wabridge.simulator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.binary.Node;
import io.wabridge.client.media.MediaConn;
import io.wabridge.client.media.MediaConnCache;
import io.wabridge.client.media.MediaDigest;
import io.wabridge.client.media.MediaSettings;
import io.wabridge.client.media.MediaSource;
import io.wabridge.client.media.MediaTls;
import io.wabridge.client.media.MediaTransfer;
import io.wabridge.client.media.MediaType;
import io.wabridge.client.media.UploadedMedia;
import io.wabridge.simulator.media.MediaServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A 100 MB video goes up to the simulator's HTTPS media host and back down through {@link MediaTransfer} (real
 * HTTP client, real TLS, real media crypto) in a child JVM with a 48 MiB heap: holding the file anywhere would not
 * fit, so the transfer failing or the child running out of heap fails the test. The media server holds each
 * transfer half way (it stops reading, or sending) while the child measures its live heap after a full GC, which
 * must stay within 16 MiB of the idle heap (the target): nothing the transfer keeps grows with the file.
 * The bytes are generated on read and only hashed on arrival, so neither side stores a plaintext copy.
 *
 * <p>The peak heap (garbage included) is bounded through what makes it: the bytes the transferring thread allocates
 * ({@code ThreadMXBean.getCurrentThreadAllocatedBytes}: TLS, HTTP framing, crypto all run on it) per byte moved must
 * stay under {@value #MAX_ALLOCATED_PER_BYTE} (our {@code MediaHttp} allocates a few KiB per transfer; the JDK's
 * {@code HttpClient} it replaced allocated about 4.5 bytes per byte moved). Not a performance test (throughput:
 * bench/ MediaTransferProbe).
 */
class MediaTransferHeapTest {
    private static final long SIZE = 100_000_000L + 7;
    private static final long BOUND = 16L * 1024 * 1024;
    private static final Pattern RESULT = Pattern.compile("HEAP idle=(\\d+) upload=(\\d+) download=(\\d+)");
    private static final Pattern ALLOCATED = Pattern.compile("ALLOCATED upload=(-?\\d+) download=(-?\\d+)");
    /** Bytes the transferring thread may allocate per byte moved (generous: a few KiB per transfer is expected). */
    private static final double MAX_ALLOCATED_PER_BYTE = 0.25;

    @Test
    void aHundredMegabyteVideoGoesUpAndDownInA48MegabyteHeapKeepingNothingThatGrowsWithIt() throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        Process child = new ProcessBuilder(java.toString(), "-Xmx48m", "-XX:+UseG1GC", "-cp", classpath,
                MediaTransferHeapTest.class.getName(), Long.toString(SIZE)).redirectErrorStream(true).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = child.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(output unreadable: " + e + ")";
            }
        });
        try {
            assertTrue(child.waitFor(10, TimeUnit.MINUTES), "the child did not finish in 10 minutes");
        } finally {
            child.destroyForcibly();
        }
        String out = output.get(1, TimeUnit.MINUTES);
        assertEquals(0, child.exitValue(), "the 100 MB transfer failed in a 48 MiB heap:\n" + tail(out));
        Matcher m = RESULT.matcher(out);
        assertTrue(m.find(), "no heap figures in the child's output:\n" + tail(out));
        long idle = Long.parseLong(m.group(1));
        long upload = Long.parseLong(m.group(2));
        long download = Long.parseLong(m.group(3));
        System.out.printf("100 MB in a 48 MiB heap: idle %.1f MiB live; half way through the upload %+.1f MiB,"
                + " the download %+.1f MiB%n", idle / 1048576.0, (upload - idle) / 1048576.0,
                (download - idle) / 1048576.0);
        assertTrue(upload - idle < BOUND, "live heap grew by " + (upload - idle) / 1024
                + " KiB half way through the upload (bound " + BOUND / 1024 + " KiB)");
        assertTrue(download - idle < BOUND, "live heap grew by " + (download - idle) / 1024
                + " KiB half way through the download (bound " + BOUND / 1024 + " KiB)");
        Matcher a = ALLOCATED.matcher(out);
        assertTrue(a.find(), "no allocation figures in the child's output:\n" + tail(out));
        double upPerByte = Long.parseLong(a.group(1)) / (double) SIZE;
        double downPerByte = Long.parseLong(a.group(2)) / (double) SIZE;
        System.out.printf("allocated by the transferring thread per byte moved: upload %.4f, download %.4f%n",
                upPerByte, downPerByte);
        assertTrue(upPerByte >= 0 && upPerByte < MAX_ALLOCATED_PER_BYTE, "the upload allocated " + upPerByte
                + " bytes per byte moved (bound " + MAX_ALLOCATED_PER_BYTE + ")");
        assertTrue(downPerByte >= 0 && downPerByte < MAX_ALLOCATED_PER_BYTE, "the download allocated "
                + downPerByte + " bytes per byte moved (bound " + MAX_ALLOCATED_PER_BYTE + ")");
    }

    private static String tail(String out) {
        return out.length() <= 4000 ? out : out.substring(out.length() - 4000);
    }

    /** The child: {@code MediaTransferHeapTest <bytes>}; prints {@code HEAP idle=.. upload=.. download=..}. */
    public static void main(String[] args) throws Exception {
        long size = Long.parseLong(args[0]);
        // platform threads: the JDK counts allocated bytes per platform thread only
        ExecutorService threads = Executors.newCachedThreadPool();
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] allocated = new long[2];
        try (MediaServer server = MediaServer.start()) {
            MediaSettings settings = MediaSettings.DEFAULTS.withTls(MediaTls.trustingPem(server.certificatePem()))
                    .withLimits(MediaType.VIDEO, new MediaSettings.Limits(1L << 30, Duration.ofMinutes(10)));
            try (MediaTransfer transfer = new MediaTransfer(settings)) {
                MediaConnCache conns = new MediaConnCache(() -> CompletableFuture.completedFuture(
                        server.mediaConnAnswer(Node.builder("iq").attr("id", "1").build())), Clock.systemUTC());
                MediaConn conn = conns.get().get(1, TimeUnit.MINUTES);
                // a small transfer first: HTTP client, TLS and classes are loaded before the idle heap is taken
                UploadedMedia warm = transfer.upload(conns, MediaType.VIDEO, MediaSource.ofBytes(new byte[200_000]));
                transfer.download(conn, MediaType.VIDEO, warm.blob(), OutputStream.nullOutputStream());
                long idle = liveHeap();

                Generated source = new Generated(size);
                MediaServer.Hold upHold = server.holdNextUpload(size / 2);
                Future<UploadedMedia> up = threads.submit(() -> {
                    long before = mx.getCurrentThreadAllocatedBytes();
                    UploadedMedia result = transfer.upload(conns, MediaType.VIDEO, source);
                    allocated[0] = mx.getCurrentThreadAllocatedBytes() - before;
                    return result;
                });
                long midUpload = midStream(upHold, up);
                UploadedMedia uploaded = up.get(10, TimeUnit.MINUTES);

                HashingSink sink = new HashingSink();
                MediaServer.Hold downHold = server.holdNextDownload(size / 2);
                Future<MediaDigest> down = threads.submit(() -> {
                    long before = mx.getCurrentThreadAllocatedBytes();
                    MediaDigest result = transfer.download(conn, MediaType.VIDEO, uploaded.blob(), sink);
                    allocated[1] = mx.getCurrentThreadAllocatedBytes() - before;
                    return result;
                });
                long midDownload = midStream(downHold, down);
                MediaDigest digest = down.get(10, TimeUnit.MINUTES);
                if (digest.fileLength() != size || sink.count != size
                        || !Arrays.equals(sink.sha256.digest(), uploaded.blob().fileSha256())
                        || !Arrays.equals(digest.fileSha256(), source.sha256())) {
                    throw new IllegalStateException("what came down is not what went up");
                }
                System.out.println("HEAP idle=" + idle + " upload=" + midUpload + " download=" + midDownload);
                System.out.println("ALLOCATED upload=" + allocated[0] + " download=" + allocated[1]);
            }
        } finally {
            threads.shutdownNow();
        }
        System.exit(0); // HTTP client threads must not keep the child alive
    }

    /** Waits (polling the transfer for an early failure) until the server holds it, then takes the live heap. */
    private static long midStream(MediaServer.Hold hold, Future<?> transfer) throws Exception {
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (!hold.awaitHeld(Duration.ofMillis(200))) {
                if (transfer.isDone()) {
                    transfer.get();
                    throw new IllegalStateException("the transfer ended before the server held it");
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the transfer never got half way");
                }
            }
            return liveHeap();
        } finally {
            hold.release();
        }
    }

    private static long liveHeap() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deterministic pseudo-random bytes made on read (xorshift), the same each time it is opened; never stored. */
    private static final class Generated implements MediaSource {
        private final long size;
        private volatile byte[] sha256;

        Generated(long size) {
            this.size = size;
        }

        byte[] sha256() {
            return sha256;
        }

        @Override
        public InputStream open() {
            return new InputStream() {
                private final MessageDigest digest = MediaTransferHeapTest.sha256();
                private long produced;
                private long state = 0x9E3779B97F4A7C15L;

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
                        long position = produced + i; // bytes depend on their position only, not on read sizes
                        if ((position & 7) == 0) {
                            state ^= state << 13;
                            state ^= state >>> 7;
                            state ^= state << 17;
                        }
                        b[off + i] = (byte) (state >>> ((position & 7) << 3));
                    }
                    digest.update(b, off, n);
                    produced += n;
                    if (produced == size) {
                        sha256 = digest.digest();
                    }
                    return n;
                }
            };
        }

        @Override
        public long length() {
            return size;
        }

        @Override
        public boolean reopenable() {
            return true;
        }
    }

    /** Counts and hashes what it receives (provisional plaintext), keeps none of it. */
    private static final class HashingSink extends OutputStream {
        private final MessageDigest sha256 = MediaTransferHeapTest.sha256();
        private long count;

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            sha256.update(b, off, len);
            count += len;
        }
    }
}

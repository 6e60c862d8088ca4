package io.wabridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wabridge.bench.sidebyside.AgentProcess;
import io.wabridge.client.binary.Node;
import io.wabridge.client.media.MediaConn;
import io.wabridge.client.media.MediaConnCache;
import io.wabridge.client.media.MediaKeys;
import io.wabridge.client.media.MediaSettings;
import io.wabridge.client.media.MediaSource;
import io.wabridge.client.media.MediaTls;
import io.wabridge.client.media.MediaTransfer;
import io.wabridge.client.media.MediaType;
import io.wabridge.client.media.UploadedMedia;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Media transfer throughput over loopback HTTPS, side by side with OpenSSL on the same files in the same run:
 * <ul>
 *   <li>encrypt+upload: {@code MediaTransfer.upload} of a file (hash pass, then encrypt while the POST body streams)
 *       to the simulator's media server in a process of its own ({@link MediaServerProcess}, which writes the blob
 *       to a file), so this JVM holds only the client side of TLS
 *   <li>download+decrypt: {@code MediaTransfer.downloadToFile} (GET, verify and decrypt while streaming, temp file
 *       moved into place)
 *   <li>openssl: {@code openssl enc [-d] -aes-256-cbc} plus {@code openssl dgst -sha256}, file to file
 * </ul>
 * Plaintext MB (10^6 bytes) per second of wall time, median [range] of the rounds after a warm-up; this process's
 * CPU time per MB and the bytes the transferring thread allocated per byte moved. Then the heap:
 * used heap after GC at idle; the live heap (after GC) while one more upload and one more download of the largest
 * size are held half way by the media server (it stops reading, or sending, until measured): what a transfer keeps,
 * which must not grow with the file; and the peak used heap sampled every 2 ms meanwhile (garbage included; the
 * media server's allocations are in its own process). Run it with a small heap to show the transfer needs none: {@code -Xmx48m}.
 * <pre>
 *   java -Xmx48m -cp bench/target/benchmarks.jar io.wabridge.bench.MediaTransferProbe [rounds=3] [sizesMB=10,100]
 * </pre>
 */
public final class MediaTransferProbe {

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int[] sizes = Arrays.stream((args.length > 1 ? args[1] : "10,100").split(",")).mapToInt(Integer::parseInt)
                .toArray();
        Path dir = Files.createTempDirectory("media-transfer-probe");
        System.out.println("load average at start: " + ProbeSupport.loadAverage() + ", cores "
                + Runtime.getRuntime().availableProcessors() + ", " + Runtime.version() + ", max heap "
                + Runtime.getRuntime().maxMemory() / 1048576 + " MiB");
        try (AgentProcess server = AgentProcess.start("media server", Path.of("."), List.of(
                ProcessHandle.current().info().command().orElse("java"), "-cp", System.getProperty("java.class.path"),
                MediaServerProcess.class.getName()))) {
            JsonNode ready = server.next(Duration.ofMinutes(2));
            MediaSettings settings = MediaSettings.DEFAULTS
                    .withTls(MediaTls.trustingPem(ready.get("certificatePem").asText()))
                    .withLimits(MediaType.VIDEO, new MediaSettings.Limits(1L << 30, Duration.ofMinutes(10)));
            String host = ready.get("host").asText();
            // the media_conn answer the simulator would send over the noise socket
            Node answer = Node.builder("iq").children(List.of(Node.builder("media_conn")
                    .attr("auth", ready.get("auth").asText()).attr("ttl", 3600)
                    .children(List.of(Node.builder("host").attr("hostname", host).build())).build())).build();
            try (MediaTransfer transfer = new MediaTransfer(settings)) {
                MediaConnCache conns = new MediaConnCache(() -> CompletableFuture.completedFuture(answer),
                        Clock.systemUTC());
                MediaConn conn = conns.get().join();
                Path last = null;
                for (int mb : sizes) {
                    last = run(dir, mb, rounds, transfer, conns, conn);
                }
                heap(dir, sizes[sizes.length - 1], server, transfer, conns, conn, last);
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
        System.out.println("load average at end: " + ProbeSupport.loadAverage());
    }

    private static Path run(Path dir, int mb, int rounds, MediaTransfer transfer, MediaConnCache conns,
                            MediaConn conn) throws Exception {
        long size = mb * 1_000_000L;
        Path plain = dir.resolve("plain-" + mb);
        ProbeSupport.randomFile(plain, size, mb);
        Path dec = dir.resolve("dec-" + mb);
        Path osslEnc = dir.resolve("ossl-enc-" + mb);
        Path osslDec = dir.resolve("ossl-dec-" + mb);
        MediaKeys keys = MediaKeys.derive(MediaKeys.newMediaKey(), MediaType.VIDEO);
        String key = HexFormat.of().formatHex(keys.cipherKey());
        String iv = HexFormat.of().formatHex(keys.iv());
        List<Double> up = new ArrayList<>();
        List<Double> down = new ArrayList<>();
        List<Double> sslEnc = new ArrayList<>();
        List<Double> sslDec = new ArrayList<>();
        List<Double> upCpu = new ArrayList<>();
        List<Double> downCpu = new ArrayList<>();
        List<Double> upAlloc = new ArrayList<>();
        List<Double> downAlloc = new ArrayList<>();
        for (int r = 0; r <= rounds; r++) {
            long c0 = processCpu();
            long a0 = THREADS.getCurrentThreadAllocatedBytes();
            long t0 = System.nanoTime();
            UploadedMedia uploaded = transfer.upload(conns, MediaType.VIDEO, MediaSource.ofPath(plain));
            long t1 = System.nanoTime();
            long c1 = processCpu();
            long a1 = THREADS.getCurrentThreadAllocatedBytes();
            transfer.downloadToFile(conn, MediaType.VIDEO, uploaded.blob(), dec);
            long t2 = System.nanoTime();
            long c2 = processCpu();
            long a2 = THREADS.getCurrentThreadAllocatedBytes();
            ProbeSupport.exec("openssl", "enc", "-aes-256-cbc", "-K", key, "-iv", iv, "-in", plain.toString(),
                    "-out", osslEnc.toString());
            ProbeSupport.exec("openssl", "dgst", "-sha256", plain.toString());
            long t3 = System.nanoTime();
            ProbeSupport.exec("openssl", "enc", "-d", "-aes-256-cbc", "-K", key, "-iv", iv, "-in",
                    osslEnc.toString(), "-out", osslDec.toString());
            ProbeSupport.exec("openssl", "dgst", "-sha256", osslEnc.toString());
            long t4 = System.nanoTime();
            if (r == 0) {
                if (Files.mismatch(plain, dec) != -1) {
                    throw new IllegalStateException("the downloaded file differs from the uploaded one");
                }
                continue;
            }
            up.add(ProbeSupport.mbps(size, t1 - t0));
            down.add(ProbeSupport.mbps(size, t2 - t1));
            sslEnc.add(ProbeSupport.mbps(size, t3 - t2));
            sslDec.add(ProbeSupport.mbps(size, t4 - t3));
            upCpu.add((c1 - c0) / 1e6 / (size / 1e6));
            downCpu.add((c2 - c1) / 1e6 / (size / 1e6));
            upAlloc.add((a1 - a0) / (double) size);
            downAlloc.add((a2 - a1) / (double) size);
        }
        System.out.printf("%d MB, %d rounds, MB/s median [min-max]: encrypt+upload %s vs openssl enc+dgst %s"
                        + " (%.2fx); download+decrypt %s vs openssl dec+dgst %s (%.2fx); load %s%n", mb, rounds,
                ProbeSupport.medianAndRange(up), ProbeSupport.medianAndRange(sslEnc),
                ProbeSupport.median(up) / ProbeSupport.median(sslEnc), ProbeSupport.medianAndRange(down),
                ProbeSupport.medianAndRange(sslDec), ProbeSupport.median(down) / ProbeSupport.median(sslDec),
                ProbeSupport.loadAverage());
        System.out.printf("%d MB, this process (client side only): CPU ms per MB upload %.2f, download %.2f;"
                        + " bytes allocated by the transferring thread per byte moved: upload %.4f, download %.4f%n",
                mb, ProbeSupport.median(upCpu), ProbeSupport.median(downCpu), ProbeSupport.median(upAlloc),
                ProbeSupport.median(downAlloc));
        for (Path p : List.of(dec, osslEnc, osslDec)) {
            Files.deleteIfExists(p);
        }
        return plain;
    }

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void heap(Path dir, int mb, AgentProcess server, MediaTransfer transfer, MediaConnCache conns,
                             MediaConn conn, Path plain) throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long idle = ProbeSupport.usedHeapAfterGc();
        AtomicLong peak = new AtomicLong(idle);
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (sampling.get()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        long half = Files.size(plain) / 2;
        // the server stops reading the upload half way: the live heap is measured while the transfer is under way
        server.command(JSON.createObjectNode().put("command", "hold-upload").put("at", half));
        CompletableFuture<UploadedMedia> upload = CompletableFuture.supplyAsync(() -> {
            try {
                return transfer.upload(conns, MediaType.VIDEO, MediaSource.ofPath(plain));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, TRANSFERS);
        long midUpload = midStream(server, upload);
        UploadedMedia uploaded = upload.get();
        server.command(JSON.createObjectNode().put("command", "hold-download").put("at", half));
        CompletableFuture<Void> download = CompletableFuture.runAsync(() -> {
            try {
                transfer.downloadToFile(conn, MediaType.VIDEO, uploaded.blob(), dir.resolve("heap-dec"));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, TRANSFERS);
        long midDownload = midStream(server, download);
        download.get();
        sampling.set(false);
        sampler.join();
        if (Files.mismatch(plain, dir.resolve("heap-dec")) != -1) {
            throw new IllegalStateException("the downloaded file differs from the uploaded one");
        }
        Files.deleteIfExists(dir.resolve("heap-dec"));
        long after = ProbeSupport.usedHeapAfterGc();
        System.out.printf("RESULT heap, %d MB upload+download (client only; the media server in its own process):"
                        + " idle %.1f MiB"
                        + " after GC; live (after GC) held half way through the upload %.1f MiB (%+.1f MiB), half way"
                        + " through the download %.1f MiB (%+.1f MiB); peak used %.1f MiB (%+.1f MiB, garbage"
                        + " included); %.1f MiB after GC once done; max heap %d MiB; load %s%n", mb, mib(idle),
                mib(midUpload), mib(midUpload - idle), mib(midDownload), mib(midDownload - idle), mib(peak.get()),
                mib(peak.get() - idle), mib(after), Runtime.getRuntime().maxMemory() / 1048576,
                ProbeSupport.loadAverage());
    }

    /** Waits until the server holds the transfer half way, measures the live heap, lets it go on. */
    private static long midStream(AgentProcess server, CompletableFuture<?> transfer) throws Exception {
        try {
            while (server.poll(Duration.ofMillis(200)) == null) {
                if (transfer.isDone()) {
                    transfer.get(); // failed (or finished without being held): say why
                    throw new IllegalStateException("the transfer ended before the server held it");
                }
            }
            return ProbeSupport.usedHeapAfterGc();
        } finally {
            server.command(JSON.createObjectNode().put("command", "release"));
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Platform threads: the JDK counts allocated bytes per platform thread only. */
    private static final java.util.concurrent.ExecutorService TRANSFERS = java.util.concurrent.Executors
            .newCachedThreadPool(r -> Thread.ofPlatform().daemon().unstarted(r));

    private static double mib(long bytes) {
        return bytes / 1048576.0;
    }
}

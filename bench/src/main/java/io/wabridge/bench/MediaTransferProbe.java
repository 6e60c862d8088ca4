package io.wabridge.bench;

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
import io.wabridge.simulator.media.MediaServer;
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
 *       to the simulator's media server in the same JVM (which writes the blob to a file)
 *   <li>download+decrypt: {@code MediaTransfer.downloadToFile} (GET, verify and decrypt while streaming, temp file
 *       moved into place)
 *   <li>openssl: {@code openssl enc [-d] -aes-256-cbc} plus {@code openssl dgst -sha256}, file to file
 * </ul>
 * Plaintext MB (10^6 bytes) per second of wall time, median [range] of the rounds after a warm-up. Then the heap:
 * used heap after GC at idle, and the peak used heap sampled every 2 ms during one more upload+download of the
 * largest size (the media server's own allocations included). Run it with a small heap to show the transfer needs
 * none: {@code -Xmx48m}.
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
        try (MediaServer server = MediaServer.start()) {
            MediaSettings settings = MediaSettings.DEFAULTS
                    .withTls(MediaTls.trustingPem(server.certificatePem()))
                    .withLimits(MediaType.VIDEO, new MediaSettings.Limits(1L << 30, Duration.ofMinutes(10)));
            try (MediaTransfer transfer = new MediaTransfer(settings)) {
                MediaConnCache conns = new MediaConnCache(() -> CompletableFuture.completedFuture(
                        server.mediaConnAnswer(Node.builder("iq").attr("id", "1").build())), Clock.systemUTC());
                MediaConn conn = conns.get().join();
                Path last = null;
                for (int mb : sizes) {
                    last = run(dir, mb, rounds, transfer, conns, conn);
                }
                heap(dir, sizes[sizes.length - 1], transfer, conns, conn, last);
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
        for (int r = 0; r <= rounds; r++) {
            long t0 = System.nanoTime();
            UploadedMedia uploaded = transfer.upload(conns, MediaType.VIDEO, MediaSource.ofPath(plain));
            long t1 = System.nanoTime();
            transfer.downloadToFile(conn, MediaType.VIDEO, uploaded.blob(), dec);
            long t2 = System.nanoTime();
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
        }
        System.out.printf("%d MB, %d rounds, MB/s median [min-max]: encrypt+upload %s vs openssl enc+dgst %s"
                        + " (%.2fx); download+decrypt %s vs openssl dec+dgst %s (%.2fx); load %s%n", mb, rounds,
                ProbeSupport.medianAndRange(up), ProbeSupport.medianAndRange(sslEnc),
                ProbeSupport.median(up) / ProbeSupport.median(sslEnc), ProbeSupport.medianAndRange(down),
                ProbeSupport.medianAndRange(sslDec), ProbeSupport.median(down) / ProbeSupport.median(sslDec),
                ProbeSupport.loadAverage());
        for (Path p : List.of(dec, osslEnc, osslDec)) {
            Files.deleteIfExists(p);
        }
        return plain;
    }

    private static void heap(Path dir, int mb, MediaTransfer transfer, MediaConnCache conns, MediaConn conn,
                             Path plain) throws Exception {
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
        UploadedMedia uploaded = transfer.upload(conns, MediaType.VIDEO, MediaSource.ofPath(plain));
        transfer.downloadToFile(conn, MediaType.VIDEO, uploaded.blob(), dir.resolve("heap-dec"));
        sampling.set(false);
        sampler.join();
        long after = ProbeSupport.usedHeapAfterGc();
        System.out.printf("heap, %d MB upload+download: idle %.1f MiB after GC, peak used %.1f MiB (+%.1f MiB,"
                        + " garbage included), %.1f MiB after GC; max heap %d MiB%n", mb, idle / 1048576.0,
                peak.get() / 1048576.0, (peak.get() - idle) / 1048576.0, after / 1048576.0,
                Runtime.getRuntime().maxMemory() / 1048576);
    }
}

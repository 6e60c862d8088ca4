package io.wabridge.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.wabridge.blobstore.BlobStore;
import io.wabridge.blobstore.FileSystemBlobStore;
import io.wabridge.blobstore.GridFsBlobStore;
import io.wabridge.embedded.EmbeddedMongo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Blob store throughput and heap: put (file on disk -> store, hashing while writing) and get (store -> discarded) in
 * MB/s (10^6 bytes per second of wall time, median and range of the rounds after a warm-up), for the filesystem store
 * and GridFS (the real MongoDB driver against the H2-file-backed Mongo-wire server of {@code ./wabridge demo}, run in
 * a child JVM), and the peak used heap above the idle baseline while a put runs (sampled every millisecond; garbage
 * not yet collected counts, so it is an upper bound of what the put holds; G1 counts eden by whole regions, 1 MiB at
 * a 64 MiB heap, so a put allocating less shows 0). Run it with a small {@code -Xmx} to show the heap does not grow
 * with the blob:
 * <pre>
 *   java -Xmx64m -cp bench/target/benchmarks.jar io.wabridge.bench.BlobStoreProbe [rounds=3] [sizesMB=10,100] [stores=fs,gridfs] [dir=tmp]
 * </pre>
 * The GridFS throughput is mostly the Mongo-wire server's (BSON documents in an H2 MVStore, on the same cores):
 * a real mongod is faster.
 */
public final class BlobStoreProbe {

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("--mongo-server")) {
            EmbeddedMongo mongo = EmbeddedMongo.persistent(Path.of(args[1]), 0).start();
            System.out.println(mongo.connectionString());
            System.out.flush();
            Thread.currentThread().join(); // until the probe destroys this process
        }
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int[] sizes = Arrays.stream((args.length > 1 ? args[1] : "10,100").split(",")).mapToInt(Integer::parseInt)
                .toArray();
        List<String> stores = List.of((args.length > 2 ? args[2] : "fs,gridfs").split(","));
        Path dir = Files.createTempDirectory(args.length > 3 ? Path.of(args[3])
                : Path.of(System.getProperty("java.io.tmpdir")), "blob-probe");
        System.out.println("load average at start: " + ProbeSupport.loadAverage() + ", cores "
                + Runtime.getRuntime().availableProcessors() + ", max heap "
                + Runtime.getRuntime().maxMemory() / 1048576 + " MiB, " + Runtime.version());
        try {
            for (String kind : stores) {
                switch (kind) {
                    case "fs" -> run(kind, new FileSystemBlobStore(dir.resolve("fs")), dir, sizes, rounds);
                    case "gridfs" -> {
                        Process server = mongoServer(dir.resolve("mongo").resolve("probe.mv"));
                        try (MongoClient client = MongoClients.create(server.inputReader().readLine().strip())) {
                            run(kind, new GridFsBlobStore(client.getDatabase("probe"), "media"), dir, sizes, rounds);
                        } finally {
                            server.destroy();
                            server.waitFor();
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown store " + kind + " (fs, gridfs)");
                }
            }
        } finally {
            delete(dir);
        }
        System.out.println("load average at end: " + ProbeSupport.loadAverage());
    }

    private static void run(String kind, BlobStore store, Path dir, int[] sizes, int rounds) throws Exception {
        for (int mb : sizes) {
            long size = mb * 1_000_000L;
            Path source = dir.resolve("source-" + mb);
            ProbeSupport.randomFile(source, size, mb);
            List<Double> puts = new ArrayList<>();
            List<Double> gets = new ArrayList<>();
            long peak = 0;
            for (int r = 0; r <= rounds; r++) { // round 0 warms up and is not counted
                long baseline = ProbeSupport.usedHeapAfterGc();
                HeapSampler sampler = new HeapSampler();
                long t0 = System.nanoTime();
                String sha;
                try (InputStream in = Files.newInputStream(source)) {
                    sha = store.put(in, "video/mp4").blob().sha256();
                }
                long t1 = System.nanoTime();
                long putPeak = sampler.stop() - baseline;
                long read;
                try (InputStream in = store.open(sha).orElseThrow()) {
                    read = in.transferTo(OutputStream.nullOutputStream());
                }
                long t2 = System.nanoTime();
                if (read != size) {
                    throw new IllegalStateException("read " + read + " of " + size + " bytes");
                }
                store.delete(sha); // the next round stores the bytes anew instead of finding them
                if (r == 0) {
                    continue;
                }
                puts.add(ProbeSupport.mbps(size, t1 - t0));
                gets.add(ProbeSupport.mbps(size, t2 - t1));
                peak = Math.max(peak, putPeak);
            }
            System.out.printf("%s %d MB, %d rounds, MB/s median [min-max]: put %s, get %s; peak heap during put"
                    + " %.1f MiB above idle; load %s%n", kind, mb, rounds, ProbeSupport.medianAndRange(puts), ProbeSupport.medianAndRange(gets), peak / 1048576.0,
                    ProbeSupport.loadAverage());
            Files.deleteIfExists(source);
        }
        store.close();
    }

    /**
     * The H2-file-backed Mongo-wire server in a child JVM (1 GiB heap: the server materialises query results), so the
     * probe's heap figures are the client's alone; its first output line is its connection string.
     */
    private static Process mongoServer(Path file) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                BlobStoreProbe.class.getName(), "--mongo-server", file.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Samples the used heap every millisecond on a daemon thread until stopped; returns the highest sample. */
    private static final class HeapSampler {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong max = new AtomicLong();
        private final Thread thread;

        HeapSampler() {
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            thread = Thread.ofPlatform().daemon().name("heap-sampler").start(() -> {
                while (running.get()) {
                    max.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        long stop() throws InterruptedException {
            running.set(false);
            thread.join();
            return max.get();
        }
    }

    private static void delete(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

}

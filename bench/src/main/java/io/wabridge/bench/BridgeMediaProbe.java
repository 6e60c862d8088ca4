package io.wabridge.bench;

import io.wabridge.bench.bridge.BridgePairing;
import io.wabridge.bench.bridge.BridgeTestbed;
import io.wabridge.bench.bridge.CommandProducer;
import io.wabridge.bench.bridge.EventStream;
import io.wabridge.bench.bridge.HarnessArgs;
import io.wabridge.bench.bridge.WorkerHeap;
import io.wabridge.blobstore.FileSystemBlobStore;
import io.wabridge.proto.v1.CommandEnvelope;
import io.wabridge.proto.v1.EventEnvelope;
import io.wabridge.proto.v1.Media;
import io.wabridge.proto.v1.MediaKind;
import io.wabridge.proto.v1.MessageContent;
import io.wabridge.proto.v1.SendMessage;
import io.wabridge.simulator.media.MediaServer;
import io.wabridge.testkit.cluster.WorkerProcess;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Media sent through the bridge: a worker process (the packaged jar) with one session paired to the simulator, and
 * {@code send_message} commands whose video is a blob in the worker's filesystem blob store ({@code blob_ref}). Each
 * command is timed from produced to {@code command_result ok} (the worker reads the blob from the store into its
 * encrypted upload spool file, uploads that to the simulator's HTTPS media host, then sends the message): plaintext MB (10^6 bytes)
 * per second. Receiving likewise: the contact sends a video of each size (uploaded to the media host beforehand),
 * timed from its send to the worker's {@code media_stored} (the message reaches the worker, which downloads it eagerly,
 * verifies and decrypts it into its spool file and puts it into the blob store). Then the worker's heap: its live objects ({@code jcmd GC.class_histogram}, which counts them after a
 * full GC; the classes grown most are printed) at idle, while one more send of the largest video is held half way
 * by the media host (it stops reading the upload), and while a video of that size from the contact is held half way
 * through the worker's eager download (it stops sending): what a transfer keeps, which must not grow with the file;
 * and the peak used heap (garbage included) its {@code /q/metrics} reported meanwhile, polled every 50 ms.
 * <pre>
 *   java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar io.wabridge.bench.BridgeMediaProbe \
 *       [--sizes 10,100] [--rounds 2] [--bridge-jar bridge/target/quarkus-app/quarkus-run.jar]
 *       [--worker-java-options '-Xmx256m'] [--worker-env K=V,...]
 * </pre>
 */
public final class BridgeMediaProbe {
    public static void main(String[] argv) throws Exception {
        HarnessArgs args = new HarnessArgs(argv);
        int rounds = Math.max(1, args.integer("rounds", 2));
        String[] sizes = args.string("sizes", "10,100").split(",");
        System.out.println("load average at start: " + ProbeSupport.loadAverage() + ", cores "
                + Runtime.getRuntime().availableProcessors());
        Path root = Files.createTempDirectory("bridge-media-probe");
        try (BridgeTestbed bed = BridgeTestbed.start(1, true)) {
            Path pem = root.resolve("media.pem");
            Files.writeString(pem, bed.mediaCertificatePem());
            Map<String, String> env = new HashMap<>(args.workerEnv());
            env.put("WABRIDGE_MEDIA_FS_ROOT", root.resolve("blobs").toString());
            env.put("WABRIDGE_MEDIA_WHATSAPP_TRUST_PEM", pem.toString());
            env.put("WABRIDGE_MEDIA_DOWNLOAD", "eager"); // the contact's video (heap, receiving) is stored at once
            try (WorkerProcess worker = bed.startWorker("worker", args.bridgeJar(), args.workerJvmOptions(), env);
                 CommandProducer commands = new CommandProducer(bed.bootstrapServers(), BridgeTestbed.COMMANDS);
                 EventStream events = new EventStream(bed.bootstrapServers(), BridgeTestbed.EVENTS);
                 FileSystemBlobStore store = new FileSystemBlobStore(root.resolve("blobs"))) {
                worker.awaitReady(Duration.ofMinutes(3));
                BridgePairing.pair(commands, events, 1, bed::account, 1, Duration.ofMinutes(5));
                Map<String, CompletableFuture<EventEnvelope>> results = new java.util.concurrent.ConcurrentHashMap<>();
                events.add((event, polled, produced) -> {
                    if (event.hasCommandResult()) {
                        CompletableFuture<EventEnvelope> f = results.get(event.getCausationId());
                        if (f != null) {
                            f.complete(event);
                        }
                    }
                });
                Map<String, CompletableFuture<EventEnvelope>> stored = new java.util.concurrent.ConcurrentHashMap<>();
                events.add((event, polled, produced) -> {
                    if (event.hasMediaStored() || event.hasMediaFailed()) {
                        String id = event.hasMediaStored() ? event.getMediaStored().getMessageId()
                                : event.getMediaFailed().getMessageId();
                        stored.computeIfAbsent(id, k -> new CompletableFuture<>()).complete(event);
                    }
                });
                String session = BridgeTestbed.sessionId(0);
                String to = bed.contact(0).jid().toString();
                String last = null;
                int n = 0;
                for (String s : sizes) {
                    int mb = Integer.parseInt(s.strip());
                    Path file = root.resolve("plain-" + mb);
                    ProbeSupport.randomFile(file, mb * 1_000_000L, mb);
                    String ref;
                    try (InputStream in = Files.newInputStream(file)) {
                        ref = store.put(in, "video/mp4").blob().sha256();
                    }
                    Files.delete(file);
                    last = ref;
                    java.util.List<Double> speeds = new java.util.ArrayList<>();
                    for (int r = 0; r <= rounds; r++) {
                        double seconds = send(commands, results, session, "media-" + (n++), to, ref);
                        if (r > 0) { // round 0 warms the path up
                            speeds.add(mb / seconds);
                        }
                    }
                    System.out.printf("RESULT %d MB video by blob_ref, send_message produced -> command_result ok:"
                                    + " %s MB/s (median [min-max] of %d rounds after a warm-up); load %s%n", mb,
                            ProbeSupport.medianAndRange(speeds), rounds, ProbeSupport.loadAverage());
                    java.util.List<Double> downs = new java.util.ArrayList<>();
                    for (int r = 0; r <= rounds; r++) {
                        double seconds = receive(bed, stored, mb * 1_000_000L, mb * 100L + r);
                        if (r > 0) {
                            downs.add(mb / seconds);
                        }
                    }
                    System.out.printf("RESULT %d MB video from the contact, sent -> media_stored (message to the"
                                    + " worker, eager download, verify+decrypt, blob store): %s MB/s (median [min-max]"
                                    + " of %d rounds after a warm-up); load %s%n", mb,
                            ProbeSupport.medianAndRange(downs), rounds, ProbeSupport.loadAverage());
                }
                long idle = WorkerHeap.usedAfterGc(worker);
                idleClasses = WorkerHeap.histogram(worker.pid());
                AtomicLong peak = new AtomicLong(idle);
                AtomicBoolean sampling = new AtomicBoolean(true);
                Thread sampler = Thread.ofPlatform().daemon().start(() -> {
                    while (sampling.get()) {
                        try {
                            peak.accumulateAndGet(WorkerHeap.used(worker), Math::max);
                            Thread.sleep(50);
                        } catch (Exception e) {
                            return;
                        }
                    }
                });
                String lastRef = last;
                long largest = Long.parseLong(sizes[sizes.length - 1].strip()) * 1_000_000L;
                // sending: the media host stops reading the upload half way; the worker's live heap is taken there
                MediaServer.Hold upHold = bed.media().server().holdNextUpload(largest / 2);
                CompletableFuture<Double> sending = CompletableFuture.supplyAsync(() -> {
                    try {
                        return send(commands, results, session, "media-heap", to, lastRef);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                long midUpload = midStream(worker, upHold, sending);
                sending.join();
                // receiving: the contact sends the video, the worker downloads it (eager), held half way likewise
                io.wabridge.client.message.content.Media m = contactVideo(bed, largest, -1);
                MediaServer.Hold downHold = bed.media().server().holdNextDownload(largest / 2);
                String id = bed.contact(0).send(bed.account(0).jid(), m);
                bed.media().sent(id, m);
                CompletableFuture<EventEnvelope> received = stored.computeIfAbsent(id, k -> new CompletableFuture<>());
                long midDownload = midStream(worker, downHold, received);
                EventEnvelope done = received.get(10, TimeUnit.MINUTES);
                if (!done.hasMediaStored()) {
                    throw new IllegalStateException("the received video was not stored: " + done);
                }
                sampling.set(false);
                sampler.join();
                long idleLive = total(idleClasses);
                System.out.printf("RESULT worker heap, one %s MB video sent then one received: live objects (class"
                                + " histogram after a full GC) idle %.1f MiB, held half way through the upload %.1f MiB"
                                + " (%+.1f MiB), half way through the download %.1f MiB (%+.1f MiB); used heap idle"
                                + " %.1f MiB after GC, peak used %.1f MiB (%+.1f MiB, garbage included); load %s%n",
                        sizes[sizes.length - 1].strip(), mib(idleLive), mib(midUpload), mib(midUpload - idleLive),
                        mib(midDownload), mib(midDownload - idleLive), mib(idle), mib(peak.get()),
                        mib(peak.get() - idle), ProbeSupport.loadAverage());
            }
        } finally {
            try (var walk = Files.walk(root)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.out.println("load average at end: " + ProbeSupport.loadAverage());
    }

    /** Waits until the media host holds the transfer half way, takes the worker's live heap, lets it go on. */
    /** The worker's live objects per class at idle, to show what a held transfer adds. */
    private static Map<String, long[]> idleClasses = Map.of();

    private static long midStream(WorkerProcess worker, MediaServer.Hold hold, CompletableFuture<?> transfer)
            throws Exception {
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (!hold.awaitHeld(Duration.ofMillis(200))) {
                if (transfer.isDone()) {
                    transfer.get();
                    throw new IllegalStateException("the transfer ended before the media host held it");
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the transfer never got half way");
                }
            }
            Map<String, long[]> now = WorkerHeap.histogram(worker.pid());
            long live = total(now);
            System.out.println("live classes grown most since idle (" + worker.name() + "): " + now.entrySet().stream()
                    .map(e -> Map.entry(e.getKey(), e.getValue()[1] - idleClasses.getOrDefault(e.getKey(),
                            new long[2])[1]))
                    .filter(e -> !e.getKey().contains("FillerElement"))
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(6)
                    .map(e -> e.getKey() + " " + e.getValue() / 1024 + " KiB").toList());
            return live;
        } finally {
            hold.release();
        }
    }

    /** Bytes of live objects in a class histogram (taken after a full GC); G1's filler arrays are free space. */
    private static long total(Map<String, long[]> histogram) {
        return histogram.entrySet().stream().filter(e -> !e.getKey().contains("FillerElement"))
                .mapToLong(e -> e.getValue()[1]).sum();
    }

    private static double mib(long bytes) {
        return bytes / 1048576.0;
    }

    /** A video of {@code size} random bytes (seeded: each differs, a stored file would be reused) the contact uploaded. */
    private static io.wabridge.client.message.content.Media contactVideo(BridgeTestbed bed, long size, long seed) {
        byte[] video = new byte[(int) size];
        new java.util.Random(seed).nextBytes(video);
        return bed.media().upload(io.wabridge.client.message.content.MediaKind.VIDEO, video,
                b -> b.mimetype("video/mp4"));
    }

    /** Seconds from the contact sending an uploaded video to the worker's media_stored for it. */
    private static double receive(BridgeTestbed bed, Map<String, CompletableFuture<EventEnvelope>> stored, long size,
                                  long seed) throws Exception {
        io.wabridge.client.message.content.Media m = contactVideo(bed, size, seed);
        long t0 = System.nanoTime();
        String id = bed.contact(0).send(bed.account(0).jid(), m);
        bed.media().sent(id, m);
        EventEnvelope done = stored.computeIfAbsent(id, k -> new CompletableFuture<>()).get(10, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (!done.hasMediaStored()) {
            throw new IllegalStateException("the received video was not stored: " + done);
        }
        return seconds;
    }

    private static double send(CommandProducer commands, Map<String, CompletableFuture<EventEnvelope>> results,
                               String session, String commandId, String to, String ref) throws Exception {
        CompletableFuture<EventEnvelope> result = new CompletableFuture<>();
        results.put(commandId, result);
        long t0 = System.nanoTime();
        commands.command(CommandEnvelope.newBuilder().setCommandId(commandId).setSessionId(session)
                .setSendMessage(SendMessage.newBuilder().setTo(to).setContent(MessageContent.newBuilder()
                        .setMedia(Media.newBuilder().setKind(MediaKind.MEDIA_KIND_VIDEO).setBlobRef(ref)))).build());
        commands.flush();
        EventEnvelope done = result.get(10, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (!done.getCommandResult().hasOk()) {
            throw new IllegalStateException("send " + commandId + " failed: " + done.getCommandResult());
        }
        return seconds;
    }
}

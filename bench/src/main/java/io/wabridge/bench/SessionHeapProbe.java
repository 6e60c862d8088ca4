package io.wabridge.bench;

import io.wabridge.bench.bridge.BridgePairing;
import io.wabridge.bench.bridge.BridgeTestbed;
import io.wabridge.bench.bridge.CommandProducer;
import io.wabridge.bench.bridge.EventStream;
import io.wabridge.bench.bridge.HarnessArgs;
import io.wabridge.bench.bridge.WorkerHeap;
import io.wabridge.client.message.content.Text;
import io.wabridge.proto.v1.EventEnvelope;
import io.wabridge.testkit.cluster.WorkerProcess;
import io.wabridge.testkit.cluster.WorkerSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Idle heap per connected session on ONE bridge worker (a child JVM running the packaged bridge), as a slope over
 * N: the Kafka broker, the Mongo-wire server and the simulator (the WhatsApp side of every connection) run in this
 * JVM, so the worker's heap holds only the bridge's side. Sessions pair through the Kafka contract (connect, QR,
 * the phone scans, OPEN) in steps; after each step the worker idles, is collected twice ({@code jcmd GC.run}) and
 * its used heap read from {@code /q/metrics}. The figure is the least-squares slope of used heap over N (fixed
 * costs do not count: the slope starts after {@code --warmup} sessions), with the worker's threads, file
 * descriptors and RSS. At the end a class histogram ({@code jcmd GC.class_histogram}) against the one taken after
 * the warm-up shows, per session, which objects the heap grew by. With {@code --exchange true} every session first
 * sends one text to its own simulated contact (real Signal) and receives one, so the figure includes what a session
 * keeps once it has messaged. The idle worker's CPU, threads, file descriptors and RSS follow; with
 * {@code --restart true} the worker is then stopped (SIGTERM) and a fresh one started, timed until it lists all N
 * sessions open again (resumed from MongoDB, paced by its resume settings).
 * <pre>
 *   java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar io.wabridge.bench.SessionHeapProbe \
 *       [--sessions 200] [--warmup 20] [--steps 4] [--pair-batch 50] [--idle-seconds 5] [--top 30]
 *       [--exchange false] [--restart false]
 *       [--worker-java-options '...': added after G1, C2 and -Xmx1g, e.g. a JFR recording] [--worker-env K=V,...]
 * </pre>
 */
public final class SessionHeapProbe {

    public static void main(String[] argv) throws Exception {
        HarnessArgs args = new HarnessArgs(argv);
        int sessions = args.integer("sessions", 200);
        int warmup = args.integer("warmup", 20);
        int steps = Math.max(1, args.integer("steps", 4));
        int batch = args.integer("pair-batch", 50);
        int idle = args.integer("idle-seconds", 5);
        int top = args.integer("top", 30);
        boolean exchange = Boolean.parseBoolean(args.string("exchange", "false"));
        boolean restart = Boolean.parseBoolean(args.string("restart", "false"));
        try (BridgeTestbed bed = BridgeTestbed.start(sessions, exchange);
             WorkerProcess worker = bed.startWorker("worker", args.bridgeJar(), args.workerJvmOptions(), args.workerEnv())) {
            worker.awaitReady(Duration.ofMinutes(3));
            System.out.printf("worker ready (pid %d, JVM options %s, log %s)%n", worker.pid(), args.workerJvmOptions(),
                    worker.log());
            try (CommandProducer commands = new CommandProducer(bed.bootstrapServers(), BridgeTestbed.COMMANDS);
                 EventStream events = new EventStream(bed.bootstrapServers(), BridgeTestbed.EVENTS)) {
                Thread.sleep(idle * 1000L);
                report(worker, 0, WorkerHeap.usedAfterGc(worker));

                BridgePairing pairing = new BridgePairing(commands);
                events.add(pairing);
                // The first sessions carry the worker's fixed costs (classes loaded, JIT, pools): not in the slope.
                pairing.pair(0, warmup, bed::account, batch, Duration.ofMinutes(5));
                if (exchange) {
                    Exchange.run(bed, commands, events, 0, warmup, "w");
                }
                Thread.sleep(idle * 1000L);
                List<long[]> points = new ArrayList<>();
                points.add(new long[] {warmup, WorkerHeap.usedAfterGc(worker)});
                report(worker, warmup, points.get(0)[1]);
                Map<String, long[]> before = WorkerHeap.histogram(worker.pid());

                int paired = warmup;
                for (int step = 1; step <= steps; step++) {
                    int target = warmup + (int) ((long) (sessions - warmup) * step / steps);
                    pairing.pair(paired, target, bed::account, batch, Duration.ofMinutes(5));
                    if (exchange) {
                        Exchange.run(bed, commands, events, paired, target, "m");
                    }
                    paired = target;
                    Thread.sleep(idle * 1000L);
                    long used = WorkerHeap.usedAfterGc(worker);
                    points.add(new long[] {paired, used});
                    report(worker, paired, used);
                }
                events.remove(pairing);

                double slope = slope(points);
                System.out.printf("RESULT idle heap per connected session%s: %.1f KiB (least-squares slope of the"
                        + " worker's used heap after full GC over N = %d..%d, %d points; %.1f -> %.1f MiB)%n",
                        exchange ? " (one message each way first)" : "", slope / 1024, warmup, sessions, points.size(),
                        points.get(0)[1] / 1048576.0, points.get(points.size() - 1)[1] / 1048576.0);
                histogram(before, WorkerHeap.histogram(worker.pid()), sessions - warmup, top);
                System.out.printf("RESULT idle worker with %d sessions: %.1f%% of one core (CPU over %d s), %d threads, "
                        + "%d fds, RSS %.1f MiB%n", sessions, idleCpu(worker, Duration.ofSeconds(idle * 4L)),
                        idle * 4, proc(worker, "Threads"), fds(worker), proc(worker, "VmRSS") / 1024.0);
                if (restart) {
                    restart(bed, worker, args, sessions, idle);
                }
            }
        }
    }

    /**
     * SIGTERM the worker (its sessions disconnect, wanted connected), start a fresh one and time until it lists every
     * session open: the resume after a restart, paced by the worker's resume settings (no storm).
     */
    private static void restart(BridgeTestbed bed, WorkerProcess worker, HarnessArgs args, int sessions, int idle)
            throws Exception {
        long stopping = System.nanoTime();
        worker.stop(Duration.ofMinutes(2));
        System.out.printf("worker stopped (SIGTERM) in %.1f s%n", (System.nanoTime() - stopping) / 1e9);
        try (WorkerProcess next = bed.startWorker("worker-2", args.bridgeJar(), args.workerJvmOptions(), args.workerEnv())) {
            long started = System.nanoTime();
            next.awaitReady(Duration.ofMinutes(3));
            long ready = System.nanoTime();
            long deadline = ready + Duration.ofMinutes(30).toNanos();
            int open = 0;
            while (System.nanoTime() < deadline) {
                open = (int) next.trySessions().orElse(List.of()).stream().filter(WorkerSession::open).count();
                if (open >= sessions) {
                    break;
                }
                Thread.sleep(200);
            }
            long done = System.nanoTime();
            if (open < sessions) {
                throw new IllegalStateException(open + " of " + sessions + " sessions open 30 minutes after the restart");
            }
            System.out.printf("RESULT resume after a restart: all %d sessions open %.1f s after the new worker was ready"
                    + " (%.1f s after its start)%n", sessions, (done - ready) / 1e9, (done - started) / 1e9);
            Thread.sleep(idle * 1000L);
            long used = WorkerHeap.usedAfterGc(next);
            report(next, sessions, used);
        }
    }

    /** Percent of one core the worker used over {@code window} (user + system time from /proc), or -1. */
    private static double idleCpu(WorkerProcess worker, Duration window) throws InterruptedException {
        long before = cpuTicks(worker);
        long t0 = System.nanoTime();
        Thread.sleep(window.toMillis());
        long after = cpuTicks(worker);
        if (before < 0 || after < 0) {
            return -1;
        }
        double seconds = (after - before) / 100.0; // USER_HZ, 100 on Linux
        return 100 * seconds / ((System.nanoTime() - t0) / 1e9);
    }

    private static long cpuTicks(WorkerProcess worker) {
        return io.wabridge.bench.bridge.CpuMeter.statTicks(Path.of("/proc/" + worker.pid() + "/stat"));
    }

    private static void report(WorkerProcess worker, int sessions, long used) {
        System.out.printf("N=%5d  used heap %7.1f MiB  threads %4d  fds %5d  RSS %6.1f MiB%n", sessions,
                used / 1048576.0, proc(worker, "Threads"), fds(worker), proc(worker, "VmRSS") / 1024.0);
    }

    /** Least-squares slope of y over x. */
    static double slope(List<long[]> points) {
        double n = points.size();
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (long[] p : points) {
            sx += p[0];
            sy += p[1];
            sxx += (double) p[0] * p[0];
            sxy += (double) p[0] * p[1];
        }
        return (n * sxy - sx * sy) / (n * sxx - sx * sx);
    }

    /** What the heap grew by, per session, by class (largest first). */
    private static void histogram(Map<String, long[]> before, Map<String, long[]> after, int sessions, int top) {
        Set<String> names = new HashSet<>(after.keySet());
        names.addAll(before.keySet());
        List<Object[]> rows = new ArrayList<>();
        long total = 0;
        for (String name : names) {
            long[] a = after.getOrDefault(name, new long[2]);
            long[] b = before.getOrDefault(name, new long[2]);
            long bytes = a[1] - b[1];
            total += bytes;
            rows.add(new Object[] {name, a[0] - b[0], bytes});
        }
        rows.sort(Comparator.comparingLong((Object[] r) -> (long) r[2]).reversed());
        System.out.printf("histogram growth with %d sessions: %.1f KiB per session; top classes per session:%n",
                sessions, total / 1024.0 / sessions);
        for (Object[] r : rows.subList(0, Math.min(top, rows.size()))) {
            System.out.printf("  %9.0f B  %7.1f objects  %s%n", (long) r[2] / (double) sessions,
                    (long) r[1] / (double) sessions, r[0]);
        }
    }

    /** A numeric field of /proc/pid/status (kB for sizes), or -1. */
    private static long proc(WorkerProcess worker, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + worker.pid() + "/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: left out
        }
        return -1;
    }

    private static long fds(WorkerProcess worker) {
        try (var list = Files.list(Path.of("/proc/" + worker.pid() + "/fd"))) {
            return list.count();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** One text each way per session {@code from..to-1}: a send_message command, then the contact's reply. */
    private static final class Exchange implements EventStream.Listener {
        private final String tag;
        private final CountDownLatch results;
        private final CountDownLatch messages;

        private Exchange(String tag, int count) {
            this.tag = tag;
            this.results = new CountDownLatch(count);
            this.messages = new CountDownLatch(count);
        }

        static void run(BridgeTestbed bed, CommandProducer commands, EventStream events, int from, int to, String run)
                throws InterruptedException {
            Exchange x = new Exchange(run + "-" + from + "-", to - from);
            events.add(x);
            try {
                for (int i = from; i < to; i++) {
                    commands.sendText(BridgeTestbed.sessionId(i), x.tag + i, "+" + bed.contact(i).account().phoneNumber(),
                            x.tag + i);
                }
                commands.flush();
                await(x.results, "command results");
                for (int i = from; i < to; i++) {
                    bed.contact(i).sendAsync(bed.account(i).jid(), new Text(x.tag + i));
                }
                await(x.messages, "message events");
            } finally {
                events.remove(x);
            }
        }

        private static void await(CountDownLatch latch, String what) throws InterruptedException {
            if (!latch.await(5, TimeUnit.MINUTES)) {
                throw new IllegalStateException(latch.getCount() + " " + what + " missing after 5 minutes");
            }
        }

        @Override
        public void onEvent(EventEnvelope event, long polledNanos, long producedMillis) {
            if (event.hasCommandResult() && event.getCausationId().startsWith(tag)) {
                if (!event.getCommandResult().hasOk()) {
                    System.err.println("command " + event.getCausationId() + " failed: " + event.getCommandResult());
                }
                results.countDown();
            } else if (event.hasMessage() && event.getMessage().getContent().getText().startsWith(tag)) {
                messages.countDown();
            }
        }
    }
}

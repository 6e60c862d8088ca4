package io.wabridge.bench;

import io.wabridge.bench.bridge.BridgePairing;
import io.wabridge.bench.bridge.BridgeTestbed;
import io.wabridge.bench.bridge.CommandProducer;
import io.wabridge.bench.bridge.EventStream;
import io.wabridge.bench.bridge.HarnessArgs;
import io.wabridge.bench.bridge.Percentiles;
import io.wabridge.proto.v1.ConnectionUpdate;
import io.wabridge.proto.v1.EventEnvelope;
import io.wabridge.testkit.cluster.WorkerProcess;
import io.wabridge.testkit.cluster.WorkerSession;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How long sessions take to move between bridge workers of one consumer group. N sessions are paired on worker A
 * (through Kafka, in batches); worker B joins (cooperative rebalancing moves about half the partitions to it).
 * <ol>
 *   <li>graceful: A gets SIGTERM, so it revokes its partitions and lets its sessions go; measured from the signal
 *       until B's {@code GET /sessions} lists all N {@code open}, and per session that was on A, from the signal to
 *       its {@code connection_update OPEN} event (the record's timestamp, written by B);</li>
 *   <li>crash: worker C joins, then B gets SIGKILL; measured the same way from the kill to all N open on C. This
 *       includes the consumer group's session timeout ({@code --session-timeout-ms}, given to the workers as
 *       KAFKA_SESSION_TIMEOUT_MS; 6000 is the broker's default minimum).</li>
 * </ol>
 * <pre>
 *   java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar io.wabridge.bench.HandoffHarness \
 *       [--sessions 500] [--pair-batch 50] [--session-timeout-ms 6000] [--bridge-jar ...] [--worker-java-options ...]
 *       [--worker-env K=V,...]
 * </pre>
 */
public final class HandoffHarness {
    private static final Duration SETTLE = Duration.ofMinutes(5);

    public static void main(String[] argv) throws Exception {
        HarnessArgs args = new HarnessArgs(argv);
        int sessions = args.integer("sessions", 500);
        int batch = args.integer("pair-batch", 50);
        int sessionTimeout = args.integer("session-timeout-ms", 6000);
        Map<String, String> env = new LinkedHashMap<>(Map.of(
                "KAFKA_SESSION_TIMEOUT_MS", Integer.toString(sessionTimeout),
                "KAFKA_HEARTBEAT_INTERVAL_MS", Integer.toString(Math.min(3000, sessionTimeout / 3))));
        env.putAll(args.workerEnv());
        Path jar = args.bridgeJar();
        List<String> jvm = args.workerJvmOptions();
        try (BridgeTestbed bed = BridgeTestbed.start(sessions, false);
             WorkerProcess a = bed.startWorker("worker-a", jar, jvm, env).awaitReady(Duration.ofMinutes(3));
             CommandProducer commands = new CommandProducer(bed.bootstrapServers(), BridgeTestbed.COMMANDS);
             EventStream events = new EventStream(bed.bootstrapServers(), BridgeTestbed.EVENTS)) {
            System.out.printf("workers: JVM options %s, env %s, logs in %s%n", jvm, env, bed.logDir());
            long t0 = System.nanoTime();
            long[] toOpen = BridgePairing.pair(commands, events, sessions, bed::account, batch, Duration.ofMinutes(10));
            System.out.printf("RESULT pairing: %d sessions paired through worker A in %.1f s, batches of %d "
                    + "(connect -> OPEN %s)%n", sessions, (System.nanoTime() - t0) / 1e9, batch, Percentiles.p50p99(toOpen));

            try (WorkerProcess b = bed.startWorker("worker-b", jar, jvm, env).awaitReady(Duration.ofMinutes(3))) {
                long joined = System.nanoTime();
                settle(sessions, List.of(a, b));
                System.out.printf("B joined: all %d sessions open across A and B %.1f s after B was ready (A %d, B %d)%n",
                        sessions, (System.nanoTime() - joined) / 1e9, openOn(a).size(), openOn(b).size());

                Set<String> moving = openOn(a);
                Move graceful = new Move(moving);
                events.add(graceful);
                long stopNanos = System.nanoTime();
                graceful.startMillis = System.currentTimeMillis();
                Thread stopping = Thread.ofVirtual().start(() -> a.stop(Duration.ofSeconds(60)));
                double total = awaitAllOpen(b, sessions, stopNanos);
                events.remove(graceful);
                stopping.join();
                report("graceful (SIGTERM A)", moving.size(), sessions, total, graceful);

                try (WorkerProcess c = bed.startWorker("worker-c", jar, jvm, env).awaitReady(Duration.ofMinutes(3))) {
                    long cJoined = System.nanoTime();
                    settle(sessions, List.of(b, c));
                    System.out.printf("C joined: all %d sessions open across B and C %.1f s after C was ready (B %d, C %d)%n",
                            sessions, (System.nanoTime() - cJoined) / 1e9, openOn(b).size(), openOn(c).size());
                    moving = openOn(b);
                    Move crash = new Move(moving);
                    events.add(crash);
                    long killNanos = System.nanoTime();
                    crash.startMillis = System.currentTimeMillis();
                    b.kill();
                    total = awaitAllOpen(c, sessions, killNanos);
                    events.remove(crash);
                    report("crash (SIGKILL B, session timeout " + sessionTimeout + " ms)", moving.size(), sessions, total, crash);
                }
            }
        }
    }

    /** The first OPEN event of each moving session produced at or after the start, in ms since the start. */
    private static final class Move implements EventStream.Listener {
        final Set<String> moving;
        final Map<String, Long> openedAfter = new ConcurrentHashMap<>();
        volatile long startMillis;

        Move(Set<String> moving) {
            this.moving = moving;
        }

        @Override
        public void onEvent(EventEnvelope event, long polledNanos, long producedMillis) {
            if (event.hasConnectionUpdate() && event.getConnectionUpdate().getState() == ConnectionUpdate.State.OPEN
                    && producedMillis >= startMillis && moving.contains(event.getSessionId())) {
                openedAfter.putIfAbsent(event.getSessionId(), producedMillis - startMillis);
            }
        }

        long[] nanos() {
            return openedAfter.values().stream().mapToLong(ms -> ms * 1_000_000).toArray();
        }
    }

    private static void report(String what, int moved, int sessions, double totalSeconds, Move move) {
        System.out.printf("RESULT handoff %s: %d sessions moved, all %d open on the survivor after %.2f s; per moved "
                        + "session signal -> OPEN event %s (%d OPEN events seen)%n", what, moved, sessions, totalSeconds,
                Percentiles.p50p99(move.nanos()), move.openedAfter.size());
    }

    /** Seconds from {@code fromNanos} until {@code worker} lists {@code sessions} open. */
    private static double awaitAllOpen(WorkerProcess worker, int sessions, long fromNanos) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (System.nanoTime() < deadline) {
            if (openOn(worker).size() >= sessions) {
                return (System.nanoTime() - fromNanos) / 1e9;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException(worker.name() + " has " + openOn(worker).size() + " of " + sessions
                + " sessions open after " + SETTLE);
    }

    /**
     * Waits until every session is open on exactly one of the workers and each worker runs some (so the rebalance a
     * joining worker starts has happened), three polls in a row.
     */
    private static void settle(int sessions, List<WorkerProcess> workers) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        int stable = 0;
        while (System.nanoTime() < deadline) {
            Set<String> seen = new HashSet<>();
            int open = 0;
            boolean everyWorkerRunsSome = true;
            for (WorkerProcess w : workers) {
                Set<String> ids = openOn(w);
                open += ids.size();
                seen.addAll(ids);
                everyWorkerRunsSome &= !ids.isEmpty();
            }
            stable = open == sessions && seen.size() == sessions && everyWorkerRunsSome ? stable + 1 : 0;
            if (stable == 3) {
                return;
            }
            Thread.sleep(300);
        }
        throw new IllegalStateException("sessions not settled on " + workers + " after " + SETTLE);
    }

    private static Set<String> openOn(WorkerProcess worker) {
        Set<String> open = new HashSet<>();
        for (WorkerSession s : worker.trySessions().orElse(List.of())) {
            if (s.open()) {
                open.add(s.id());
            }
        }
        return open;
    }
}

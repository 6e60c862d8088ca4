package io.wabridge.bridge.failover;

import io.wabridge.bridge.failover.FailoverCluster.Ownership;
import io.wabridge.bridge.failover.FailoverCluster.Party;
import io.wabridge.simulator.server.StreamErrorKind;
import io.wabridge.testkit.cluster.WorkerProcess;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fault soak (issue 18 point 1), one piece of code for {@code SoakIT} (20 faults, in the failsafe suite) and the
 * bench's {@code SoakHarness} main (any number): 3 worker processes, {@link FailoverCluster#SESSIONS} sessions,
 * contacts writing and send_message commands (a fifth of them produced twice) flowing the whole time, and a seeded
 * random sequence of faults, each followed by waiting until every session is open on exactly one worker and connected
 * once at WhatsApp (the recovery time, per fault kind): worker SIGKILL (a replacement starts), SIGSTOP past the
 * lease, SIGTERM during a burst of commands (a replacement starts), Kafka broker restart, database cut and restore,
 * WhatsApp socket drops, server 515/503 storms, a slow database (every chunk to and from it held back). The
 * {@link Report} holds what the issue asks to print and assert: contact messages sent vs published (0 lost), commands
 * vs messages the contacts received (each exactly one WhatsApp message id, or an error result the producer sees: 0
 * lost, 0 duplicated), each session's messages first published in the order the contact sent them, sessions open,
 * recovery p50/p99 per fault kind, and each worker's heap after a full GC and live threads at start and end, within
 * the {@link #HEAP_GROWTH leak bounds}.
 */
public final class SoakRun {

    public enum Fault { KILL, PAUSE, TERM_IN_BURST, KAFKA_RESTART, DATABASE_CUT, SOCKET_DROPS, STREAM_ERROR_STORM, SLOW_DATABASE }

    /**
     * Leak bounds, over the three live workers (replacements included, as the same sessions are spread over three
     * workers at start and end): the heap retained after a full GC at the end is at most {@code HEAP_GROWTH} times that
     * at the start plus {@link #HEAP_SLACK_MIB}, and the live threads at most {@link #THREAD_SLACK} per worker more.
     * A per-session or per-fault leak (a client, a connection, a timer thread kept after its session moved) grows
     * past them over 20 faults; caches filling up to their bounds and the JIT do not.
     */
    static final double HEAP_GROWTH = 1.5;
    static final double HEAP_SLACK_MIB = 48;
    static final int THREAD_SLACK = 10;

    private static final Duration DELIVERY_LIMIT = Duration.ofSeconds(90);
    private static final Pattern HEAP = Pattern.compile("(?m)^jvm_memory_used_bytes\\{area=\"heap\"[^}]*} ([0-9.E+]+)");
    private static final Pattern THREADS = Pattern.compile("(?m)^jvm_threads_live_threads(?:\\{[^}]*})? ([0-9.E+]+)");

    private final Path jar;
    private final Path logs;
    private final int faults;
    private final long seed;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newHttpClient();
    private FailoverCluster cluster;

    /**
     * @param jar  the packaged bridge ({@code bridge/target/quarkus-app/quarkus-run.jar})
     * @param logs where the workers write their logs
     */
    public SoakRun(Path jar, Path logs, int faults, long seed, PrintStream out) {
        this.jar = jar;
        this.logs = logs;
        this.faults = faults;
        this.seed = seed;
        this.out = out;
    }

    /**
     * How long a fault kind may take until every session is open again. The client's reconnect backoff doubles
     * with each connection its session loses within a minute (up to 2 min), so after drops or storms in a row a
     * session may rightly wait that long; a moved session waits for the Kafka session timeout and the lease TTL.
     */
    static Duration recoveryLimit(Fault fault) {
        return switch (fault) {
            case SOCKET_DROPS, STREAM_ERROR_STORM -> Duration.ofSeconds(150);
            default -> Duration.ofSeconds(90);
        };
    }

    /** Runs the soak; the report says what held (its {@link Report#violations()} are what did not). */
    public Report run() throws Exception {
        Random random = new Random(seed);
        out.printf("[soak] seed %d (-Dsoak.seed / --seed to replay), %d faults, %d sessions, 3 workers%n", seed, faults,
                FailoverCluster.SESSIONS);
        long t0 = System.nanoTime();
        try (FailoverCluster c = new FailoverCluster(jar, logs, FailoverCluster.Database.MONGO)) {
            cluster = c;
            cluster.startWorkers(3);
            cluster.pairAll(Duration.ofSeconds(300)); // 225 s at a load of 50
            out.printf("[soak] paired in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            List<Resources> start = resources();

            LoadDriver load = new LoadDriver(cluster, "soak", 20, 10).start();
            Map<Fault, List<Long>> recovery = new EnumMap<>(Fault.class);
            Fault[] kinds = Fault.values();
            for (int i = 1; i <= faults; i++) {
                Thread.sleep(1_000 + random.nextInt(2_000));
                Fault fault = kinds[random.nextInt(kinds.length)];
                long began = System.nanoTime();
                boolean disturbs = inject(fault, random, load);
                awaitRecovered(fault + " #" + i, disturbs, recoveryLimit(fault));
                long millis = (System.nanoTime() - began) / 1_000_000;
                recovery.computeIfAbsent(fault, f -> new ArrayList<>()).add(millis);
                out.printf("[soak] fault %d/%d %s: recovered %.1f s after it began%n", i, faults, fault, millis / 1e3);
            }
            Thread.sleep(2_000);
            load.stop();
            return verify(load, recovery, start, t0);
        } finally {
            cluster = null;
        }
    }

    /** Injects one fault; true if it certainly takes sessions down (then the recovery wait first sees that). */
    private boolean inject(Fault fault, Random random, LoadDriver load) throws Exception {
        switch (fault) {
            case KILL -> {
                WorkerProcess victim = busiest();
                victim.kill();
                cluster.forget(victim);
                cluster.startWorkers(1);
                return true;
            }
            case PAUSE -> {
                WorkerProcess frozen = busiest();
                frozen.pause();
                Thread.sleep(FailoverCluster.LEASE_TTL.toMillis() + 2_000); // past the lease and the group's timeout
                frozen.resume();
                return false;
            }
            case TERM_IN_BURST -> {
                WorkerProcess victim = busiest();
                load.burst("burst-" + System.nanoTime(), 100);
                Thread.sleep(100);
                victim.stop(Duration.ofSeconds(30));
                cluster.forget(victim);
                cluster.startWorkers(1);
                return false;
            }
            case KAFKA_RESTART -> {
                cluster.kafka.stop();
                Thread.sleep(2_000 + random.nextInt(2_000));
                cluster.kafka.start();
                return false;
            }
            case DATABASE_CUT -> {
                cluster.databasePath.cut();
                Thread.sleep(3_000 + random.nextInt(5_000));
                cluster.databasePath.restore();
                return false;
            }
            case SOCKET_DROPS -> {
                dropSockets(random, StreamErrorKind.DROP, 1);
                return true;
            }
            case STREAM_ERROR_STORM -> {
                dropSockets(random, random.nextBoolean() ? StreamErrorKind.RESTART_REQUIRED
                        : StreamErrorKind.SERVICE_UNAVAILABLE, 3);
                return true;
            }
            case SLOW_DATABASE -> {
                cluster.databasePath.delay(Duration.ofMillis(20 + random.nextInt(60)));
                Thread.sleep(3_000 + random.nextInt(3_000));
                cluster.databasePath.delay(Duration.ZERO);
                return false;
            }
        }
        throw new IllegalArgumentException(fault.name());
    }

    /** Stream errors to three in four accounts' connected devices, {@code rounds} times a second apart. */
    private void dropSockets(Random random, StreamErrorKind kind, int rounds) throws InterruptedException {
        for (int r = 0; r < rounds; r++) {
            for (Party p : cluster.parties) {
                if (random.nextInt(4) != 0) {
                    for (int device : p.account().connectedDevices()) {
                        p.account().sendStreamError(device, kind);
                    }
                }
            }
            if (r + 1 < rounds) {
                Thread.sleep(1_000);
            }
        }
    }

    private void awaitRecovered(String what, boolean disturbed, Duration limit) throws InterruptedException {
        if (disturbed) {
            long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (cluster.ownership().allOpenOnce() && System.nanoTime() < until) {
                Thread.sleep(20);
            }
        }
        FailoverCluster.await(what + ": every session open on one worker", limit,
                () -> cluster.ownership().allOpenOnce() && cluster.accountsConnectedOnce() == FailoverCluster.SESSIONS);
    }

    private WorkerProcess busiest() {
        Ownership o = cluster.ownership();
        return cluster.workers().stream().max(Comparator.comparingInt(w -> o.sessionsOf(w.name()).size())).orElseThrow();
    }

    private Report verify(LoadDriver load, Map<Fault, List<Long>> recovery, List<Resources> start, long t0)
            throws Exception {
        EventIndex events = cluster.events();
        try {
            FailoverCluster.await("every contact message on the events topic", DELIVERY_LIMIT, () -> {
                events.refresh();
                return load.inbound.entrySet().stream().allMatch(e -> events.published(e.getValue(), e.getKey()) > 0);
            });
        } catch (AssertionError e) {
            out.println("[soak] " + e.getMessage() + ": counted below");
        }
        LoadDriver.Received received = new LoadDriver.Received();
        Set<String> commandIds = load.commands.keySet();
        try {
            FailoverCluster.await("every command's message at its recipient", DELIVERY_LIMIT, () -> {
                try {
                    received.collect(cluster.parties);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return received.idsByCommand.keySet().containsAll(commandIds);
            });
        } catch (AssertionError e) {
            out.println("[soak] " + e.getMessage() + ": counted below");
        }
        Thread.sleep(1_000);
        received.collect(cluster.parties);
        events.refresh();

        int lost = 0;
        int redelivered = 0;
        for (Map.Entry<String, String> e : load.inbound.entrySet()) {
            int n = events.published(e.getValue(), e.getKey());
            lost += n == 0 ? 1 : 0;
            redelivered += Math.max(0, n - 1);
        }
        int outOfOrder = 0;
        for (Party p : cluster.parties) {
            int last = -1;
            for (String id : events.firstPublished(p.session())) {
                Integer seq = load.inboundSeq.get(id);
                if (seq == null) {
                    continue; // not one of the soak's messages
                }
                if (seq < last) {
                    outOfOrder++;
                }
                last = Math.max(last, seq);
            }
        }
        List<String> twoIds = new ArrayList<>();
        List<String> lostCommands = new ArrayList<>();
        Map<String, Integer> refused = new TreeMap<>();
        int missing = 0;
        int copies = 0;
        for (String id : commandIds) {
            Set<String> ids = received.idsByCommand.get(id);
            if (ids == null) {
                missing++;
                String result = events.result(id);
                if (result != null && !result.equals("ok")) {
                    // failed visibly: the producer got an error result (the command is not lost)
                    refused.merge(result.substring(0, Math.max(0, result.indexOf(':'))), 1, Integer::sum);
                } else {
                    lostCommands.add(id + " (result: " + result + ", session " + load.commands.get(id).session() + ")");
                }
            } else {
                if (ids.size() != 1) {
                    twoIds.add(id + " -> " + ids);
                }
                copies += received.copiesByCommand.get(id) - 1;
            }
        }
        try {
            FailoverCluster.await("every session open on one worker at the end", recoveryLimit(Fault.SOCKET_DROPS),
                    () -> cluster.ownership().allOpenOnce());
        } catch (AssertionError e) {
            out.println("[soak] " + e.getMessage() + ": counted below");
        }
        Ownership end = cluster.ownership();
        List<Resources> endResources = resources();
        return new Report(seed, recovery.values().stream().mapToInt(List::size).sum(), FailoverCluster.SESSIONS,
                end.open(), end.allOpenOnce(), end.toString(), load.inbound.size(), lost, redelivered, outOfOrder,
                commandIds.size(), load.duplicatesProduced.get(), commandIds.size() - missing, List.copyOf(lostCommands),
                Map.copyOf(refused), List.copyOf(twoIds), copies, cluster.replacedLogins(), load.inboundUnacked.get(),
                load.commandsUnacked.get(), recovery, start, endResources, (System.nanoTime() - t0) / 1_000_000_000L);
    }

    /** Each live worker's heap retained after a full GC, and its live threads, from its metrics. */
    private List<Resources> resources() {
        List<Resources> all = new ArrayList<>();
        for (WorkerProcess w : cluster.workers()) {
            try {
                w.collectGarbage();
                String metrics = http.send(HttpRequest.newBuilder(URI.create(w.url() + "/q/metrics"))
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()).body();
                double heap = 0;
                Matcher m = HEAP.matcher(metrics);
                while (m.find()) {
                    heap += Double.parseDouble(m.group(1));
                }
                Matcher t = THREADS.matcher(metrics);
                all.add(new Resources(w.name(), heap / (1 << 20), t.find() ? (long) Double.parseDouble(t.group(1)) : -1));
            } catch (Exception e) {
                out.println("[soak] " + w.name() + " metrics unreadable: " + e);
                all.add(new Resources(w.name(), -1, -1));
            }
        }
        return all;
    }

    /** One worker's heap in use right after a full GC (MiB; -1 unreadable) and its live threads (-1 unreadable). */
    public record Resources(String worker, double heapMiB, long threads) {
        boolean readable() {
            return heapMiB >= 0 && threads >= 0;
        }

        @Override
        public String toString() {
            return String.format("%s %.1f MiB, %d threads", worker, heapMiB, threads);
        }
    }

    /** What the soak counted; {@link #violations()} lists the guarantees that did not hold. */
    public record Report(long seed, int faultsSurvived, int sessions, long open, boolean allOpenOnce, String ownership,
                         int inboundSent, int inboundLost, int inboundRedelivered, int outOfOrder,
                         int commands, int producedTwice, int commandsDelivered, List<String> lostCommands,
                         Map<String, Integer> refused, List<String> twoIds, int redeliveredCopies, int replacedLogins,
                         int inboundUnacked, int commandsUnacked, Map<Fault, List<Long>> recovery,
                         List<Resources> start, List<Resources> end, long seconds) {

        /** The guarantees that did not hold, each a sentence; empty when the soak passed. */
        public List<String> violations() {
            List<String> v = new ArrayList<>();
            if (inboundLost > 0) {
                v.add(inboundLost + " contact messages never published");
            }
            if (!lostCommands.isEmpty()) {
                v.add(lostCommands.size() + " commands with neither a message at the contact nor an error result: "
                        + lostCommands.subList(0, Math.min(20, lostCommands.size())));
            }
            if (!twoIds.isEmpty()) {
                v.add(twoIds.size() + " commands that produced more than one WhatsApp message: " + twoIds);
            }
            if (outOfOrder > 0) {
                v.add(outOfOrder + " messages first published out of the order the contact sent them");
            }
            if (!allOpenOnce) {
                v.add("not every session open on exactly one worker at the end: " + ownership);
            }
            if (inboundSent == 0 || commands == 0) {
                v.add("no traffic flowed");
            }
            v.addAll(leaks());
            return v;
        }

        /** The leak bounds ({@link SoakRun#HEAP_GROWTH}): heap after GC and live threads, start vs end. */
        List<String> leaks() {
            List<String> v = new ArrayList<>();
            if (start.isEmpty() || end.isEmpty() || !start.stream().allMatch(Resources::readable)
                    || !end.stream().allMatch(Resources::readable)) {
                v.add("worker metrics unreadable: start " + start + ", end " + end);
                return v;
            }
            double heapStart = start.stream().mapToDouble(Resources::heapMiB).sum();
            double heapEnd = end.stream().mapToDouble(Resources::heapMiB).sum();
            double heapBound = heapStart * HEAP_GROWTH + HEAP_SLACK_MIB;
            if (heapEnd > heapBound) {
                v.add(String.format("heap after GC grew from %.1f to %.1f MiB over the workers (bound %.1f)", heapStart,
                        heapEnd, heapBound));
            }
            long threadsStart = start.stream().mapToLong(Resources::threads).sum();
            long threadsEnd = end.stream().mapToLong(Resources::threads).sum();
            long threadBound = threadsStart + (long) THREAD_SLACK * Math.max(start.size(), end.size());
            if (threadsEnd > threadBound) {
                v.add("live threads grew from " + threadsStart + " to " + threadsEnd + " over the workers (bound "
                        + threadBound + ")");
            }
            return v;
        }

        /** The issue's table: faults, messages in and out, lost and duplicated, recovery per fault kind, resources. */
        public void print(PrintStream out) {
            out.printf("[soak] seed %d: %d faults survived, %d sessions, %d s in all; conflict replaced %d; unacked sends"
                    + " %d in, %d cmd%n", seed, faultsSurvived, sessions, seconds, replacedLogins, inboundUnacked,
                    commandsUnacked);
            out.println("| soak | result |");
            out.println("| --- | --- |");
            out.printf("| faults survived | %d (seed %d, %d sessions, 3 workers, %d s) |%n", faultsSurvived, seed,
                    sessions, seconds);
            out.printf("| contact messages sent -> published | %,d -> %,d (%d lost, %d redelivered, %d out of order) |%n",
                    inboundSent, inboundSent - inboundLost, inboundLost, inboundRedelivered, outOfOrder);
            out.printf("| commands (+ produced twice) -> messages at the contacts | %,d (+%,d) -> %,d (%d lost, %d"
                            + " duplicated, %d redelivered copies with the same id, %d answered with an error %s) |%n",
                    commands, producedTwice, commandsDelivered, lostCommands.size(), twoIds.size(), redeliveredCopies,
                    refused.values().stream().mapToInt(Integer::intValue).sum(), refused);
            out.printf("| sessions open at the end | %d of %d%s |%n", open, sessions, allOpenOnce ? "" : " (" + ownership + ")");
            recovery.forEach((fault, times) -> {
                List<Long> sorted = times.stream().sorted().toList();
                out.printf("| recovery %s (n=%d) | p50 %.1f s, p99 %.1f s, max %.1f s |%n", fault, sorted.size(),
                        percentile(sorted, 50) / 1e3, percentile(sorted, 99) / 1e3, sorted.getLast() / 1e3);
            });
            out.printf("| workers at start (heap after GC, live threads) | %s |%n", start);
            out.printf("| workers at end | %s |%n", end);
            List<String> v = violations();
            out.println(v.isEmpty() ? "[soak] every guarantee held" : "[soak] FAILED: " + String.join("; ", v));
        }
    }

    static long percentile(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}

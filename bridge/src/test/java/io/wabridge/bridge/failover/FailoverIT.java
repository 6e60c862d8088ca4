package io.wabridge.bridge.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wabridge.bridge.failover.FailoverCluster.Ownership;
import io.wabridge.bridge.failover.FailoverCluster.Party;
import io.wabridge.simulator.server.StreamErrorKind;
import io.wabridge.testkit.cluster.WorkerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Fault injection against real bridge workers (child JVMs running the packaged application) sharing 12 command
 * partitions and 60 sessions, with contacts writing and send_message commands flowing the whole time. After each
 * fault: every contact message is on the events topic at least once, every command produced exactly one WhatsApp
 * message (one message id, however many copies) at its recipient, no device was taken over by a second login
 * ({@code conflict replaced}), and every session is open on exactly one worker again; the time from the fault to
 * that state is measured and printed with the counts checked.
 *
 * <p>The sessions are paired once for the class; the scenarios run in order on the same cluster.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailoverIT {
    private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(Long.getLong("failover.recovery-limit-s", 60));
    private static final Duration DELIVERY_LIMIT = Duration.ofSeconds(60);
    private static final int INBOUND_PER_SECOND = 20;
    private static final int COMMANDS_PER_SECOND = 10;

    private FailoverCluster cluster;
    private Random random;

    @BeforeAll
    void startCluster() throws Exception {
        Path jar = Path.of(System.getProperty("wabridge.bridge.jar", "target/quarkus-app/quarkus-run.jar"));
        assumeTrue(Files.isRegularFile(jar), "the bridge is not packaged (" + jar + "); run in the integration-test phase");
        long seed = Long.getLong("failover.seed", System.nanoTime());
        random = new Random(seed);
        System.out.println("[failover] seed " + seed + " (-Dfailover.seed to replay)");
        long t0 = System.nanoTime();
        cluster = new FailoverCluster(jar, Path.of("target", "failover-logs", database().name().toLowerCase()), database());
        cluster.startWorkers(2);
        cluster.pairAll(Duration.ofSeconds(90));
        System.out.printf("[failover] %d sessions paired through 2 workers in %.1f s%n", FailoverCluster.SESSIONS,
                (System.nanoTime() - t0) / 1e9);
    }

    /** The database the workers keep their state in; a subclass runs the scenarios on another. */
    FailoverCluster.Database database() {
        return FailoverCluster.Database.MONGO;
    }

    /** Whether this class runs {@code scenario} (every one here; a subclass may run fewer). */
    boolean runs(String scenario) {
        return true;
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void killOneOfTwoWorkers() throws Exception {
        assumeTrue(runs("kill-worker"), "not run on " + database());
        cluster.ensureWorkers(2);
        Run run = new Run("kill-worker");
        run.loadFor(randomMillis(1_500, 4_000));
        WorkerProcess victim = busiest();
        run.fault();
        victim.kill();
        cluster.forget(victim);
        run.awaitRecovered(true);
        run.verify();
    }

    @Test
    @Order(2)
    void killOneOfThreeWorkersThenStartAReplacement() throws Exception {
        assumeTrue(runs("kill-and-replace"), "not run on " + database());
        cluster.ensureWorkers(3);
        Run run = new Run("kill-and-replace");
        run.loadFor(randomMillis(1_500, 4_000));
        WorkerProcess victim = busiest();
        run.fault();
        victim.kill();
        cluster.forget(victim);
        run.awaitRecovered(true);
        Duration afterKill = run.recovered;
        cluster.startWorkers(1);
        run.restored();
        run.awaitRecovered(false);
        run.note(String.format("after kill %.1f s, after replacement joined", afterKill.toMillis() / 1e3));
        run.verify();
        cluster.ensureWorkers(2);
    }

    @Test
    @Order(3)
    void restartTheKafkaBroker() throws Exception {
        assumeTrue(runs("kafka-restart"), "not run on " + database());
        cluster.ensureWorkers(2);
        Run run = new Run("kafka-restart");
        run.loadFor(randomMillis(1_500, 3_000));
        run.fault();
        cluster.kafka.stop();
        run.loadFor(3_000);
        cluster.kafka.start();
        run.restored();
        run.awaitRecovered(false);
        run.verify();
    }

    @Test
    @Order(4)
    void cutTheDatabaseForTenSeconds() throws Exception {
        assumeTrue(runs("database-cut"), "not run on " + database());
        cluster.ensureWorkers(2);
        Run run = new Run("database-cut");
        run.loadFor(randomMillis(1_500, 3_000));
        run.fault();
        cluster.databasePath.cut();
        run.loadFor(10_000);
        cluster.databasePath.restore();
        run.restored();
        run.awaitRecovered(false);
        run.verify();
    }

    @Test
    @Order(5)
    void dropWhatsAppSockets() throws Exception {
        assumeTrue(runs("drop-sockets"), "not run on " + database());
        cluster.ensureWorkers(2);
        Run run = new Run("drop-sockets");
        run.loadFor(randomMillis(1_500, 3_000));
        run.fault();
        int dropped = 0;
        for (Party p : cluster.parties) {
            if (random.nextInt(4) != 0) { // three in four
                for (int device : p.account().connectedDevices()) {
                    dropped += p.account().sendStreamError(device, StreamErrorKind.DROP) ? 1 : 0;
                }
            }
        }
        run.note(dropped + " sockets dropped");
        run.awaitRecovered(true);
        run.verify();
    }

    @Test
    @Order(6)
    void pauseAWorkerPastItsLease() throws Exception {
        assumeTrue(runs("pause-worker"), "not run on " + database());
        cluster.ensureWorkers(2);
        Run run = new Run("pause-worker");
        run.loadFor(randomMillis(1_500, 3_000));
        WorkerProcess frozen = busiest();
        List<String> hadSessions = cluster.ownership().sessionsOf(frozen.name());
        run.fault();
        frozen.pause();
        // Longer than the Kafka session timeout and the lease TTL: the group and the leases move on without it.
        run.loadFor(Long.getLong("failover.pause-ms", 15_000));
        int replacedWhilePaused = cluster.replacedLogins() - run.replacedBefore;
        frozen.resume();
        run.restored();
        run.awaitRecovered(false);
        // Taking over a connection the frozen worker still holds open is unavoidable (WhatsApp sees one login
        // replace another); once it runs again, the frozen worker must not take any session back.
        assertTrue(replacedWhilePaused <= hadSessions.size(), "replacements while paused: " + replacedWhilePaused);
        // Each of its sessions is taken over once: during the pause, or (when the new owner opens it later, on a
        // busy machine) after it resumed; a session replaced twice would be one the resumed worker took back.
        run.allowReplacements(hadSessions);
        Ownership now = cluster.ownership();
        List<String> stayed = hadSessions.stream().filter(id -> now.owners().getOrDefault(id, List.of()).contains(frozen.name())).toList();
        run.note(hadSessions.size() + " sessions moved off the paused worker; " + replacedWhilePaused
                + " frozen connections taken over");
        run.verify();
        assertTrue(stayed.size() < hadSessions.size() || hadSessions.isEmpty(), "its sessions moved: " + stayed);
    }

    // ---- helpers ----

    private WorkerProcess busiest() {
        Ownership o = cluster.ownership();
        return cluster.workers().stream().max(Comparator.comparingInt(w -> o.sessionsOf(w.name()).size())).orElseThrow();
    }

    private long randomMillis(int from, int to) {
        return from + random.nextInt(to - from);
    }

    /** One scenario: load before, during and after the fault; the recovery measured; the checks and their counts. */
    private final class Run {
        final String name;
        final LoadDriver load;
        final int replacedBefore;
        private final Map<String, Integer> replacedBeforeBySession = new java.util.HashMap<>();
        private Set<String> replaceable = Set.of();
        private long faultNanos;
        private long restoredNanos;
        Duration recovered;
        private final List<String> notes = new ArrayList<>();

        Run(String name) {
            this.name = name;
            this.replacedBefore = cluster.replacedLogins();
            cluster.parties.forEach(p -> replacedBeforeBySession.put(p.session(), p.account().replacedLogins()));
            this.load = new LoadDriver(cluster, name, INBOUND_PER_SECOND, COMMANDS_PER_SECOND).start();
        }

        void loadFor(long millis) throws InterruptedException {
            Thread.sleep(millis);
        }

        void fault() {
            faultNanos = System.nanoTime();
            restoredNanos = faultNanos;
        }

        void restored() {
            restoredNanos = System.nanoTime();
        }

        void note(String text) {
            notes.add(text);
        }

        /** Logins may replace a live connection of {@code sessions}, each at most once (none of any other session). */
        void allowReplacements(java.util.Collection<String> sessions) {
            replaceable = Set.copyOf(sessions);
        }

        /**
         * Waits until every session is open on exactly one worker (and connected once at WhatsApp).
         *
         * @param disturbed wait first (up to 3 s) to see the fault take effect, so the old state is not mistaken
         *                  for the recovered one
         */
        void awaitRecovered(boolean disturbed) throws InterruptedException {
            if (disturbed) {
                long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                while (cluster.ownership().allOpenOnce() && System.nanoTime() < until) {
                    Thread.sleep(20);
                }
            }
            try {
                FailoverCluster.await(name + ": every session open on one worker", RECOVERY_LIMIT,
                        () -> cluster.ownership().allOpenOnce()
                                && cluster.accountsConnectedOnce() == FailoverCluster.SESSIONS);
            } catch (AssertionError e) {
                for (WorkerProcess w : cluster.workers()) {
                    w.dumpThreads(Path.of("target", "failover-logs", name + "-" + w.name() + "-threads.txt"));
                }
                WorkerProcess.dumpThreads(ProcessHandle.current().pid(),
                        Path.of("target", "failover-logs", name + "-test-jvm-threads.txt"));
                throw new AssertionError(e.getMessage() + "; " + cluster.ownership() + "; WhatsApp sees "
                        + cluster.accountsConnectedOnce() + " connected once; workers " + cluster.workers(), e);
            }
            recovered = Duration.ofNanos(System.nanoTime() - faultNanos);
            note(String.format("%.1f s after the fault%s", recovered.toMillis() / 1e3, restoredNanos == faultNanos ? ""
                    : String.format(", %.1f s after it was lifted", (System.nanoTime() - restoredNanos) / 1e9)));
        }

        void verify() throws InterruptedException {
            Thread.sleep(1_000); // traffic on the recovered cluster too
            load.stop();
            EventIndex events = cluster.events();
            FailoverCluster.await(name + ": every contact message on the events topic", DELIVERY_LIMIT, () -> {
                events.refresh();
                return load.inbound.entrySet().stream().allMatch(e -> events.published(e.getValue(), e.getKey()) > 0);
            });
            LoadDriver.Received received = new LoadDriver.Received();
            Set<String> commandIds = load.commands.keySet();
            try {
                FailoverCluster.await(name + ": every command's message at its recipient", DELIVERY_LIMIT, () -> {
                    try {
                        received.collect(cluster.parties);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return received.idsByCommand.keySet().containsAll(commandIds);
                });
            } catch (AssertionError e) {
                events.refresh();
                List<String> missing = commandIds.stream().filter(id -> !received.idsByCommand.containsKey(id))
                        .map(id -> id + " (result: " + events.result(id) + ")").toList();
                throw new AssertionError(e.getMessage() + "; " + missing.size() + " missing: "
                        + missing.subList(0, Math.min(10, missing.size())), e);
            }
            Thread.sleep(500); // a second copy would be on its way by now
            received.collect(cluster.parties);

            int inboundEvents = 0;
            int redelivered = 0;
            for (Map.Entry<String, String> e : load.inbound.entrySet()) {
                int n = events.published(e.getValue(), e.getKey());
                inboundEvents += n;
                redelivered += n - 1;
            }
            int copies = 0;
            List<String> twoIds = new ArrayList<>();
            for (String id : commandIds) {
                Set<String> ids = received.idsByCommand.get(id);
                if (ids.size() != 1) {
                    twoIds.add(id + " -> " + ids);
                }
                copies += received.copiesByCommand.get(id) - 1;
            }
            int replaced = cluster.replacedLogins() - replacedBefore;
            // A worker that could not renew its leases while the database was away lets those sessions go once
            // it notices (possibly after the recovery was first seen) and resumes them when renewals work again.
            FailoverCluster.await(name + ": every session open on one worker at the end", RECOVERY_LIMIT,
                    () -> cluster.ownership().allOpenOnce());
            Ownership end = cluster.ownership();
            System.out.printf("[failover] %s: %d sessions open after %s; %d contact messages -> %d events (%d dup); "
                            + "%d commands (+%d produced twice) -> %d messages (%d redelivered copies, same id); "
                            + "conflict replaced: %d; unacked sends: %d in, %d cmd%n",
                    name, end.open(), String.join("; ", notes), load.inbound.size(), inboundEvents, redelivered,
                    commandIds.size(), load.duplicatesProduced.get(), commandIds.size() - twoIds.size(), copies,
                    replaced, load.inboundUnacked.get(), load.commandsUnacked.get());

            assertTrue(twoIds.isEmpty(), name + ": commands that produced more than one WhatsApp message: " + twoIds);
            if (replaceable.isEmpty()) {
                assertEquals(0, replaced, name + ": logins that replaced a live connection");
            } else {
                Map<String, Integer> bySession = new java.util.TreeMap<>();
                for (Party p : cluster.parties) {
                    int n = p.account().replacedLogins() - replacedBeforeBySession.getOrDefault(p.session(), 0);
                    if (n > 0) {
                        bySession.put(p.session(), n);
                    }
                }
                assertTrue(bySession.entrySet().stream().allMatch(e -> e.getValue() == 1
                        && replaceable.contains(e.getKey())), name + ": only the moved sessions, each taken over once: "
                        + bySession + " (moved: " + replaceable + ")");
            }
            assertTrue(end.allOpenOnce(), name + ": " + end);
            assertTrue(load.inbound.size() > 0 && !commandIds.isEmpty(), name + ": traffic flowed");
        }
    }
}

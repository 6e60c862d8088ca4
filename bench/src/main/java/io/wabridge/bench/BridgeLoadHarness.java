package io.wabridge.bench;

import io.wabridge.bench.bridge.BridgePairing;
import io.wabridge.bench.bridge.BridgeTestbed;
import io.wabridge.bench.bridge.ClientFleet;
import io.wabridge.bench.bridge.CommandProducer;
import io.wabridge.bench.bridge.CpuMeter;
import io.wabridge.bench.bridge.EventStream;
import io.wabridge.bench.bridge.HarnessArgs;
import io.wabridge.bench.bridge.Percentiles;
import io.wabridge.bench.bridge.WorkerHeap;
import io.wabridge.client.message.content.Text;
import io.wabridge.proto.v1.EventEnvelope;
import io.wabridge.testkit.cluster.WorkerProcess;
import io.wabridge.simulator.contact.ContactMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * N sessions on ONE bridge worker (a child JVM running the packaged bridge), M messages each way, through the
 * real Kafka contract: embedded Kafka and Mongo-wire server and the simulator run in this JVM, with one simulated
 * contact (real Signal) per session.
 * <ol>
 *   <li>pairing: a connect command per session, the session's phone scans the QR event, until OPEN (batches);</li>
 *   <li>heap per connected session: the worker's used heap after a full GC, before pairing and with all N open;</li>
 *   <li>outbound: N*M send_message commands produced at once; commands/s until every command_result is ok, and
 *       command produced -> the contact decrypted the message;</li>
 *   <li>inbound: each contact encrypts its M texts for the session's device before the clock starts, then the
 *       simulator routes them in one burst ({@code SimulatedContact.sendBurst}, as the client-alone
 *       {@code InboundThroughputProbe} and the side-by-side benchmark do); message events/s on the events topic
 *       from the first burst's routing to the last message event read, and routing -> the harness read the event.
 *       {@code --inbound send} instead has the contacts send through their client inside the timed window (their
 *       encryption, the server's acks and receipts included), as the harness did before.</li>
 * </ol>
 * Both directions first send one message per session unmeasured (Signal sessions), then outbound and inbound run
 * {@code --rounds} times on the same worker, each round reported: the first while the worker's JIT still compiles,
 * the later ones at the steady state a long-running worker lives in. A phase's CPU per message counts the measured
 * process's CPU from the phase's start until it is idle again after the last result ({@link CpuMeter#settle}: the
 * views catching up on the phase's events, trailing receipts and flushes belong to the phase that caused them, not
 * to the next one; the RESULT line says how long that tail took). Everything is produced at
 * once, so the latencies include queueing behind the rest of the burst: they describe a saturated worker.
 * <pre>
 *   java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar io.wabridge.bench.BridgeLoadHarness \
 *       [--sessions 50] [--messages 100] [--rounds 3] [--pair-batch 25] [--bridge-jar bridge/target/quarkus-app/quarkus-run.jar]
 *       [--worker-java-options '...': added after G1, C2 and -Xmx1g, e.g. a JFR recording]
 *       [--worker-env K=V,...] [--views apart|worker] [--views-java-options '...']
 *       [--client-alone true|fleet|interleaved] [--client-alone-rounds 3]
 *       [--client-java-options '...': the client-alone fleet's JVM, added after the worker's G1, C2 and -Xmx1g]
 *       [--bridge-jar-b path] [--worker-b-java-options '...'] [--worker-b-env K=V,...]: an A/B run, below
 * </pre>
 * <b>Views</b>: {@code --views apart} (the default) runs the views in their own process of the same jar
 * ({@code wabridge.mode=views}) beside the worker, whose views are off and whose view queries go there
 * ({@code wabridge.views.url}): the topology of deploy/k8s. The measured process is the worker; the views' process
 * is measured over the same phases (until it too is idle) and reported beside it, per round and in a last RESULT line
 * (with the two together against the client alone when it runs). {@code --views worker} keeps them in the worker's process (one process alone, as
 * {@code ./wabridge demo} and Compose run the bridge; the only choice for an A/B run).
 * <b>A/B</b>: with any of the {@code -b} options a second worker, B, runs beside the first (A) on accounts and contacts
 * of its own, its own topics ({@code b.wabridge.*}), consumer groups and MongoDB database, with worker A's environment
 * plus its {@code --worker-b-env} (and its own jar, e.g. a copy of {@code bridge/target/quarkus-app} of
 * another build). Worker B's JVM options are the measured ones plus its {@code --worker-b-java-options} only (worker A's
 * {@code --worker-java-options} are A's: a JFR recording goes to one of them; an option both should have goes in both).
 * The rounds alternate between the two (A first in odd rounds, B in even ones) and a last line gives
 * B over A: the medians' ratio and the median of the per-round ratios. Measured back to back, the two sides of each
 * pair see the same machine (separate runs of one build move by 10-30%); still, an A/A run (B identical) at 500 sessions
 * x 48 rounds gave B/A 0.91 outbound and 0.94 inbound, so a difference under about 10% wants repeated runs.
 * Two client-alone baselines, each printed as the ratio of the bridge worker's CPU per message to the client's
 * (the bridge reaches half the client's rate on the same cores when the ratio is at most 2; CPU per message, because
 * on a shared machine wall-clock rates move with the load):
 * <ul>
 *   <li><b>one session</b> ({@code --client-alone true}, and also printed with {@code fleet}): {@code bench/side-by-side
 *   --workloads outbound --clients ours --rounds 3} after the bridge: its own simulator process, ONE session sending
 *   2,000 texts at once to ONE contact whose phone acks without decrypting (no delivery receipts), twelve warm-up
 *   bursts (its default), each round in a fresh process; the median of its rounds' process CPU per message. One client
 *   round moves 95-190 us between runs, hence several. A different shape from the bridge's: one session's burst, no
 *   receipts to handle.</li>
 *   <li><b>the same shape</b> ({@code --client-alone fleet}, or {@code --client-alone-shape same}): after the bridge's
 *   rounds the worker is stopped and its companion devices unlinked ({@link BridgeTestbed#unlinkCompanions}); then
 *   {@link ClientFleet} runs N sessions of our client library in ONE child JVM (the worker's JVM options, one client
 *   runtime, each session on its own memory store) against the same simulator, accounts and contacts: the sessions
 *   pair as the worker's did (the phones scan their QR codes, {@code --pair-batch} at a time), send one message each
 *   way unmeasured, then run the same {@code --rounds}: N*M texts sent at once (each session M to its contact), timed
 *   until every server ack AND every contact decrypted (the contacts answer with delivery receipts the clients
 *   handle, as the worker's sessions do); then the same pre-encrypted inbound bursts, until every session received
 *   its M. The child's CPU (by pid, as the worker's) per message over each window. The RESULT lines then give the
 *   outbound ratio against both baselines and the inbound ratio on the same shape, each the median of the steady
 *   rounds (the second half of the rounds; the worker's JIT compiles for about 25 rounds, so {@code --rounds 48}
 *   gives the steady state a long-running worker lives in, shorter runs a warming one) of the bridge over the median
 *   of the client's (the same rounds for the fleet). A last RESULT line gives the same ratios over all CPU of the
 *   steady rounds (their mean: every round has the same message count), what each process sustains with its slower
 *   rounds included. The client alone's rounds are bimodal: from round ~25 about every other round takes 2-4x its
 *   typical one, and in the GC log of one 50-session run each of those held a G1 concurrent mark cycle and no other
 *   round did (its live heap grows with every message, its sessions' memory stores, and crosses G1's adaptive marking
 *   threshold): a cost of holding every store in its heap that the worker (stores in MongoDB, another process) does
 *   not pay. So the medians, the client's rounds without that marking, are the target's figure; the sustained line
 *   flatters the bridge.
 *   What the fleet does not have is what the bridge adds: Kafka, MongoDB, the command log, the events, the views.</li>
 *   <li><b>the same shape, interleaved</b> ({@code --client-alone interleaved}): the fleet as above, but beside the
 *   worker instead of after it: the testbed holds 2N accounts and contacts, the worker pairs the first N, the fleet the
 *   others ({@link BridgeTestbed#shifted}), and the rounds alternate: round r of the worker (outbound, inbound), then
 *   round r of the client, each process measured by pid while the other idles. This machine's speed drifts by 10-30%
 *   between runs minutes apart (the same build and settings, every thread's share unchanged); measured back to back,
 *   both sides of a ratio see the same machine. Also printed: the per-round ratios and their median.</li>
 * </ul>
 */
public final class BridgeLoadHarness {
    private static final Duration WAIT = Duration.ofMinutes(10);
    /** No result, delivery or event for this long: the worker is stuck, not slow. */
    private static final Duration STALL = Duration.ofSeconds(60);
    /**
     * A phase's CPU is counted until the measured process is idle again (at most this long after its last result):
     * the work it caused and still does (the views catching up on its events, trailing receipts, write-behind
     * flushes) belongs to it, not to the next phase.
     */
    private static final Duration SETTLE = Duration.ofSeconds(20);

    public static void main(String[] argv) throws Exception {
        HarnessArgs args = new HarnessArgs(argv);
        int sessions = args.integer("sessions", 50);
        int messages = args.integer("messages", 100);
        int batch = args.integer("pair-batch", 25);
        int rounds = Math.max(1, args.integer("rounds", 3));
        boolean burst = !"send".equals(args.string("inbound", "burst"));
        String clientAloneOption = args.string("client-alone", "false");
        boolean interleaved = "interleaved".equals(clientAloneOption);
        boolean ab = args.workerB();
        if (ab && (!"false".equals(clientAloneOption) || args.string("client-alone-shape", null) != null)) {
            throw new IllegalArgumentException("worker B (--bridge-jar-b, --worker-b-java-options, --worker-b-env) and "
                    + "--client-alone (--client-alone-shape) are separate runs");
        }
        boolean fleet = interleaved || "fleet".equals(clientAloneOption)
                || "same".equals(args.string("client-alone-shape", "one"));
        boolean clientAlone = fleet || Boolean.parseBoolean(clientAloneOption);
        int clientRounds = Math.max(1, args.integer("client-alone-rounds", 3));
        String viewsOption = args.string("views", ab ? "worker" : "apart");
        if (!viewsOption.equals("apart") && !viewsOption.equals("worker")) {
            throw new IllegalArgumentException("--views apart (their own process, as deploy/k8s runs them) or worker "
                    + "(in the worker's process, as one process alone runs them); got " + viewsOption);
        }
        boolean viewsApart = viewsOption.equals("apart");
        if (ab && viewsApart) {
            throw new IllegalArgumentException("an A/B run compares two workers with the views in them: --views worker");
        }
        Rounds bridge = new Rounds();
        Rounds alone = new Rounds();
        // Interleaved: the fleet's sessions on accounts and contacts of their own, beside the worker's.
        try (BridgeTestbed bed = BridgeTestbed.start(interleaved || ab ? 2 * sessions : sessions, true)) {
            java.util.Map<String, String> workerEnv = new java.util.LinkedHashMap<>();
            WorkerProcess views = null;
            if (viewsApart) {
                views = bed.startViews("views", args.bridgeJar(), args.viewsJvmOptions(), java.util.Map.of());
                long started = System.nanoTime();
                views.awaitReady(Duration.ofMinutes(3));
                System.out.printf("views ready in %.1f s (their own process, pid %d, JVM options %s, log %s)%n",
                        (System.nanoTime() - started) / 1e9, views.pid(), args.viewsJvmOptions(), views.log());
                workerEnv.put("WABRIDGE_VIEWS_ENABLED", "false");
                workerEnv.put("WABRIDGE_VIEWS_URL", views.url());
            }
            workerEnv.putAll(args.workerEnv());
            try (WorkerProcess viewsProcess = views;
                 WorkerProcess worker = bed.startWorker("worker", args.bridgeJar(), args.workerJvmOptions(), workerEnv)) {
                long started = System.nanoTime();
                worker.awaitReady(Duration.ofMinutes(3));
                System.out.printf("worker ready in %.1f s (pid %d, JVM options %s, environment %s, log %s)%n",
                        (System.nanoTime() - started) / 1e9, worker.pid(), args.workerJvmOptions(), workerEnv,
                        worker.log());
                try (CommandProducer commands = new CommandProducer(bed.bootstrapServers(), BridgeTestbed.COMMANDS);
                     EventStream events = new EventStream(bed.bootstrapServers(), BridgeTestbed.EVENTS)) {
                    long heapBefore = WorkerHeap.usedAfterGc(worker);

                    long t0 = System.nanoTime();
                    long[] toOpen = BridgePairing.pair(commands, events, sessions, bed::account, batch,
                            Duration.ofMinutes(5));
                    double pairSeconds = (System.nanoTime() - t0) / 1e9;
                    System.out.printf("RESULT pairing: %d sessions paired through the bridge in %.1f s, batches of %d "
                            + "(connect command -> OPEN event %s)%n", sessions, pairSeconds, batch, Percentiles.p50p99(toOpen));

                    long heapAfter = WorkerHeap.usedAfterGc(worker);
                    System.out.printf("RESULT heap per connected session: %.1f KB (worker used heap after full GC: "
                            + "%.1f MiB idle, %.1f MiB with %d sessions open)%n", (heapAfter - heapBefore) / 1024.0 / sessions,
                            heapBefore / 1048576.0, heapAfter / 1048576.0, sessions);

                    bridge.bind(new BridgeTarget(bed, commands, events), worker.pid(), "", ab ? "a" : "", "worker", bed,
                            sessions, messages, burst);
                    if (viewsProcess != null) {
                        bridge.alsoMeasure(viewsProcess.pid());
                    }
                    if (interleaved) {
                        BridgeTestbed own = bed.shifted(sessions);
                        try (ClientFleet clients = ClientFleet.start(own, sessions, args.clientJvmOptions())) {
                            long t1 = System.nanoTime();
                            clients.pair(batch, Duration.ofMinutes(5));
                            System.out.printf("RESULT client alone pairing: %d sessions of our client in one JVM (pid "
                                    + "%d, JVM options %s, accounts and contacts of their own) paired in %.1f s, batches "
                                    + "of %d%n", sessions, clients.pid(), args.clientJvmOptions(),
                                    (System.nanoTime() - t1) / 1e9, batch);
                            alone.bind(new FleetTarget(clients), clients.pid(), "client alone ", "c", "client", own,
                                    sessions, messages, burst);
                            bridge.warm();
                            alone.warm();
                            // Round r of the worker, then round r of the client: both measured minutes apart at
                            // most, on the same machine state (its speed drifts by 10-30% between runs).
                            for (int round = 1; round <= rounds; round++) {
                                bridge.round(round);
                                alone.round(round);
                            }
                        }
                    } else if (ab) {
                        workerB(args, bed, bridge, alone, sessions, messages, rounds, batch, burst);
                    } else {
                        bridge.run(rounds);
                    }
                }
            }
            if (fleet && !interleaved) {
                // The same accounts, contacts and simulator: the worker's devices unlinked, the fleet pairs its own.
                bed.unlinkCompanions(sessions);
                try (ClientFleet clients = ClientFleet.start(bed, sessions, args.clientJvmOptions())) {
                    long t0 = System.nanoTime();
                    clients.pair(batch, Duration.ofMinutes(5));
                    System.out.printf("RESULT client alone pairing: %d sessions of our client in one JVM (pid %d, JVM "
                            + "options %s) paired in %.1f s, batches of %d%n", sessions, clients.pid(),
                            args.clientJvmOptions(), (System.nanoTime() - t0) / 1e9, batch);
                    alone.bind(new FleetTarget(clients), clients.pid(), "client alone ", "c", "client", bed, sessions,
                            messages, burst);
                    alone.run(rounds);
                }
            }
        }
        if (ab) {
            printAb(bridge, alone, rounds);
        }
        if (!bridge.viewsOutboundCpu.isEmpty()) {
            printViews(bridge, fleet ? alone : null, rounds);
        }
        if (clientAlone) {
            java.util.List<Double> single = clientAloneOutboundCpu(clientRounds);
            double bridgeOut = ProbeSupport.median(bridge.steady(bridge.outboundCpu));
            double singleOut = ProbeSupport.median(single);
            if (!fleet) {
                System.out.printf("RESULT client alone, outbound (bench/side-by-side --workloads outbound --clients ours "
                        + "--rounds %d, same run): %.0f us CPU per message (median of %s); bridge: worker %.0f us per "
                        + "command (median of %s: %s) = %.2fx the client's (<= 2x: half the client's rate on the "
                        + "same cores)%n", clientRounds, singleOut, rounded(single), bridgeOut, steadyRounds(rounds),
                        rounded(bridge.steady(bridge.outboundCpu)), bridgeOut / singleOut);
            } else {
                double fleetOut = ProbeSupport.median(alone.steady(alone.outboundCpu));
                System.out.printf("RESULT client alone, outbound: bridge worker %.0f us CPU per send_message command "
                        + "(median of %s: %s) = %.2fx the client alone on the same shape (%d sessions x %d "
                        + "texts, contacts decrypting and sending delivery receipts, one JVM, memory store: %.0f us per "
                        + "message, median of %s: %s) and %.2fx the client alone on one session (bench/side-by-"
                        + "side --workloads outbound --clients ours --rounds %d: one session x 2,000 texts to one contact "
                        + "acking without decrypting, no receipts: %.0f us, median of %s); <= 2x: half the client's rate "
                        + "on the same cores%n", bridgeOut, steadyRounds(rounds), rounded(bridge.steady(bridge.outboundCpu)),
                        bridgeOut / fleetOut, sessions, messages, fleetOut, steadyRounds(rounds),
                        rounded(alone.steady(alone.outboundCpu)), bridgeOut / singleOut, clientRounds, singleOut,
                        rounded(single));
                double bridgeIn = ProbeSupport.median(bridge.steady(bridge.inboundCpu));
                double fleetIn = ProbeSupport.median(alone.steady(alone.inboundCpu));
                System.out.printf("RESULT client alone, inbound: bridge worker %.0f us CPU per message event (median of "
                        + "%s: %s) = %.2fx the client alone on the same shape (%d sessions x %d texts, %s: %.0f "
                        + "us per message, median of %s: %s)%n", bridgeIn, steadyRounds(rounds),
                        rounded(bridge.steady(bridge.inboundCpu)), bridgeIn / fleetIn, sessions, messages,
                        burst ? "encrypted first, routed in one burst" : "sent at once by the contacts", fleetIn,
                        steadyRounds(rounds), rounded(alone.steady(alone.inboundCpu)));
                double bridgeOutNoJit = ProbeSupport.median(bridge.steady(bridge.outboundCpuNoJit));
                double fleetOutNoJit = ProbeSupport.median(alone.steady(alone.outboundCpuNoJit));
                double bridgeInNoJit = ProbeSupport.median(bridge.steady(bridge.inboundCpuNoJit));
                double fleetInNoJit = ProbeSupport.median(alone.steady(alone.inboundCpuNoJit));
                System.out.printf("RESULT client alone, without the JIT compiler threads of either process (the steady "
                        + "state of a long-running worker; %s): outbound bridge %.0f us %s vs client %.0f us %s = %.2fx; "
                        + "inbound bridge %.0f us %s vs client %.0f us %s = %.2fx (same shape)%n", steadyRounds(rounds),
                        bridgeOutNoJit, rounded(bridge.steady(bridge.outboundCpuNoJit)), fleetOutNoJit,
                        rounded(alone.steady(alone.outboundCpuNoJit)), bridgeOutNoJit / fleetOutNoJit, bridgeInNoJit,
                        rounded(bridge.steady(bridge.inboundCpuNoJit)), fleetInNoJit,
                        rounded(alone.steady(alone.inboundCpuNoJit)), bridgeInNoJit / fleetInNoJit);
                double bridgeOutAll = ProbeSupport.mean(bridge.steady(bridge.outboundCpu));
                double fleetOutAll = ProbeSupport.mean(alone.steady(alone.outboundCpu));
                double bridgeInAll = ProbeSupport.mean(bridge.steady(bridge.inboundCpu));
                double fleetInAll = ProbeSupport.mean(alone.steady(alone.inboundCpu));
                System.out.printf("RESULT client alone, sustained over %s (all their CPU over all their messages, "
                        + "every round the same count, slower rounds included: the client's hold the G1 marking of "
                        + "its in-heap stores, which the worker does not pay, so the medians above are the target's "
                        + "figure): outbound bridge %.0f us vs client %.0f us = %.2fx; inbound bridge %.0f us vs "
                        + "client %.0f us = %.2fx%n",
                        steadyRounds(rounds), bridgeOutAll, fleetOutAll, bridgeOutAll / fleetOutAll, bridgeInAll,
                        fleetInAll, bridgeInAll / fleetInAll);
                if (interleaved) {
                    java.util.List<Double> outRatios = ratios(bridge.steady(bridge.outboundCpu), alone.steady(alone.outboundCpu));
                    java.util.List<Double> inRatios = ratios(bridge.steady(bridge.inboundCpu), alone.steady(alone.inboundCpu));
                    System.out.printf("RESULT client alone, interleaved (round r of the worker, then round r of the "
                            + "client, %s): per round, the worker's CPU per message over the client's: outbound "
                            + "median %.2fx %s, inbound median %.2fx %s%n", steadyRounds(rounds),
                            ProbeSupport.median(outRatios), hundredths(outRatios), ProbeSupport.median(inRatios),
                            hundredths(inRatios));
                }
            }
        }
    }

    /** Worker B's prefix of topic and group names. */
    private static final String B = "b.";

    /**
     * What keeps worker B apart from worker A on the shared Kafka and MongoDB: its own topics, groups, database and
     * media directory (everything in application.properties two deployments on one cluster would otherwise share).
     */
    private static java.util.Map<String, String> isolatedB() {
        java.util.Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put("WABRIDGE_TOPICS_COMMANDS", B + BridgeTestbed.COMMANDS);
        env.put("WABRIDGE_TOPICS_EVENTS", B + BridgeTestbed.EVENTS);
        env.put("WABRIDGE_TOPICS_DLQ", B + "wabridge.commands.dlq");
        env.put("WABRIDGE_TOPICS_SESSIONS", B + "wabridge.sessions");
        env.put("WABRIDGE_TOPICS_VIEWS_DLQ", B + "wabridge.views.dlq");
        env.put("WABRIDGE_COMMANDS_GROUP_ID", B + "wabridge");
        env.put("QUARKUS_KAFKA_STREAMS_APPLICATION_ID", B + "wabridge-views");
        env.put("WABRIDGE_MONGODB_DATABASE", "wabridge-b");
        env.put("WABRIDGE_MEDIA_FS_ROOT", "data/media-b");
        return env;
    }

    /**
     * Worker B beside worker A (already paired and bound to {@code a}): its own accounts and contacts (N..2N-1), topics,
     * consumer groups and database; both warm up, then the rounds alternate, A first in odd rounds and B first in even
     * ones, each process measured by pid while the other idles.
     */
    private static void workerB(HarnessArgs args, BridgeTestbed bed, Rounds a, Rounds b, int sessions, int messages,
                                int rounds, int batch, boolean burst) throws Exception {
        BridgeTestbed own = bed.shifted(sessions);
        java.util.Map<String, String> env = new java.util.LinkedHashMap<>(args.workerBEnv());
        env.putAll(isolatedB()); // last: what keeps B apart is not an option's to undo
        try (WorkerProcess worker = bed.startWorker("worker-b", args.bridgeJarB(), args.workerBJvmOptions(), env)) {
            long started = System.nanoTime();
            worker.awaitReady(Duration.ofMinutes(3));
            System.out.printf("worker B ready in %.1f s (pid %d, jar %s, JVM options %s, environment %s, log %s)%n",
                    (System.nanoTime() - started) / 1e9, worker.pid(), args.bridgeJarB(), args.workerBJvmOptions(),
                    env, worker.log());
            try (CommandProducer commands = new CommandProducer(bed.bootstrapServers(), B + BridgeTestbed.COMMANDS);
                 EventStream events = new EventStream(bed.bootstrapServers(), B + BridgeTestbed.EVENTS)) {
                long t0 = System.nanoTime();
                long[] toOpen = BridgePairing.pair(commands, events, sessions, own::account, batch, Duration.ofMinutes(5));
                System.out.printf("RESULT worker B pairing: %d sessions paired in %.1f s (connect command -> OPEN event "
                        + "%s)%n", sessions, (System.nanoTime() - t0) / 1e9, Percentiles.p50p99(toOpen));
                b.bind(new BridgeTarget(own, commands, events), worker.pid(), "worker B ", "b", "worker B", own,
                        sessions, messages, burst);
                a.warm();
                b.warm();
                for (int round = 1; round <= rounds; round++) {
                    if (round % 2 == 1) {
                        a.round(round);
                        b.round(round);
                    } else {
                        b.round(round);
                        a.round(round);
                    }
                }
            }
        }
    }

    /** Worker B against worker A over the steady rounds: the medians, and the median of the per-round ratios. */
    private static void printAb(Rounds a, Rounds b, int rounds) {
        System.out.printf("RESULT A/B (%s, interleaved, A first in odd rounds): outbound A %.0f us vs B %.0f us "
                        + "(medians) = B/A %.3f, per round B/A median %.3f %s; inbound A %.0f us vs B %.0f us = B/A %.3f, "
                        + "per round median %.3f %s; without the JIT threads: outbound B/A %.3f (per round %.3f), "
                        + "inbound B/A %.3f (per round %.3f)%n", steadyRounds(rounds),
                ProbeSupport.median(a.steady(a.outboundCpu)), ProbeSupport.median(b.steady(b.outboundCpu)),
                ProbeSupport.median(b.steady(b.outboundCpu)) / ProbeSupport.median(a.steady(a.outboundCpu)),
                ProbeSupport.median(ratios(b.steady(b.outboundCpu), a.steady(a.outboundCpu))),
                hundredths(ratios(b.steady(b.outboundCpu), a.steady(a.outboundCpu))),
                ProbeSupport.median(a.steady(a.inboundCpu)), ProbeSupport.median(b.steady(b.inboundCpu)),
                ProbeSupport.median(b.steady(b.inboundCpu)) / ProbeSupport.median(a.steady(a.inboundCpu)),
                ProbeSupport.median(ratios(b.steady(b.inboundCpu), a.steady(a.inboundCpu))),
                hundredths(ratios(b.steady(b.inboundCpu), a.steady(a.inboundCpu))),
                ProbeSupport.median(b.steady(b.outboundCpuNoJit)) / ProbeSupport.median(a.steady(a.outboundCpuNoJit)),
                ProbeSupport.median(ratios(b.steady(b.outboundCpuNoJit), a.steady(a.outboundCpuNoJit))),
                ProbeSupport.median(b.steady(b.inboundCpuNoJit)) / ProbeSupport.median(a.steady(a.inboundCpuNoJit)),
                ProbeSupport.median(ratios(b.steady(b.inboundCpuNoJit), a.steady(a.inboundCpuNoJit))));
    }

    /**
     * The views' own process over the steady rounds (what deploy/k8s runs as a Deployment of its own), and, beside
     * the client alone ({@code alone}, or null), the worker and the views together: the machine's whole bridge.
     */
    private static void printViews(Rounds bridge, Rounds alone, int rounds) {
        double out = ProbeSupport.median(bridge.steady(bridge.viewsOutboundCpu));
        double in = ProbeSupport.median(bridge.steady(bridge.viewsInboundCpu));
        String both = "";
        if (alone != null) {
            double outBoth = ProbeSupport.median(sums(bridge.steady(bridge.outboundCpu), bridge.steady(bridge.viewsOutboundCpu)));
            double inBoth = ProbeSupport.median(sums(bridge.steady(bridge.inboundCpu), bridge.steady(bridge.viewsInboundCpu)));
            both = String.format("; worker and views together %.0f us outbound = %.2fx the client alone, %.0f us "
                    + "inbound = %.2fx (medians of the per-round sums)", outBoth,
                    outBoth / ProbeSupport.median(alone.steady(alone.outboundCpu)), inBoth,
                    inBoth / ProbeSupport.median(alone.steady(alone.inboundCpu)));
        }
        System.out.printf("RESULT views in their own process (--views apart, as deploy/k8s runs them): %.0f us CPU per "
                + "send_message command (median of %s: %s), %.0f us per message event (%s)%s%n", out, steadyRounds(rounds),
                rounded(bridge.steady(bridge.viewsOutboundCpu)), in, rounded(bridge.steady(bridge.viewsInboundCpu)), both);
    }

    /** Round by round, {@code a}'s figure plus {@code b}'s. */
    private static java.util.List<Double> sums(java.util.List<Double> a, java.util.List<Double> b) {
        java.util.List<Double> r = new ArrayList<>(a.size());
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            r.add(a.get(i) + b.get(i));
        }
        return r;
    }

    /** Round by round, {@code a}'s figure over {@code b}'s. */
    private static java.util.List<Double> ratios(java.util.List<Double> a, java.util.List<Double> b) {
        java.util.List<Double> r = new ArrayList<>(a.size());
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            r.add(a.get(i) / b.get(i));
        }
        return r;
    }

    private static String hundredths(java.util.List<Double> values) {
        return values.stream().map(v -> String.format("%.2f", v)).collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }

    /** The per-round CPU figures of one target, and the rounds themselves. */
    private static final class Rounds {
        final java.util.List<Double> outboundCpu = new java.util.ArrayList<>();
        final java.util.List<Double> inboundCpu = new java.util.ArrayList<>();
        /** The same without the measured process's JIT compiler threads ({@link CpuMeter#workerMicrosPerItemWithoutJit}). */
        final java.util.List<Double> outboundCpuNoJit = new java.util.ArrayList<>();
        final java.util.List<Double> inboundCpuNoJit = new java.util.ArrayList<>();
        /** The views' own process ({@code --views apart}), measured over the same phases: empty without one. */
        final java.util.List<Double> viewsOutboundCpu = new java.util.ArrayList<>();
        final java.util.List<Double> viewsInboundCpu = new java.util.ArrayList<>();
        private long viewsPid = -1;

        /**
         * Also measures the views' process {@code pid} in each phase, from the phase's start until it too is idle (its
         * idle wait runs beside the measured process's): its CPU per message is reported beside, not in, the measured
         * process's.
         */
        void alsoMeasure(long pid) {
            this.viewsPid = pid;
        }

        /**
         * One measured phase, begun when made: the measured process's CPU (and the views' process's, when measured)
         * from now until each is idle again after {@link #end}.
         */
        private final class Phase {
            final CpuMeter cpu = CpuMeter.start(pid);
            final CpuMeter views = viewsPid > 0 ? CpuMeter.start(viewsPid) : null;
            final java.time.LocalTime from = java.time.LocalTime.now();
            java.time.LocalTime to;

            /**
             * The phase's work is done: waits for both processes to be idle (side by side), adds their CPU per item to
             * the lists, and returns the figures for the RESULT line.
             */
            String end(int items, java.util.List<Double> cpuInto, java.util.List<Double> noJitInto,
                       java.util.List<Double> viewsInto) throws InterruptedException {
                to = java.time.LocalTime.now();
                java.util.concurrent.CompletableFuture<Duration> viewsTail = views == null ? null
                        : java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                            try {
                                return views.settle(SETTLE);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                throw new IllegalStateException("interrupted while the views settled", e);
                            }
                        });
                Duration tail = cpu.settle(SETTLE);
                cpuInto.add(cpu.workerMicrosPerItem(items));
                noJitInto.add(cpu.workerMicrosPerItemWithoutJit(items));
                String figure = cpu.perItem(items, measured) + tail(tail);
                if (views == null) {
                    return figure;
                }
                Duration viewsSettled = viewsTail.join();
                viewsInto.add(views.workerMicrosPerItem(items));
                return figure + String.format("; the views' own process %.0f us (%.0f us without its JIT compiler "
                        + "threads)%s", views.workerMicrosPerItem(items), views.workerMicrosPerItemWithoutJit(items),
                        tail(viewsSettled));
            }
        }

        /** How long the measured process worked on after the phase's last result (its CPU counted in the phase). */
        private static String tail(Duration tail) {
            return tail.equals(SETTLE) ? " (still busy " + SETTLE.toSeconds() + " s after: counted up to then)"
                    : String.format(" (until idle, %d ms after the last result)", tail.toMillis());
        }

        /**
         * The first rounds run while the JIT still compiles (a worker has much more to compile than a client: Kafka
         * clients, Kafka Streams, the MongoDB driver; its JIT compiler threads are still 25-45% of its CPU in rounds
         * 13-24 of 5,000 messages and 2-12% in rounds 25-48, on 2 cores): the second half of the rounds is
         * the figure, rounds {@code R/2+1} to {@code R} (2 to R for R <= 3); 48 rounds measure the steady state.
         */
        java.util.List<Double> steady(java.util.List<Double> perRound) {
            return perRound.subList(steadyFrom(perRound.size()), perRound.size());
        }

        private Target target;
        private long pid;
        private String label;
        private String tag;
        private String measured;
        private BridgeTestbed bed;
        private int sessions;
        private int messages;
        private boolean burst;

        /**
         * What the rounds run on: {@code target}'s sessions, the process {@code pid} measured; {@code tag} starts the
         * texts' (and command ids') run tags, one letter per target of a run so each target hears only its own, the
         * same length for the two workers of an A/B.
         */
        void bind(Target target, long pid, String label, String tag, String measured, BridgeTestbed bed, int sessions,
                  int messages, boolean burst) {
            this.target = target;
            this.pid = pid;
            this.label = label;
            this.tag = tag;
            this.measured = measured;
            this.bed = bed;
            this.sessions = sessions;
            this.messages = messages;
            this.burst = burst;
        }

        /**
         * One message per session each way unmeasured (Signal sessions), then {@code rounds} times outbound and
         * inbound, each round reported with the CPU of the process {@code pid} per message.
         */
        void run(int rounds) throws Exception {
            warm();
            // Round after round on the same process: the first ones run while its JIT still compiles the
            // paths (as the client-alone probes' warm-up rounds do); the last ones are the steady state.
            for (int round = 1; round <= rounds; round++) {
                round(round);
            }
        }

        /** One message per session each way, unmeasured: the Signal sessions set up. */
        void warm() throws Exception {
            new Outbound(bed, target, sessions, 1, tag + "w").run();
            new Inbound(bed, target, sessions, 1, tag + "w", false).run();
        }


        /** Round {@code round}: the outbound burst, then the inbound one, each measured and reported. */
        void round(int round) throws Exception {
            Outbound out = new Outbound(bed, target, sessions, messages, tag + "m" + round);
            Phase outPhase = new Phase();
            out.run();
            String outCpuFigure = outPhase.end(out.total, outboundCpu, outboundCpuNoJit, viewsOutboundCpu);
            System.out.printf("phase %sround %d outbound %s - %s (wall clock, to slice a JFR recording)%n", label,
                    round, outPhase.from, outPhase.to);
            System.out.printf("RESULT %sround %d outbound: %d %s (%d sessions x %d) %s at once: %.0f %s/s until "
                    + "all %s (%d errors); %s %s -> contact received %s; %s%n", label, round, out.total,
                    target.sends(), sessions, messages, target.produced(), out.total / out.resultSeconds(),
                    target.sendUnit() + "s", target.acked(), out.errors.get(), target.sendUnit(), target.produced(),
                    Percentiles.p50p99(out.delivered), outCpuFigure);

            Inbound in = new Inbound(bed, target, sessions, messages, tag + "m" + round, burst);
            Phase inPhase = new Phase();
            in.run();
            String inCpuFigure = inPhase.end(in.total, inboundCpu, inboundCpuNoJit, viewsInboundCpu);
            System.out.printf("phase %sround %d inbound %s - %s%n", label, round, inPhase.from, inPhase.to);
            System.out.printf("RESULT %sround %d inbound: %d messages (%d contacts x %d) %s: %.0f message "
                    + "events/s; %s; %s%n", label, round, in.total, sessions, messages,
                    burst ? "encrypted first, routed in one burst" : "sent at once by the contacts",
                    in.total / in.seconds(), target.perMessageLatency()
                            ? "contact send -> message event read " + Percentiles.p50p99(in.received)
                            : "no per-message latency (the child counts)", inCpuFigure);
        }
    }

    /** The sessions under test: the bridge worker through Kafka, or our client alone in a child JVM. */
    private interface Target {
        /** Before the watchers start: {@code out} hears the acks of its sends from now on. */
        void listen(Outbound out) throws Exception;

        /**
         * Sends the text {@code tag + (s * messages + m)} from session s to its contact for every m (outer) and s
         * (inner), {@code out.produced[idx]} the time it was handed over.
         */
        void send(Outbound out) throws Exception;

        /** Before anything is sent to the sessions: {@code in} hears the messages they receive from now on. */
        void listen(Inbound in) throws Exception;

        void unlisten(EventStream.Listener listener);

        /** Throws if the sessions' process reported a failure. */
        default void check() {
        }

        default String sends() {
            return "send_message commands";
        }

        default String produced() {
            return "produced";
        }

        default String sendUnit() {
            return "command";
        }

        default String acked() {
            return "command_result ok";
        }

        default boolean perMessageLatency() {
            return true;
        }
    }

    /** The bridge worker: commands produced to Kafka, results and message events read from the events topic. */
    private record BridgeTarget(BridgeTestbed bed, CommandProducer commands, EventStream events) implements Target {
        @Override
        public void listen(Outbound out) {
            events.add(out);
        }

        @Override
        public void send(Outbound out) {
            for (int m = 0; m < out.messages; m++) {
                for (int s = 0; s < out.sessions; s++) {
                    int idx = s * out.messages + m;
                    out.produced[idx] = System.nanoTime();
                    commands.sendText(BridgeTestbed.sessionId(s), out.tag + idx, "+" + bed.contact(s).account().phoneNumber(),
                            out.tag + idx);
                }
            }
            commands.flush();
        }

        @Override
        public void listen(Inbound in) {
            events.add(in);
        }

        @Override
        public void unlisten(EventStream.Listener listener) {
            events.remove(listener);
        }
    }

    /** Our client alone: the sessions in the {@link ClientFleet} child, which reports when all are acked/received. */
    private record FleetTarget(ClientFleet fleet) implements Target {
        @Override
        public void listen(Outbound out) {
        }

        @Override
        public void send(Outbound out) throws Exception {
            fleet.send(out.tag, out.messages, out.produced, sent -> out.ackedAll(sent.get("count").asInt(),
                    sent.get("failed").asInt(), sent.get("endNanos").asLong()));
        }

        @Override
        public void listen(Inbound in) throws Exception {
            fleet.expect(in.messages, received -> in.arrivedAll(received.get("count").asInt(),
                    received.get("lastNanos").asLong()));
        }

        @Override
        public void unlisten(EventStream.Listener listener) {
        }

        @Override
        public void check() {
            fleet.check();
        }

        @Override
        public String sends() {
            return "texts";
        }

        @Override
        public String produced() {
            return "sent";
        }

        @Override
        public String sendUnit() {
            return "message";
        }

        @Override
        public String acked() {
            return "server acks";
        }

        @Override
        public boolean perMessageLatency() {
            return false;
        }
    }

    /** Index of the first steady round of {@code rounds}: the second half, never round 1 unless it is the only one. */
    private static int steadyFrom(int rounds) {
        return rounds <= 1 ? 0 : Math.max(1, rounds / 2);
    }

    /** "rounds F-R": the steady rounds, as printed. */
    private static String steadyRounds(int rounds) {
        int from = steadyFrom(rounds) + 1;
        return from >= rounds ? "round " + rounds : "rounds " + from + "-" + rounds;
    }

    private static String rounded(java.util.List<Double> values) {
        return values.stream().map(v -> String.valueOf(Math.round(v))).collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }

    /**
     * Our client alone on the outbound workload, in child processes ({@code SideBySideBenchmark}, ours only): its
     * process CPU microseconds per message, as the side-by-side benchmark reports it.
     */
    private static java.util.List<Double> clientAloneOutboundCpu(int rounds) throws Exception {
        String jar = java.nio.file.Path.of(BridgeLoadHarness.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI()).toString();
        Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp", jar,
                io.wabridge.bench.sidebyside.SideBySideBenchmark.class.getName(), "--workloads", "outbound",
                "--clients", "ours", "--rounds", String.valueOf(rounds)).redirectErrorStream(true).start();
        java.util.regex.Pattern cpu = java.util.regex.Pattern.compile("round \\d+ ours\\s+outbound, client CPU us/msg\\s+([0-9,.]+)");
        java.util.List<Double> found = new java.util.ArrayList<>();
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()))) {
            for (String line; (line = lines.readLine()) != null; ) {
                System.out.println("  client alone | " + line);
                var m = cpu.matcher(line);
                if (m.find()) {
                    found.add(Double.parseDouble(m.group(1).replace(",", "")));
                }
            }
        }
        p.waitFor();
        if (found.isEmpty()) {
            throw new IllegalStateException("the client-alone run printed no outbound CPU figure (exit " + p.exitValue() + ")");
        }
        return found;
    }

    /** send_message commands, one text per (session, message), produced in one burst. */
    private static final class Outbound implements EventStream.Listener {
        final int total;
        final long[] produced;
        final long[] delivered;
        final AtomicInteger results = new AtomicInteger();
        final AtomicInteger errors = new AtomicInteger();
        final AtomicInteger deliveries = new AtomicInteger();
        final AtomicLong lastResult = new AtomicLong();
        private final BridgeTestbed bed;
        private final Target target;
        final int sessions;
        final int messages;
        final String tag;
        private long start;

        Outbound(BridgeTestbed bed, Target target, int sessions, int messages, String run) {
            this.bed = bed;
            this.target = target;
            this.sessions = sessions;
            this.messages = messages;
            this.tag = run + "-o-";
            this.total = sessions * messages;
            this.produced = new long[total];
            this.delivered = new long[total];
        }

        void run() throws Exception {
            target.listen(this);
            List<Thread> watchers = new ArrayList<>();
            for (int s = 0; s < sessions; s++) {
                int session = s;
                watchers.add(Thread.ofVirtual().start(() -> watch(session)));
            }
            start = System.nanoTime();
            target.send(this);
            Progress progress = new Progress();
            while ((results.get() < total || deliveries.get() < total) && progress.advancing(results.get() + deliveries.get())) {
                target.check();
                Thread.sleep(20);
            }
            target.unlisten(this);
            watchers.forEach(Thread::interrupt);
            if (results.get() < total || deliveries.get() < total) {
                throw new IllegalStateException("outbound: " + results.get() + " results and " + deliveries.get()
                        + " deliveries of " + total + " (stalled " + STALL + " or over " + WAIT + ")");
            }
        }

        double resultSeconds() {
            return (lastResult.get() - start) / 1e9;
        }

        /** {@code count} sends acked at once ({@code failed} of them not), the last at {@code atNanos}. */
        void ackedAll(int count, int failed, long atNanos) {
            lastResult.accumulateAndGet(atNanos, Math::max);
            errors.addAndGet(failed);
            results.addAndGet(count);
        }

        private void watch(int session) {
            try {
                while (deliveries.get() < total) {
                    ContactMessage message = bed.contact(session).awaitMessage(Duration.ofMillis(500));
                    long now = System.nanoTime();
                    String text = message == null ? null : message.text();
                    if (text != null && text.startsWith(tag)) {
                        int idx = Integer.parseInt(text.substring(tag.length()));
                        if (delivered[idx] == 0) {
                            delivered[idx] = now - produced[idx];
                            deliveries.incrementAndGet();
                        }
                    }
                }
            } catch (InterruptedException e) {
                // done
            }
        }

        @Override
        public void onEvent(EventEnvelope event, long polledNanos, long producedMillis) {
            if (event.hasCommandResult() && event.getCausationId().startsWith(tag)) {
                if (!event.getCommandResult().hasOk() && errors.incrementAndGet() <= 5) {
                    System.err.println("command " + event.getCausationId() + " failed: " + event.getCommandResult());
                }
                lastResult.accumulateAndGet(polledNanos, Math::max);
                results.incrementAndGet();
            }
        }
    }

    /** Texts from each session's contact to the session: sent at once, or encrypted first and routed as a burst. */
    private static final class Inbound implements EventStream.Listener {
        final int total;
        final long[] sent;
        final long[] received;
        final AtomicInteger arrived = new AtomicInteger();
        final AtomicLong last = new AtomicLong();
        private final BridgeTestbed bed;
        private final Target target;
        private final int sessions;
        final int messages;
        private final String tag;
        private final boolean burst;
        private long start;

        Inbound(BridgeTestbed bed, Target target, int sessions, int messages, String run, boolean burst) {
            this.bed = bed;
            this.target = target;
            this.sessions = sessions;
            this.messages = messages;
            this.tag = run + "-i-";
            this.burst = burst;
            this.total = sessions * messages;
            this.sent = new long[total];
            this.received = new long[total];
        }

        void run() throws Exception {
            target.listen(this);
            AtomicInteger failed = new AtomicInteger();
            if (burst) {
                bursts();
            } else {
                sendAll(failed);
            }
            Progress progress = new Progress();
            while (arrived.get() < total && progress.advancing(arrived.get())) {
                target.check();
                Thread.sleep(20);
            }
            target.unlisten(this);
            for (int i = 0; i < total; i++) {
                received[i] = received[i] == 0 ? 0 : received[i] - sent[i];
            }
            if (arrived.get() < total) {
                throw new IllegalStateException("inbound: " + arrived.get() + " message events of " + total
                        + " (stalled " + STALL + " or over " + WAIT + ")");
            }
        }

        /** The contacts send through their client, encrypting inside the timed window. */
        private void sendAll(AtomicInteger failed) {
            start = System.nanoTime();
            for (int m = 0; m < messages; m++) {
                for (int s = 0; s < sessions; s++) {
                    int idx = s * messages + m;
                    sent[idx] = System.nanoTime();
                    bed.contact(s).sendAsync(bed.account(s).jid(), new Text(tag + idx)).whenComplete((id, e) -> {
                        if (e != null && failed.incrementAndGet() <= 5) {
                            System.err.println("contact send " + idx + " not acked: " + e);
                        }
                    });
                }
            }
        }

        /**
         * Each contact encrypts its texts first, then the simulator routes them at once; the clock starts when the
         * first contact's burst is routed (contacts encrypt on their own threads: what the others still encrypt
         * then, a few microseconds a text with the Java ratchet, overlaps the window in this JVM, not the worker's).
         */
        private void bursts() throws InterruptedException {
            List<java.util.concurrent.CompletableFuture<Long>> routed = new ArrayList<>(sessions);
            for (int s = 0; s < sessions; s++) {
                List<Text> texts = new ArrayList<>(messages);
                for (int m = 0; m < messages; m++) {
                    texts.add(new Text(tag + (s * messages + m)));
                }
                routed.add(bed.contact(s).sendBurst(bed.account(s).jid(), texts));
            }
            long first = Long.MAX_VALUE;
            for (int s = 0; s < sessions; s++) {
                long at;
                try {
                    at = routed.get(s).get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    throw new IllegalStateException("burst of contact " + s + " not routed", e);
                }
                first = Math.min(first, at);
                java.util.Arrays.fill(sent, s * messages, (s + 1) * messages, at);
            }
            start = first;
        }

        double seconds() {
            return (last.get() - start) / 1e9;
        }

        /** {@code count} messages received, the last at {@code atNanos} (no per-message times). */
        void arrivedAll(int count, long atNanos) {
            last.accumulateAndGet(atNanos, Math::max);
            arrived.addAndGet(count);
        }

        @Override
        public void onEvent(EventEnvelope event, long polledNanos, long producedMillis) {
            if (event.hasMessage() && event.getMessage().getContent().getText().startsWith(tag)) {
                int idx = Integer.parseInt(event.getMessage().getContent().getText().substring(tag.length()));
                if (received[idx] == 0) {
                    received[idx] = polledNanos; // made a latency after the run: a burst may arrive before its start is known
                    last.accumulateAndGet(polledNanos, Math::max);
                    arrived.incrementAndGet();
                }
            }
        }
    }

    /** Keeps waiting while the count moves at least once per {@link #STALL} and {@link #WAIT} has not passed. */
    private static final class Progress {
        private final long deadline = System.nanoTime() + WAIT.toNanos();
        private long lastCount = -1;
        private long lastChange = System.nanoTime();

        boolean advancing(long count) {
            long now = System.nanoTime();
            if (count != lastCount) {
                lastCount = count;
                lastChange = now;
            }
            return now < deadline && now - lastChange < STALL.toNanos();
        }
    }
}

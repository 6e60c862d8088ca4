package io.wabridge.bench;

import io.wabridge.bench.bridge.HarnessArgs;
import io.wabridge.bridge.failover.SoakRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The full fault soak of issue 18: the bridge's {@code SoakRun} (the very code of its failsafe {@code SoakIT}, from
 * the bridge's test-jar) with any number of faults and sessions: 3 worker processes of the packaged jar, contacts
 * writing and commands flowing the whole time, a seeded random sequence of worker SIGKILL, SIGSTOP past the lease,
 * SIGTERM in a burst, Kafka restart, database cut, socket drops, 515/503 storms and a slow database. Prints the
 * issue's table (faults survived, messages in and out, lost and duplicated, recovery p50/p99 per fault kind, heap
 * after GC and threads at start and end) and exits 1 if a guarantee did not hold.
 * <pre>
 *   ./mvnw -B -pl bench -am package -DskipTests
 *   java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar io.wabridge.bench.SoakHarness \
 *       --faults 200 --sessions 200 [--seed S] [--bridge-jar bridge/target/quarkus-app/quarkus-run.jar] [--logs DIR]
 * </pre>
 */
public final class SoakHarness {

    public static void main(String[] argv) throws Exception {
        HarnessArgs args = new HarnessArgs(argv);
        int faults = args.integer("faults", 200);
        // The cluster fixture reads its session count once, when first used.
        System.setProperty("failover.sessions", Integer.toString(args.integer("sessions", 200)));
        long seed = Long.parseLong(args.string("seed", Long.toString(System.nanoTime())));
        Path jar = args.bridgeJar();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("no packaged bridge at " + jar + " (--bridge-jar)");
        }
        Path logs = Path.of(args.string("logs", "bench/target/soak-logs"));
        SoakRun.Report report = new SoakRun(jar, logs, faults, seed, System.out).run();
        report.print(System.out);
        List<String> violations = report.violations();
        System.exit(violations.isEmpty() ? 0 : 1);
    }
}

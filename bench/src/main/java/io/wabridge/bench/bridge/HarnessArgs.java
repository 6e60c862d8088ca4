package io.wabridge.bench.bridge;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code --name value} options of the harnesses' command lines. */
public final class HarnessArgs {
    private final String[] args;

    public HarnessArgs(String[] args) {
        this.args = args.clone();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got: " + String.join(" ", args));
            }
        }
    }

    public String string(String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (args[i].equals("--" + name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    public int integer(String name, int fallback) {
        return Integer.parseInt(string(name, Integer.toString(fallback)));
    }

    /**
     * What restores measurement settings over testkit's small worker defaults (serial GC, C1 only, 256 MB); a fixed
     * set of JIT compiler threads, so {@code CpuMeter}'s figure without them counts every compiler thread a phase
     * used (HotSpot otherwise starts and stops compiler threads with the load on machines of four cores or more).
     */
    public static final String MEASURED_WORKER_OPTIONS = "-XX:-UseSerialGC -XX:+UseG1GC -XX:TieredStopAtLevel=4 -Xmx1g "
            + "-XX:-UseDynamicNumberOfCompilerThreads";

    /**
     * JVM options of the workers: {@link #MEASURED_WORKER_OPTIONS} (G1, C2, 1 GB heap; testkit's defaults suit
     * functional tests, not measurements), then {@code --worker-java-options} (space-separated), which come later and
     * so win: a JFR recording added there keeps the measured settings ({@code -XX:+UseSerialGC} would still override).
     */
    public List<String> workerJvmOptions() {
        return measuredPlus("worker-java-options");
    }

    /**
     * JVM options of a client-alone child process: the workers' {@link #MEASURED_WORKER_OPTIONS} (the same GC,
     * compiler and heap as the worker it is compared with), then {@code --client-java-options}.
     */
    public List<String> clientJvmOptions() {
        return measuredPlus("client-java-options");
    }

    /**
     * JVM options of the views' own process ({@code --views apart}): {@link #MEASURED_WORKER_OPTIONS}, then
     * {@code --views-java-options}.
     */
    public List<String> viewsJvmOptions() {
        return measuredPlus("views-java-options");
    }

    private List<String> measuredPlus(String option) {
        String options = MEASURED_WORKER_OPTIONS + " " + string(option, "");
        return List.of(options.trim().split("\\s+"));
    }

    /** Extra environment of the workers, {@code --worker-env K=V,K2=V2} (e.g. WABRIDGE_SESSIONS_LEASE_TTL=10s). */
    public Map<String, String> workerEnv() {
        return env("worker-env");
    }

    private Map<String, String> env(String option) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String pair : string(option, "").split(",")) {
            if (!pair.isBlank()) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("--" + option + " wants K=V pairs, got " + pair);
                }
                env.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return env;
    }

    /** The packaged bridge: {@code --bridge-jar}, by default the one built in this checkout. */
    public Path bridgeJar() {
        return Path.of(string("bridge-jar", "bridge/target/quarkus-app/quarkus-run.jar"));
    }

    /**
     * True when a second worker, B, is to be measured beside the first, A: one of {@code --bridge-jar-b},
     * {@code --worker-b-java-options} or {@code --worker-b-env} is given.
     */
    public boolean workerB() {
        return string("bridge-jar-b", null) != null || string("worker-b-java-options", null) != null
                || string("worker-b-env", null) != null;
    }

    /**
     * Worker B's JVM options: {@link #MEASURED_WORKER_OPTIONS}, then {@code --worker-b-java-options}. Worker A's
     * {@code --worker-java-options} are A's alone (a JFR recording there would otherwise have both JVMs write one
     * file): an option both should have goes in both.
     */
    public List<String> workerBJvmOptions() {
        return measuredPlus("worker-b-java-options");
    }

    /** Worker B's extra environment: worker A's ({@link #workerEnv}), then {@code --worker-b-env}. */
    public Map<String, String> workerBEnv() {
        Map<String, String> env = workerEnv();
        env.putAll(env("worker-b-env"));
        return env;
    }

    /** Worker B's packaged bridge: {@code --bridge-jar-b}, by default worker A's. */
    public Path bridgeJarB() {
        String jar = string("bridge-jar-b", null);
        return jar == null ? bridgeJar() : Path.of(jar);
    }
}

package io.wabridge.bench.sidebyside;

import com.fasterxml.jackson.databind.JsonNode;
import io.wabridge.bench.ProbeSupport;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Our client and Baileys 7 side by side, the same workloads against the same simulator, in one command:
 * <pre>
 *   ./mvnw -B -pl bench -am package -DskipTests
 *   java -cp bench/target/benchmarks.jar io.wabridge.bench.sidebyside.SideBySideBenchmark [options]
 * </pre>
 * run from the repository root (Baileys comes from {@code conformance/node_modules}: {@code (cd conformance && npm ci
 * --ignore-scripts)}). The simulator runs in a process of its own ({@link SimulatorProcess}), driven through its
 * HTTP control API; each client under test runs in a process of its own too, started afresh for every run: our
 * client in a JVM ({@link OursAgent}), Baileys in node ({@code conformance/harness/side-by-side.mjs}). Runs are
 * interleaved (per workload: ours, Baileys, then Baileys, ours in the next round, ...) and every figure is the median
 * over the rounds, with the range. The load average ({@code uptime}) is printed at start and end: on a shared
 * machine the figures are upper bounds.
 *
 * <ul>
 *   <li><b>inbound</b>: a simulated contact encrypts N texts for the client's device (a {@code msg} session: the
 *   client wrote to the contact first), then the simulator routes them in one burst; msg/s from the simulator's
 *   clock at the first routing to the client's N-th message event (both read the machine's monotonic clock).
 *   {@code --warmup-bursts} (12) bursts of the same size run first in the same process, so both runtimes' compilers
 *   have reached the steady state a long-running bridge lives in (after 4, our JVM still compiled on some machines);
 *   the first burst's msg/s is reported on its own row (cold). Also the client process's CPU time (all its
 *   threads) from before the burst to the N-th event, per message: less disturbed by a loaded machine.</li>
 *   <li><b>group-inbound</b> (not in the default set): the same contact and client in a group of the two; the
 *   contact's burst of N pre-encrypted {@code skmsg}s ({@code POST /groups/{jid}/burst}), timed and warmed up as
 *   inbound. With inbound in the same run, the report prints group / 1:1 per client (issue 12: at least 0.5).</li>
 *   <li><b>outbound</b>: N texts sent at once to the contact (two encryptions each: the contact's phone and our own
 *   phone's copy, both sessions established), msg/s until the server acked the last; the simulated phones ack
 *   without decrypting. Warm-up bursts first, as inbound. Also the client process's CPU time per message.</li>
 *   <li><b>idle heap</b>: sessions linked and logged in, S at a time up to N, the heap after full GCs at each step
 *   (our JVM: used heap after {@code System.gc()}; node: {@code heapUsed} after {@code global.gc()}); bytes per
 *   session is the least-squares slope over the steps from S to N.</li>
 *   <li><b>connect -> QR</b> (creating a client on a fresh store to its first QR) and <b>reconnect -> open</b>
 *   (creating a client on stored credentials to open): medians of K runs after W warm-ups, per process; the figure
 *   is the median of those medians.</li>
 * </ul>
 *
 * Options: {@code --rounds 3}, {@code --messages 2000}, {@code --warmup-bursts 12}, {@code --sessions 100},
 * {@code --step 10}, {@code --connect-runs 20}, {@code --connect-warmup 5},
 * {@code --workloads inbound,outbound,heap,connect} (and {@code group-inbound}),
 * {@code --clients ours,baileys}, {@code --conformance-dir conformance}, {@code --java-opts "..."} (for our agent's
 * JVM, split on spaces), {@code --baileys-auth memory|files} (Baileys' keys and credentials in memory, as our agent's
 * store, or in files through {@code useMultiFileAuthState}, which takes its key store out of its heap). Agents' protocol: JSON lines, see {@link OursAgent}.
 */
public final class SideBySideBenchmark {
    private static final Duration SETUP = Duration.ofSeconds(120);
    private static final Duration WORK = Duration.ofSeconds(600);

    enum Client { OURS, BAILEYS }

    enum Workload {
        INBOUND("inbound, msg/s", true),
        INBOUND_CPU("inbound, client CPU us/msg", false),
        INBOUND_COLD("inbound, first burst, msg/s", true),
        GROUP_INBOUND("group inbound, msg/s", true),
        GROUP_INBOUND_CPU("group inbound, CPU us/msg", false),
        GROUP_INBOUND_COLD("group inb., 1st burst, msg/s", true),
        OUTBOUND("outbound, msg/s", true),
        OUTBOUND_CPU("outbound, client CPU us/msg", false),
        OUTBOUND_COLD("outbound, first burst, msg/s", true),
        HEAP("idle heap per session, KiB", false),
        CONNECT_QR("connect -> QR, ms", false),
        RECONNECT("reconnect -> open, ms", false);

        final String label;
        final boolean higherIsBetter;

        Workload(String label, boolean higherIsBetter) {
            this.label = label;
            this.higherIsBetter = higherIsBetter;
        }
    }

    private final Options options;
    private final SimulatorControl control;
    private final URI url;
    private final String root;
    private final Map<Workload, Map<Client, List<Double>>> results = new EnumMap<>(Workload.class);
    private final ExecutorService scans = Executors.newVirtualThreadPerTaskExecutor();
    private int nextPhone;

    private SideBySideBenchmark(Options options, JsonNode simulator) {
        this.options = options;
        this.control = new SimulatorControl(URI.create(simulator.get("controlUrl").asText()));
        this.url = URI.create(simulator.get("url").asText());
        this.root = simulator.get("noiseRootKey").asText();
        this.nextPhone = 1_000_000 + (int) (ProcessHandle.current().pid() % 1000) * 1000;
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        System.out.println("side-by-side benchmark: our client vs Baileys 7.0.0-rc14, against the simulator in its own process");
        System.out.println("at start: " + command(List.of("uptime")).trim() + "; cores: " + Runtime.getRuntime().availableProcessors() + "; java " + Runtime.version()
                + "; " + command(List.of("node", "--version")).trim());
        System.out.println(options);
        try (AgentProcess simulator = AgentProcess.start("simulator", Path.of("."), List.of(javaBinary(),
                "-cp", benchJar(), SimulatorProcess.class.getName(), "0"))) {
            SideBySideBenchmark benchmark = new SideBySideBenchmark(options, simulator.next(Duration.ofSeconds(60)));
            benchmark.run();
            benchmark.report();
        }
        System.out.println("at end: " + command(List.of("uptime")).trim());
        System.exit(0);
    }

    /**
     * Round by round, workload by workload, each client once: ours then Baileys in odd rounds, Baileys then ours in
     * even ones, so neither always runs first nor on a machine left busier by the other.
     */
    private void run() throws Exception {
        for (int round = 1; round <= options.rounds; round++) {
            List<Client> order = new ArrayList<>(options.clients);
            if (round % 2 == 0) {
                Collections.reverse(order);
            }
            for (String workload : options.workloads) {
                for (Client client : order) {
                    switch (workload) {
                        case "inbound" -> {
                            double[] inbound = messaging(client, Kind.INBOUND);
                            record(Workload.INBOUND, client, round, inbound[0]);
                            record(Workload.INBOUND_CPU, client, round, inbound[1]);
                            record(Workload.INBOUND_COLD, client, round, inbound[2]);
                        }
                        case "group-inbound" -> {
                            double[] inbound = messaging(client, Kind.GROUP_INBOUND);
                            record(Workload.GROUP_INBOUND, client, round, inbound[0]);
                            record(Workload.GROUP_INBOUND_CPU, client, round, inbound[1]);
                            record(Workload.GROUP_INBOUND_COLD, client, round, inbound[2]);
                        }
                        case "outbound" -> {
                            double[] outbound = messaging(client, Kind.OUTBOUND);
                            record(Workload.OUTBOUND, client, round, outbound[0]);
                            record(Workload.OUTBOUND_CPU, client, round, outbound[1]);
                            record(Workload.OUTBOUND_COLD, client, round, outbound[2]);
                        }
                        case "heap" -> record(Workload.HEAP, client, round, heap(client) / 1024);
                        case "connect" -> {
                            double[] connect = connect(client);
                            record(Workload.CONNECT_QR, client, round, connect[0]);
                            record(Workload.RECONNECT, client, round, connect[1]);
                        }
                        default -> throw new IllegalArgumentException("unknown workload " + workload
                                + "; known: inbound, group-inbound, outbound, heap, connect");
                    }
                }
            }
        }
    }

    private void record(Workload workload, Client client, int round, double value) {
        System.out.printf(Locale.ROOT, "  round %d %-8s %-28s %,12.1f   (load average %s)%n", round,
                client.name().toLowerCase(Locale.ROOT), workload.label, value, loadAverage());
        results.computeIfAbsent(workload, w -> new EnumMap<>(Client.class))
                .computeIfAbsent(client, c -> new ArrayList<>()).add(value);
    }

    enum Kind { INBOUND, GROUP_INBOUND, OUTBOUND }

    /**
     * One session; inbound: bursts from a contact; group inbound: bursts of skmsgs from the same contact in a group
     * of the two (the contact's sender key reaches the client in the first burst's first stanza, pairwise in a
     * {@code msg}: the contact has a session with the client by then); outbound: bursts to the contact. {@code --warmup-bursts} bursts run first,
     * then the timed one. Returns {msg/s, the client process's CPU microseconds per message} of the timed burst and
     * the msg/s of the first burst (a fresh process: its JIT has compiled little yet).
     */
    private double[] messaging(Client client, Kind kind) throws Exception {
        String me = phone();
        String contact = phone();
        String meJid = control.contact(me);
        String contactJid = control.contact(contact);
        try (AgentProcess agent = startAgent(client, "messaging")) {
            link(agent, i -> me, SETUP);
            agent.await("open", SETUP);
            agent.command(SimulatorControl.body().put("command", "send").put("to", contactJid).put("text", "hello"));
            agent.await("sent-one", SETUP);
            control.awaitReceived(contact, "hello");
            control.awaitReceived(me, "hello"); // our phone's copy
            double rate = 0;
            double cpu = 0;
            double cold = 0;
            int bursts = options.warmupBursts + 1;
            if (kind != Kind.OUTBOUND) {
                String burstPath = "/contacts/" + contact + "/burst";
                com.fasterxml.jackson.databind.node.ObjectNode burstBody = SimulatorControl.body().put("to", me);
                if (kind == Kind.GROUP_INBOUND) {
                    com.fasterxml.jackson.databind.node.ObjectNode create = SimulatorControl.body()
                            .put("subject", "side by side").put("creator", contact);
                    create.putArray("participants").add(me);
                    String group = control.post("/groups", create).get("jid").asText();
                    burstPath = "/groups/" + group.substring(0, group.indexOf('@')) + "/burst";
                    // Our own phone is a member too and gets every skmsg; it acks without decrypting, so the
                    // simulator's process does what it does for a 1:1 burst (which our phone never sees).
                    control.post("/contacts/" + me + "/decrypt", SimulatorControl.body().put("enabled", false));
                    burstBody = SimulatorControl.body().put("from", contact);
                }
                for (int burst = 0; burst < bursts; burst++) { // warm-up bursts, then the timed one
                    agent.command(SimulatorControl.body().put("command", "expect").put("count", options.messages));
                    agent.await("expecting", SETUP);
                    long start = control.post(burstPath, burstBody.deepCopy().put("count", options.messages))
                            .get("startedAtNanos").asLong();
                    JsonNode received = agent.await("received", WORK);
                    rate = options.messages / ((received.get("lastNanos").asLong() - start) / 1e9);
                    cpu = received.get("cpuNanos").asDouble() / 1e3 / options.messages;
                    cold = burst == 0 ? rate : cold;
                    Thread.sleep(1000); // receipts and acks of the burst settle
                }
            } else {
                // Both phones answer once, so the client's messages to them are msg (not pkmsg) from here on.
                agent.command(SimulatorControl.body().put("command", "expect").put("count", 2));
                agent.await("expecting", SETUP);
                control.post("/contacts/" + contact + "/send", SimulatorControl.body().put("to", me).put("text", "hi"));
                control.post("/contacts/" + me + "/send", SimulatorControl.body().put("to", contact).put("text", "hi"));
                agent.await("received", SETUP);
                control.post("/contacts/" + contact + "/decrypt", SimulatorControl.body().put("enabled", false));
                control.post("/contacts/" + me + "/decrypt", SimulatorControl.body().put("enabled", false));
                for (int burst = 0; burst < bursts; burst++) {
                    agent.command(SimulatorControl.body().put("command", "send-burst").put("to", contactJid)
                            .put("count", options.messages));
                    JsonNode sent = agent.await("sent", WORK);
                    if (sent.get("failed").asInt() > 0) {
                        throw agent.failure(sent.get("failed").asInt() + " of " + options.messages + " sends failed");
                    }
                    rate = options.messages / ((sent.get("endNanos").asLong() - sent.get("startNanos").asLong()) / 1e9);
                    cpu = sent.get("cpuNanos").asDouble() / 1e3 / options.messages;
                    cold = burst == 0 ? rate : cold;
                    Thread.sleep(1000);
                }
            }
            agent.command(SimulatorControl.body().put("command", "end"));
            return new double[] {rate, cpu, cold};
        }
    }

    /** Bytes per idle logged-in session: the slope of the heap over the steps from {@code step} sessions on. */
    private double heap(Client client) throws Exception {
        Map<Integer, String> phones = new LinkedHashMap<>();
        try (AgentProcess agent = startAgent(client, "heap", Integer.toString(options.sessions),
                Integer.toString(options.step))) {
            List<double[]> points = new ArrayList<>();
            List<Future<?>> pending = new ArrayList<>();
            long deadline = System.nanoTime() + WORK.toNanos();
            while (true) {
                JsonNode event = agent.poll(Duration.ofSeconds(1));
                for (Future<?> scan : pending) {
                    if (scan.state() == Future.State.FAILED) {
                        throw agent.failure("a phone could not scan a QR code: " + scan.exceptionNow());
                    }
                }
                if (event == null) {
                    if (System.nanoTime() > deadline) {
                        throw agent.failure("no event within " + WORK.toSeconds() + " s");
                    }
                    continue;
                }
                deadline = System.nanoTime() + WORK.toNanos();
                switch (event.get("event").asText()) {
                    case "qr" -> {
                        String phone = phone();
                        phones.put(event.get("session").asInt(), phone);
                        String qr = event.get("qr").asText();
                        pending.add(scans.submit(() -> {
                            control.contact(phone);
                            control.scan(phone, qr);
                            return null;
                        }));
                    }
                    case "heap" -> {
                        for (Future<?> scan : pending) {
                            scan.get();
                        }
                        pending.clear();
                        int sessions = event.get("sessions").asInt();
                        if (sessions >= options.step) {
                            points.add(new double[] {sessions, event.get("bytes").asDouble()});
                        }
                    }
                    case "done" -> {
                        agent.command(SimulatorControl.body().put("command", "end"));
                        return slope(points);
                    }
                    default -> { }
                }
            }
        }
    }

    /** {median ms connect -> QR, median ms reconnect -> open} of one process. */
    private double[] connect(Client client) throws Exception {
        String phone = phone();
        control.contact(phone);
        try (AgentProcess agent = startAgent(client, "connect", Integer.toString(options.connectRuns),
                Integer.toString(options.connectWarmup))) {
            link(agent, i -> phone, WORK);
            JsonNode timings = agent.await("timings", WORK);
            return new double[] {median(timings.get("qrNanos")), median(timings.get("openNanos"))};
        }
    }

    /** Waits for the agent's QR code and has the phone scan it. */
    private void link(AgentProcess agent, java.util.function.IntFunction<String> phoneOfSession, Duration timeout)
            throws Exception {
        JsonNode qr = agent.await("qr", timeout);
        control.scan(phoneOfSession.apply(qr.get("session").asInt()), qr.get("qr").asText());
    }

    private AgentProcess startAgent(Client client, String mode, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        Path directory;
        if (client == Client.OURS) {
            directory = Path.of(".");
            command.add(javaBinary());
            command.addAll(options.javaOpts);
            command.addAll(List.of("-cp", benchJar(), OursAgent.class.getName(), mode, url.toString(), root));
            command.addAll(List.of(args));
        } else {
            directory = options.conformanceDir;
            command.addAll(List.of("node", "--expose-gc", "harness/side-by-side.mjs", mode, "--url", url.toString(),
                    "--auth", options.baileysAuth));
            String[] names = mode.equals("heap") ? new String[] {"--sessions", "--step"}
                    : new String[] {"--runs", "--warmup"};
            for (int i = 0; i < args.length; i++) {
                command.add(names[i]);
                command.add(args[i]);
            }
        }
        return AgentProcess.start(client.name().toLowerCase(Locale.ROOT) + " " + mode, directory, command);
    }

    private String phone() {
        return "1555" + (nextPhone++);
    }

    private void report() {
        System.out.println();
        System.out.printf(Locale.ROOT, "%-28s | %-26s | %-26s | %s%n", "workload (median [range])", "ours",
                "Baileys 7 (auth " + options.baileysAuth + ")", "ours/Baileys");
        System.out.println("-".repeat(28) + "-+-" + "-".repeat(26) + "-+-" + "-".repeat(26) + "-+-" + "-".repeat(40));
        for (Workload workload : Workload.values()) {
            Map<Client, List<Double>> byClient = results.get(workload);
            if (byClient == null) {
                continue;
            }
            List<Double> ours = byClient.getOrDefault(Client.OURS, List.of());
            List<Double> baileys = byClient.getOrDefault(Client.BAILEYS, List.of());
            String ratio = "";
            if (!ours.isEmpty() && !baileys.isEmpty()) {
                double r = median(ours) / median(baileys);
                boolean oursBetter = workload.higherIsBetter ? r > 1 : r < 1;
                ratio = String.format(Locale.ROOT, "%.2fx (%s is better; %s)", r,
                        workload.higherIsBetter ? "higher" : "lower", oursBetter ? "ours ahead" : "Baileys ahead");
            }
            System.out.printf(Locale.ROOT, "%-28s | %-26s | %-26s | %s%n", workload.label, summary(ours),
                    summary(baileys), ratio);
        }
        groupToOneToOne();
    }

    /**
     * Issue 12's target: group receive within 2x of 1:1 receive, both measured here the same way. Per client, the
     * ratio of the medians and of each round's pair (the two bursts of a round ran minutes apart at most).
     */
    private void groupToOneToOne() {
        Map<Client, List<Double>> group = results.get(Workload.GROUP_INBOUND);
        Map<Client, List<Double>> single = results.get(Workload.INBOUND);
        if (group == null || single == null) {
            return;
        }
        for (Client client : options.clients) {
            List<Double> g = group.getOrDefault(client, List.of());
            List<Double> s = single.getOrDefault(client, List.of());
            if (g.isEmpty() || s.isEmpty()) {
                continue;
            }
            List<String> rounds = new ArrayList<>();
            for (int i = 0; i < Math.min(g.size(), s.size()); i++) {
                rounds.add(String.format(Locale.ROOT, "%.2f", g.get(i) / s.get(i)));
            }
            System.out.printf(Locale.ROOT, "%s: group inbound / 1:1 inbound = %.2f (medians %,.0f / %,.0f msg/s; per"
                            + " round %s; issue 12's target >= 0.50)%n", client.name().toLowerCase(Locale.ROOT),
                    median(g) / median(s), median(g), median(s), String.join(", ", rounds));
        }
    }

    private static String summary(List<Double> values) {
        if (values.isEmpty()) {
            return "-";
        }
        return String.format(Locale.ROOT, "%,.1f [%,.1f-%,.1f]", median(values), Collections.min(values),
                Collections.max(values));
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double median(JsonNode nanos) {
        List<Double> millis = new ArrayList<>();
        nanos.forEach(n -> millis.add(n.asDouble() / 1e6));
        return median(millis);
    }

    /** Least-squares slope of y over x. */
    static double slope(List<double[]> points) {
        if (points.size() < 2) {
            throw new IllegalStateException("a slope needs at least two heap measurements, got " + points.size());
        }
        double mx = 0;
        double my = 0;
        for (double[] p : points) {
            mx += p[0];
            my += p[1];
        }
        mx /= points.size();
        my /= points.size();
        double sxy = 0;
        double sxx = 0;
        for (double[] p : points) {
            sxy += (p[0] - mx) * (p[1] - my);
            sxx += (p[0] - mx) * (p[0] - mx);
        }
        return sxy / sxx;
    }

    /** The 1, 5 and 15 minute load averages. */
    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "?";
        }
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static String benchJar() {
        try {
            return Path.of(SideBySideBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String command(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            return new String(process.getInputStream().readAllBytes());
        } catch (IOException e) {
            return command.getFirst() + ": " + e.getMessage();
        }
    }

    /** The command line. */
    record Options(int rounds, int messages, int warmupBursts, int sessions, int step, int connectRuns, int connectWarmup,
                   List<String> workloads, List<Client> clients, Path conformanceDir, List<String> javaOpts,
                   String baileysAuth) {

        static Options parse(String[] args) {
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i += 2) {
                if (!args[i].startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("options are --name value pairs, got " + String.join(" ", args));
                }
                values.put(args[i].substring(2), args[i + 1]);
            }
            List<String> known = List.of("rounds", "messages", "warmup-bursts", "sessions", "step", "connect-runs", "connect-warmup",
                    "workloads", "clients", "conformance-dir", "java-opts", "baileys-auth");
            for (String name : values.keySet()) {
                if (!known.contains(name)) {
                    throw new IllegalArgumentException("unknown option --" + name + "; known: " + known);
                }
            }
            List<Client> clients = new ArrayList<>();
            for (String name : values.getOrDefault("clients", "ours,baileys").split(",")) {
                clients.add(Client.valueOf(name.trim().toUpperCase(Locale.ROOT)));
            }
            Path conformance = Path.of(values.getOrDefault("conformance-dir", "conformance")).toAbsolutePath();
            if (clients.contains(Client.BAILEYS)
                    && !Files.isRegularFile(conformance.resolve("node_modules/.package-lock.json"))) {
                throw new IllegalArgumentException("Baileys is not installed in " + conformance
                        + ": run `(cd conformance && npm ci --ignore-scripts --no-audit --no-fund)` from the repository root");
            }
            List<String> javaOpts = new ArrayList<>(List.of("--enable-native-access=ALL-UNNAMED"));
            if (Runtime.version().feature() >= 24) {
                javaOpts.add("--sun-misc-unsafe-memory-access=allow");
            }
            String extra = values.getOrDefault("java-opts", "").trim();
            if (!extra.isEmpty()) {
                javaOpts.addAll(List.of(extra.split("\\s+")));
            }
            String baileysAuth = values.getOrDefault("baileys-auth", "memory");
            if (!baileysAuth.equals("memory") && !baileysAuth.equals("files")) {
                throw new IllegalArgumentException("--baileys-auth is memory or files, got " + baileysAuth);
            }
            return new Options(Integer.parseInt(values.getOrDefault("rounds", "3")),
                    Integer.parseInt(values.getOrDefault("messages", "2000")),
                    Integer.parseInt(values.getOrDefault("warmup-bursts", "12")),
                    Integer.parseInt(values.getOrDefault("sessions", "100")),
                    Integer.parseInt(values.getOrDefault("step", "10")),
                    Integer.parseInt(values.getOrDefault("connect-runs", "20")),
                    Integer.parseInt(values.getOrDefault("connect-warmup", "5")),
                    List.of(values.getOrDefault("workloads", "inbound,outbound,heap,connect").split(",")),
                    List.copyOf(clients), conformance, List.copyOf(javaOpts), baileysAuth);
        }
    }
}

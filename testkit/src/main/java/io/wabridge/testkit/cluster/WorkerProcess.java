package io.wabridge.testkit.cluster;

import io.wabridge.embedded.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * One bridge worker as a child JVM running the packaged application (quarkus-run.jar), configured by environment
 * variables exactly as in production, for fault-injection tests: {@link #kill()} is SIGKILL (no shutdown hook
 * runs), {@link #pause()}/{@link #resume()} are SIGSTOP/SIGCONT (a worker frozen by a long GC or a stalled VM),
 * {@link #stop()} is SIGTERM (graceful shutdown). Its output goes to a log file.
 *
 * <p>Small JVM settings (256 MB heap, serial GC, C1 only) so several workers start fast on two cores.
 */
public final class WorkerProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final String name;
    private final Process process;
    private final Path log;
    private final int httpPort;
    private volatile boolean paused;

    private WorkerProcess(String name, Process process, Path log, int httpPort) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
    }

    /** The master keyring test and bench workers use (public: it protects nothing but test data). */
    public static final String TEST_MASTER_KEYS = "test-1:d2FicmlkZ2UgdGVzdHM6IG5vdCBhIHJlYWwga2V5ISE=";

    /**
     * Starts a worker on a free HTTP port.
     *
     * @param environment the bridge's configuration (e.g. KAFKA_BOOTSTRAP_SERVERS); QUARKUS_HTTP_PORT is set here
     * @param log         where its stdout and stderr go (appended; parent directories are created)
     */
    public static WorkerProcess start(String name, Path jar, Map<String, String> environment, Path log) {
        return start(name, jar, environment, log, List.of());
    }

    /**
     * {@link #start(String, Path, Map, Path)} with JVM options after the small defaults, so they override them
     * (load harnesses: {@code -XX:-UseSerialGC -XX:+UseG1GC -XX:TieredStopAtLevel=4 -Xmx1g}).
     */
    public static WorkerProcess start(String name, Path jar, Map<String, String> environment, Path log,
                                      List<String> jvmOptions) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the bridge is not packaged: " + jar + " is missing");
        }
        int port = FreePorts.pick();
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        // The worker id the bridge derives from HOSTNAME and its pid; the name makes logs easy to tell apart.
        env.putIfAbsent("HOSTNAME", name);
        // Encryption at rest is on by default: test and bench workers share this fixed, public master key (the same as
        // the bridge's %test profile), unless the caller configures its own or turns encryption off.
        if (!env.containsKey("WABRIDGE_STORE_ENCRYPTION_KEY_FILE") && !"false".equals(env.get("WABRIDGE_STORE_ENCRYPTION_ENABLED"))) {
            env.putIfAbsent("WABRIDGE_STORE_ENCRYPTION_KEYS", TEST_MASTER_KEYS);
        }
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(env);
            return new WorkerProcess(name, builder.start(), log, port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start worker " + name, e);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public boolean isPaused() {
        return paused;
    }

    /** Waits until {@code GET /q/health/ready} answers 200; fails early if the process exits. */
    public WorkerProcess awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "not answering";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited during start-up (" + process.exitValue() + "); see " + log);
            }
            try {
                HttpResponse<String> r = get("/q/health/ready");
                if (r.statusCode() == 200) {
                    return this;
                }
                last = r.statusCode() + " " + r.body();
            } catch (IOException e) {
                last = e.toString();
            }
            sleep(Duration.ofMillis(100));
        }
        throw new IllegalStateException(name + " not ready after " + timeout.toSeconds() + " s: " + last + " (log " + log + ")");
    }

    /** The sessions this worker runs now ({@code GET /sessions}). */
    public List<WorkerSession> sessions() {
        try {
            HttpResponse<String> r = get("/sessions");
            if (r.statusCode() != 200) {
                throw new IllegalStateException(name + ": GET /sessions answered " + r.statusCode() + " " + r.body());
            }
            return parse(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": GET /sessions failed", e);
        }
    }

    /** {@link #sessions()}, or empty when the worker does not answer (dead, paused, starting). */
    public Optional<List<WorkerSession>> trySessions() {
        if (paused || !process.isAlive()) {
            return Optional.empty();
        }
        try {
            return Optional.of(sessions());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** SIGKILL: the JVM ends at once, without shutdown hooks; sockets are closed by the OS. */
    public void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(10));
        paused = false;
    }

    /** SIGSTOP: every thread freezes; sockets stay open and unanswered. */
    public void pause() {
        signal("STOP");
        paused = true;
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() {
        signal("CONT");
        paused = false;
    }

    /** SIGTERM: graceful shutdown (finish, commit, disconnect); killed if still running after {@code timeout}. */
    public boolean stop(Duration timeout) {
        if (paused) {
            resume();
        }
        process.destroy();
        if (awaitExit(timeout)) {
            return true;
        }
        kill();
        return false;
    }

    /**
     * Writes the worker's thread dump ({@code jcmd PID Thread.dump_to_file}, the jcmd next to this JVM's java) to
     * {@code file}, for a test that gives up waiting on it.
     */
    public void dumpThreads(Path file) {
        if (!process.isAlive() || paused) {
            return;
        }
        dumpThreads(process.pid(), file);
    }

    /** The thread dump, virtual threads included, of any JVM of this user (e.g. the test's own). */
    public static void dumpThreads(long pid, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        jcmd(pid, "Thread.dump_to_file", "-format=text", file.toAbsolutePath().toString());
    }

    /**
     * A full garbage collection in the worker ({@code jcmd PID GC.run}), so its used heap read next is what it
     * retains; returns once the collection finished (jcmd waits for it). For a soak's leak check.
     */
    public void collectGarbage() {
        if (process.isAlive() && !paused) {
            jcmd(process.pid(), "GC.run");
        }
    }

    /** Runs the jcmd next to this JVM's java against {@code pid} (up to 20 s). */
    private static void jcmd(long pid, String... command) {
        Path java = Path.of(ProcessHandle.current().info().command().orElse("java"));
        List<String> argv = new ArrayList<>(List.of(java.resolveSibling("jcmd").toString(), Long.toString(pid)));
        argv.addAll(List.of(command));
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor(20, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private HttpResponse<String> get(String path) throws IOException {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    static List<WorkerSession> parse(String json) {
        BsonArray array = BsonArray.parse(json);
        List<WorkerSession> out = new ArrayList<>(array.size());
        for (BsonValue v : array) {
            BsonDocument d = v.asDocument();
            out.add(new WorkerSession(d.getString("id").getValue(), d.getString("state").getValue(),
                    d.isString("desired") ? d.getString("desired").getValue() : null,
                    d.getNumber("partition").intValue()));
        }
        return out;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Graceful stop (see {@link #stop}) with 30 s to finish. */
    @Override
    public void close() {
        if (process.isAlive()) {
            stop(Duration.ofSeconds(30));
        }
    }

    @Override
    public String toString() {
        return name + "[pid " + process.pid() + ", " + url() + "]";
    }
}

package io.wabridge.bench.bridge;

import io.wabridge.embedded.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One bridge worker as a child JVM running the packaged bridge ({@code bridge/target/quarkus-app/quarkus-run.jar}),
 * configured by environment variables as in production, with its own HTTP port and log file.
 * <p>
 * The harnesses' only seam onto the process: when testkit's {@code WorkerProcess} lands, this class goes and the
 * harnesses call that one (same operations: start, awaitReady, stop, kill).
 */
public final class BridgeWorker implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final int httpPort;
    private final Path log;

    private BridgeWorker(String name, Process process, int httpPort, Path log) {
        this.name = name;
        this.process = process;
        this.httpPort = httpPort;
        this.log = log;
    }

    /** Starts the worker with {@code env} on top of the harness's environment, plus a free QUARKUS_HTTP_PORT. */
    public static BridgeWorker start(String name, Path bridgeJar, Map<String, String> env, Path logDir) throws IOException {
        if (!Files.isRegularFile(bridgeJar)) {
            throw new IllegalStateException(bridgeJar + " is missing: ./mvnw -B -pl bridge -am package -DskipTests");
        }
        Files.createDirectories(logDir);
        Path log = logDir.resolve(name + ".log");
        int port = FreePorts.pick();
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-jar", bridgeJar.toAbsolutePath().toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().putAll(env);
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        Process process = builder.start();
        // A harness stopped by a signal must not leave its workers behind.
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        return new BridgeWorker(name, process, port, log);
    }

    /** Waits for {@code /q/health/ready} to answer 200; fails at once if the process exits. */
    public BridgeWorker awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "not answering";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited during start-up; see " + log);
            }
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return this;
                }
                last = r.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + " not ready after " + timeout + ": " + last + " (log " + log + ")");
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM: the bridge shuts down gracefully (commits, hands its partitions back). Returns at once. */
    public void stop() {
        process.destroy();
    }

    /** SIGKILL: no shutdown at all; the group notices only after its session timeout. Returns at once. */
    public void kill() {
        process.destroyForcibly();
    }

    public boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}

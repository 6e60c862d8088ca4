package io.wabridge.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The bridge as a child process, configured by environment variables exactly as in production: the demo
 * proves the same artifact runs on embedded infrastructure by configuration alone.
 */
final class BridgeProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private BridgeProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static BridgeProcess start(Path bridgeJar, Map<String, String> environment, Path log) throws IOException {
        if (!Files.isRegularFile(bridgeJar)) {
            throw new IllegalStateException("bridge not built: " + bridgeJar
                    + " is missing (./wabridge builds it; or run ./mvnw -B -pl bridge -am package -DskipTests)");
        }
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Djava.util.logging.manager=org.jboss.logmanager.LogManager");
        command.add("-jar");
        command.add(bridgeJar.toAbsolutePath().toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        return new BridgeProcess(builder.start(), log);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    /** SIGTERM first, so the bridge shuts down gracefully; killed if it has not stopped within 30 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}

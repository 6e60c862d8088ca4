package io.wabridge.conformance;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a script of the Node conformance harness ({@code conformance/harness}) to completion and
 * returns what it printed on stdout, one entry per line.
 *
 * <p>Every problem ends in a {@link NodeHarnessException} whose message says what to do: node missing
 * from PATH, harness not installed, timeout, or a non-zero exit (with the script's stderr). Tests never
 * skip for want of Node: CI has it, and a silently skipped conformance suite would hide regressions.
 */
public final class NodeHarness {

    private static final String INSTALL_HINT = "run `npm ci --ignore-scripts` in conformance/ "
            + "(or `./mvnw -B -pl conformance verify`, which does it when node_modules is missing)";

    private final Path node;
    private final Path moduleDir;

    public NodeHarness(Path node, Path moduleDir) {
        this.node = node;
        this.moduleDir = moduleDir;
    }

    /** The harness of this module, run by the {@code node} found on PATH. */
    public static NodeHarness fromEnvironment() {
        String dir = System.getProperty("wabridge.conformance.dir", System.getProperty("user.dir"));
        return new NodeHarness(locateNode(System.getenv("PATH")), Path.of(dir).toAbsolutePath());
    }

    /** The first executable {@code node} on the given PATH value. */
    public static Path locateNode(String pathVariable) {
        if (pathVariable != null) {
            for (String entry : pathVariable.split(File.pathSeparator)) {
                if (entry.isEmpty()) {
                    continue;
                }
                Path candidate = Path.of(entry, "node");
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        throw new NodeHarnessException("node not found on PATH: the conformance tests need Node.js 20 or "
                + "newer (with npm) to run Baileys; install it, then " + INSTALL_HINT);
    }

    public Path moduleDir() {
        return moduleDir;
    }

    /**
     * Runs {@code script} (a path relative to {@code conformance/harness}, or absolute) with node and
     * waits at most {@code timeout} for it to exit 0.
     */
    public List<String> run(String script, Duration timeout, String... args) {
        Path scriptPath = moduleDir.resolve("harness").resolve(script);
        if (!Files.isRegularFile(scriptPath)) {
            throw new NodeHarnessException("harness script not found: " + scriptPath);
        }
        if (!Files.isRegularFile(moduleDir.resolve("node_modules/.package-lock.json"))) {
            throw new NodeHarnessException("Node harness not installed in " + moduleDir + ": " + INSTALL_HINT);
        }
        List<String> command = new ArrayList<>(args.length + 2);
        command.add(node.toString());
        command.add(scriptPath.toString());
        command.addAll(List.of(args));

        Process process = start(command);
        // Both pipes are drained concurrently: a script that fills one while we block on the other
        // would otherwise hang until the timeout.
        CompletableFuture<String> stdout = drain(process.getInputStream());
        CompletableFuture<String> stderr = drain(process.getErrorStream());
        try {
            process.getOutputStream().close(); // scripts read no stdin; EOF rather than a hang if one does
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
                throw new NodeHarnessException(script + " did not finish within " + timeout
                        + "; stderr so far:\n" + await(stderr));
            }
            int exit = process.exitValue();
            if (exit != 0) {
                throw new NodeHarnessException(script + " exited with " + exit + "; stderr:\n" + await(stderr));
            }
            return await(stdout).lines().toList();
        } catch (IOException e) {
            process.destroyForcibly();
            throw new NodeHarnessException("cannot close the stdin of " + script, e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new NodeHarnessException("interrupted while waiting for " + script, e);
        }
    }

    private Process start(List<String> command) {
        try {
            return new ProcessBuilder(command).directory(moduleDir.toFile()).start();
        } catch (IOException e) {
            throw new NodeHarnessException("cannot start " + command, e);
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, Thread::startVirtualThread);
    }

    private static String await(CompletableFuture<String> output) throws InterruptedException {
        try {
            return output.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return "<output unavailable: " + e + ">";
        }
    }
}

package io.wabridge.conformance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A harness script that keeps running while the test talks to it: its stdout JSON lines arrive as events
 * ({@link #await}), commands go to its stdin ({@link #command}). Closing kills it if it is still alive. Failures
 * carry the events so far and the script's stderr.
 */
public final class NodeProcess implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode EXITED = JSON.createObjectNode().put("event", "<exited>");

    private final String script;
    private final Process process;
    private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    private final List<JsonNode> seen = Collections.synchronizedList(new ArrayList<>());
    /** The last {@link #STDERR_TAIL} lines of the script's stderr (Baileys' log, when a harness routes it there). */
    private final java.util.ArrayDeque<String> stderr = new java.util.ArrayDeque<>();
    private static final int STDERR_TAIL = 300;

    private NodeProcess(String script, Process process) {
        this.script = script;
        this.process = process;
        Thread.startVirtualThread(this::readStdout);
        Thread.startVirtualThread(this::readStderr);
    }

    /** Starts {@code script} (relative to {@code conformance/harness}) with node. */
    public static NodeProcess start(NodeHarness harness, String script, String... args) {
        return start(harness, java.util.Map.of(), script, args);
    }

    /** Starts {@code script} with extra environment variables (e.g. {@code NODE_EXTRA_CA_CERTS}). */
    public static NodeProcess start(NodeHarness harness, java.util.Map<String, String> environment, String script,
                                    String... args) {
        Path scriptPath = harness.moduleDir().resolve("harness").resolve(script);
        if (!Files.isRegularFile(scriptPath)) {
            throw new NodeHarnessException("harness script not found: " + scriptPath);
        }
        if (!Files.isRegularFile(harness.moduleDir().resolve("node_modules/.package-lock.json"))) {
            throw new NodeHarnessException("Node harness not installed in " + harness.moduleDir()
                    + ": run `npm ci --ignore-scripts` in conformance/");
        }
        List<String> command = new ArrayList<>();
        command.add(NodeHarness.locateNode(System.getenv("PATH")).toString());
        command.add(scriptPath.toString());
        command.addAll(List.of(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(harness.moduleDir().toFile());
            builder.environment().putAll(environment);
            return new NodeProcess(script, builder.start());
        } catch (IOException e) {
            throw new NodeHarnessException("cannot start " + command, e);
        }
    }

    /** The next event matching {@code wanted}; events passed over stay in {@link #seen()}. */
    public JsonNode await(Predicate<JsonNode> wanted, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode event = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (event == null) {
                throw failure("no " + what + " within " + timeout);
            }
            if (event == EXITED) {
                events.add(EXITED); // later waits fail fast too
                throw failure("the script exited (" + exitDescription() + ") before " + what);
            }
            if (wanted.test(event)) {
                return event;
            }
        }
    }

    /** The next event whose "event" field is {@code name}. */
    public JsonNode await(String name, Duration timeout) throws InterruptedException {
        return await(e -> name.equals(e.path("event").asText()), timeout, "\"" + name + "\" event");
    }

    /** Writes one command line to the script's stdin. */
    public void command(String line) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** Waits for the script to exit on its own and returns its exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw failure("the script did not exit within " + timeout);
        }
        return process.exitValue();
    }

    private String exitDescription() throws InterruptedException {
        return process.waitFor(5, TimeUnit.SECONDS) ? "exit " + process.exitValue() : "stdout closed, still running";
    }

    /** Every event received so far, in order. */
    public List<JsonNode> seen() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    public AssertionError failure(String message) {
        return new AssertionError(script + ": " + message + "\nevents: " + seen() + "\nstderr (last "
                + STDERR_TAIL + " lines):\n" + stderrTail());
    }

    /** The tail of the script's stderr, one line each. */
    public String stderrTail() {
        synchronized (stderr) {
            return String.join("\n", stderr);
        }
    }

    private void stderrLine(String line) {
        synchronized (stderr) {
            if (stderr.size() == STDERR_TAIL) {
                stderr.removeFirst();
            }
            stderr.addLast(line);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private void readStdout() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                JsonNode event;
                try {
                    event = JSON.readTree(line);
                } catch (JsonProcessingException notJson) {
                    event = JSON.createObjectNode().put("event", "<stdout>").put("line", line);
                }
                seen.add(event);
                events.add(event);
            }
        } catch (IOException e) {
            stderrLine("[stdout read failed: " + e + "]");
        } finally {
            events.add(EXITED);
        }
    }

    private void readStderr() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                stderrLine(line);
            }
        } catch (IOException e) {
            stderrLine("[stderr read failed: " + e + "]");
        }
    }
}

package io.wabridge.bench.sidebyside;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child process that answers in JSON lines on stdout and takes JSON-line commands on stdin: the simulator and the
 * agents of the side-by-side benchmark, the media server of {@code MediaTransferProbe}. Its stderr is kept (the last 64 KiB) for failure messages.
 */
public final class AgentProcess implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode EXITED = JSON.createObjectNode().put("event", "<exited>");
    private static final int STDERR_KEPT = 64 * 1024;

    private final String name;
    private final Process process;
    private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    private final StringBuilder stderr = new StringBuilder();

    private AgentProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        // platform threads: a pipe read pins a virtual thread's carrier, and two of them starved the caller's
        // virtual threads on a 2-core machine
        Thread.ofPlatform().daemon().start(this::readStdout);
        Thread.ofPlatform().daemon().start(() -> readStderr(process.getErrorStream()));
    }

    public static AgentProcess start(String name, Path directory, List<String> command) throws IOException {
        return new AgentProcess(name, new ProcessBuilder(command).directory(directory.toFile()).start());
    }


    /** The next event, or a failure after {@code timeout} or when the process exited. */
    public JsonNode next(Duration timeout) throws InterruptedException {
        JsonNode event = poll(timeout);
        if (event == null) {
            throw failure("no event within " + timeout.toSeconds() + " s");
        }
        return event;
    }

    /** The next event, null after {@code timeout}, or a failure when the process exited or reported an error. */
    public JsonNode poll(Duration timeout) throws InterruptedException {
        JsonNode event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (event == null) {
            return null;
        }
        if (event == EXITED) {
            events.add(EXITED);
            throw failure("exited (" + (process.waitFor(5, TimeUnit.SECONDS) ? process.exitValue() : "?") + ")");
        }
        if ("error".equals(event.path("event").asText())) {
            throw failure("reported " + event.path("message").asText());
        }
        return event;
    }

    /** The next event named {@code name}; others before it are skipped. */
    public JsonNode await(String eventName, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode event = next(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
            if (eventName.equals(event.path("event").asText())) {
                return event;
            }
        }
    }

    /** The process id (for measuring its CPU time). */
    public long pid() {
        return process.pid();
    }

    public void command(JsonNode command) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** Closes stdin and waits for the process to exit on its own, then kills it if it did not. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    IllegalStateException failure(String message) {
        String err;
        synchronized (stderr) {
            err = stderr.toString();
        }
        return new IllegalStateException(name + " (pid " + process.pid() + "): " + message + "\nstderr:\n" + err);
    }

    private void readStdout() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                try {
                    events.add(JSON.readTree(line));
                } catch (JsonProcessingException notJson) {
                    appendStderr("[stdout] " + line + "\n");
                }
            }
        } catch (IOException e) {
            appendStderr("[stdout read failed: " + e + "]\n");
        } finally {
            events.add(EXITED);
        }
    }

    private void readStderr(InputStream stream) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                appendStderr(line + "\n");
            }
        } catch (IOException e) {
            appendStderr("[stderr read failed: " + e + "]\n");
        }
    }

    private void appendStderr(String text) {
        synchronized (stderr) {
            stderr.append(text);
            if (stderr.length() > STDERR_KEPT) {
                stderr.delete(0, stderr.length() - STDERR_KEPT);
            }
        }
    }
}

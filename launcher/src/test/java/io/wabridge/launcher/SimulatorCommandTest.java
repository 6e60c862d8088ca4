package io.wabridge.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SimulatorCommandTest {
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    @Test
    void printsOneJsonLineAndServesUntilStopped() throws Exception {
        CompletableFuture<Void> stop = new CompletableFuture<>();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> {
            try {
                return SimulatorCommand.run(new String[] {"--port", "0", "--control-port", "0", "--account", "15550001111"},
                        out, err, stop);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (outBytes.size() == 0 && System.nanoTime() < deadline && !exit.isDone()) {
            Thread.sleep(20);
        }
        String printed = outBytes.toString(StandardCharsets.UTF_8);
        assertEquals(1, printed.lines().count(), () -> "one line, got: " + printed + errBytes);
        JsonNode line = new ObjectMapper().readTree(printed);
        assertTrue(line.get("url").asText().matches("ws://127\\.0\\.0\\.1:\\d+/ws/chat"), line.toString());
        assertTrue(line.get("noiseRootKey").asText().matches("[0-9a-f]{64}"), line.toString());

        HttpResponse<String> accounts = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(line.get("controlUrl").asText() + "/accounts")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, accounts.statusCode());
        assertEquals("15550001111", new ObjectMapper().readTree(accounts.body()).get(0).get("phone").asText());

        stop.complete(null);
        assertEquals(0, exit.get(10, TimeUnit.SECONDS));
    }

    @Test
    void badOptionsExitWith2AndUsage() throws Exception {
        assertEquals(2, SimulatorCommand.run(new String[] {"--port", "http"}, out, err, new CompletableFuture<>()));
        assertTrue(errBytes.toString(StandardCharsets.UTF_8).contains("not a port: http"));
        assertTrue(errBytes.toString(StandardCharsets.UTF_8).contains("usage: ./wabridge simulator"));
        assertEquals(2, SimulatorCommand.run(new String[] {"--port", "0", "--control-port", "0", "--account", "+1"},
                out, err, new CompletableFuture<>()));
        assertEquals(0, outBytes.size(), "nothing on stdout when the start fails");
    }

    @Test
    void helpIsOnStdout() throws Exception {
        assertEquals(0, SimulatorCommand.run(new String[] {"--help"}, out, err, new CompletableFuture<>()));
        assertTrue(outBytes.toString(StandardCharsets.UTF_8).startsWith("usage: ./wabridge simulator"));
    }
}

package io.wabridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wabridge.client.binary.Node;
import io.wabridge.simulator.media.MediaServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The simulator's HTTPS media server in a process of its own, for {@link MediaTransferProbe}: the client under test
 * then has its JVM (TLS, GC, JIT, allocation) to itself, as a worker talking to WhatsApp's CDN does. Prints one JSON
 * line {@code {"event":"ready","host","auth","certificatePem"}}, then takes JSON-line commands on stdin:
 * {@code {"command":"hold-upload"|"hold-download","at":BYTES}} (the next transfer stops there; {@code {"event":"held"}}
 * is printed once it does) and {@code {"command":"release"}}. Serves until its stdin closes.
 * <pre>
 *   java -cp bench/target/benchmarks.jar io.wabridge.bench.MediaServerProcess
 * </pre>
 */
public final class MediaServerProcess {
    private static final ObjectMapper JSON = new ObjectMapper();

    private MediaServerProcess() {}

    public static void main(String[] args) throws Exception {
        try (MediaServer server = MediaServer.start()) {
            Node answer = server.mediaConnAnswer(Node.builder("iq").attr("id", "1").build());
            print(JSON.createObjectNode().put("event", "ready").put("host", server.host())
                    .put("auth", answer.child("media_conn").attr("auth"))
                    .put("certificatePem", server.certificatePem()));
            MediaServer.Hold hold = null;
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null; ) {
                JsonNode command = JSON.readTree(line);
                switch (command.path("command").asText()) {
                    case "hold-upload", "hold-download" -> {
                        long at = command.path("at").asLong();
                        MediaServer.Hold h = command.path("command").asText().equals("hold-upload")
                                ? server.holdNextUpload(at) : server.holdNextDownload(at);
                        hold = h;
                        Thread.startVirtualThread(() -> {
                            try {
                                if (h.awaitHeld(Duration.ofMinutes(10))) {
                                    print(JSON.createObjectNode().put("event", "held"));
                                }
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        });
                    }
                    case "release" -> {
                        if (hold != null) {
                            hold.release();
                            hold = null;
                        }
                    }
                    default -> print(JSON.createObjectNode().put("event", "error").put("message", "unknown " + line));
                }
            }
            if (hold != null) {
                hold.release();
            }
        }
        System.exit(0);
    }

    private static synchronized void print(JsonNode event) {
        System.out.println(event);
        System.out.flush();
    }
}

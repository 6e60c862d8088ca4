package io.wabridge.bench.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/** Reads a worker's {@code GET /sessions}: which sessions it runs and which of them are {@code open}. */
public final class WorkerSessions {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private WorkerSessions() {
    }

    /** Ids of the sessions the worker reports {@code open}; empty if it does not answer (stopping, dead). */
    public static Set<String> open(BridgeWorker worker) throws InterruptedException {
        Set<String> open = new HashSet<>();
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(worker.url() + "/sessions"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return open;
            }
            for (JsonNode session : JSON.readTree(r.body())) {
                if ("open".equals(session.path("state").asText())) {
                    open.add(session.path("id").asText());
                }
            }
        } catch (IOException e) {
            // not answering: nothing open there as far as anyone can tell
        }
        return open;
    }
}

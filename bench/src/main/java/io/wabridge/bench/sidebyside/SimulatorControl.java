package io.wabridge.bench.sidebyside;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The standalone simulator's HTTP control API (README "The simulator"), as the benchmark uses it. */
final class SimulatorControl {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;

    SimulatorControl(URI base) {
        this.base = base;
    }

    static ObjectNode body() {
        return JSON.createObjectNode();
    }

    JsonNode post(String path, JsonNode body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    private JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpRequest built = request.timeout(Duration.ofSeconds(330)).header("Content-Type", "application/json").build();
        HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IOException(built.method() + " " + built.uri() + ": " + response.statusCode() + " " + response.body());
        }
        return response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
    }

    /** Creates an account whose phone is also a messaging party; returns its JID. */
    String contact(String phone) throws IOException, InterruptedException {
        return post("/contacts", body().put("phone", phone)).get("jid").asText();
    }

    /** The phone scans a QR code; returns once the device is linked. */
    void scan(String phone, String qr) throws IOException, InterruptedException {
        post("/accounts/" + phone + "/scan", body().put("qr", qr));
    }

    /** Waits until the phone of {@code phone} received (decrypted) a message with {@code text}. */
    void awaitReceived(String phone, String text) throws IOException, InterruptedException {
        long after = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode page = get("/contacts/" + phone + "/messages?after=" + after + "&wait=5000");
            for (JsonNode message : page.get("messages")) {
                if (text.equals(message.path("text").asText())) {
                    return;
                }
            }
            after = page.get("next").asLong();
        }
        throw new IllegalStateException("the phone of " + phone + " did not receive \"" + text + "\" within 60 s");
    }
}

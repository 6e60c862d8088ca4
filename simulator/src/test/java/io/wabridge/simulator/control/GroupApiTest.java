package io.wabridge.simulator.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wabridge.client.binary.Node;
import io.wabridge.simulator.WaSimulator;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.contact.ContactMessage;
import io.wabridge.simulator.contact.ContactReceipt;
import io.wabridge.simulator.contact.SimulatedContact;
import io.wabridge.simulator.testing.RawClient;
import io.wabridge.simulator.testing.SignalCompanion;
import io.wabridge.simulator.testing.Waits;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;


/** The control API's groups over real HTTP: create, post into a group, read what the members received, remove. */
class GroupApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private WaSimulator simulator;
    private ControlServer control;

    private record Response(int status, JsonNode body) {
        String error() {
            return body.path("error").asText();
        }
    }

    @BeforeEach
    void start() throws Exception {
        simulator = WaSimulator.start();
        control = ControlServer.start(simulator.accounts(), "127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        control.close();
        simulator.close();
    }

    private Response call(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(control.url() + path));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Response(response.statusCode(), response.body().isEmpty() ? null : JSON.readTree(response.body()));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"pn", "lid"})
    void membersPostIntoAGroupAndReadEachOtherWithRealSenderKeys(String mode) throws Exception {
        for (String phone : new String[] {"15550001111", "15550002222", "15550003333"}) {
            assertEquals(201, call("POST", "/contacts", "{\"phone\":\"" + phone + "\"}").status());
        }
        Response created = call("POST", "/groups", "{\"subject\":\"Team\",\"creator\":\"15550001111\","
                + "\"participants\":[\"15550002222\",\"+15550003333\"],\"addressingMode\":\"" + mode + "\"}");
        assertEquals(201, created.status(), String.valueOf(created.body()));
        String jid = created.body().get("jid").asText();
        assertTrue(jid.endsWith("@g.us"), jid);
        assertEquals(mode, created.body().get("addressingMode").asText());
        assertEquals(3, created.body().get("participants").size());
        assertEquals("superadmin", created.body().get("participants").get(0).get("role").asText());

        Response sent = call("POST", "/groups/" + jid + "/send", "{\"from\":\"15550002222\",\"text\":\"hi all\"}");
        assertEquals(200, sent.status(), String.valueOf(sent.body()));
        Response read = call("GET", "/groups/" + jid + "/messages?member=15550003333&wait=10000", null);
        assertEquals(1, read.body().get("messages").size(), String.valueOf(read.body()));
        JsonNode message = read.body().get("messages").get(0);
        assertEquals("hi all", message.get("text").asText());
        assertEquals(jid, message.get("chat").asText());
        assertEquals(sent.body().get("id").asText(), message.get("id").asText());
        assertEquals("skmsg", message.get("cipherType").asText());

        Response removed = call("POST", "/groups/" + jid + "/participants",
                "{\"action\":\"remove\",\"participants\":[\"15550003333\"]}");
        assertEquals(200, removed.status());
        assertEquals(1, removed.body().get("participants").size());
        Response outsider = call("POST", "/groups/" + jid + "/send", "{\"from\":\"15550003333\",\"text\":\"x\"}");
        assertEquals(403, outsider.status());
        assertEquals("not_a_participant", outsider.error());
        assertEquals("group_not_found", call("GET", "/groups/120363999999999999@g.us", null).error());
        assertEquals(400, call("POST", "/groups", "{\"creator\":\"15550001111\",\"addressingMode\":\"x\"}").status());
    }

    @Test
    void aMembersBurstIsEncryptedFirstThenRoutedAndReadInOrderByTheOthers() throws Exception {
        for (String phone : new String[] {"15550001111", "15550002222", "15550003333"}) {
            assertEquals(201, call("POST", "/contacts", "{\"phone\":\"" + phone + "\"}").status());
        }
        String jid = call("POST", "/groups", "{\"subject\":\"Burst\",\"creator\":\"15550001111\","
                + "\"participants\":[\"15550002222\"]}").body().get("jid").asText();
        long before = System.nanoTime();
        Response burst = call("POST", "/groups/" + jid.substring(0, jid.indexOf('@')) + "/burst",
                "{\"from\":\"15550002222\",\"count\":3,\"text\":\"b\"}");
        assertEquals(200, burst.status(), String.valueOf(burst.body()));
        assertEquals(3, burst.body().get("count").asInt());
        assertTrue(burst.body().get("startedAtNanos").asLong() >= before, "the simulator's monotonic clock");
        java.util.List<String> texts = new java.util.ArrayList<>();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (texts.size() < 3 && System.nanoTime() < deadline) {
            texts.clear();
            for (JsonNode m : call("GET", "/groups/" + jid + "/messages?member=15550001111&wait=5000", null).body()
                    .get("messages")) {
                assertEquals("skmsg", m.get("cipherType").asText(), "the first carried the key in the same stanza");
                texts.add(m.get("text").asText());
            }
        }
        assertEquals(java.util.List.of("b 0", "b 1", "b 2"), texts);
        assertEquals("not_a_participant", call("POST", "/groups/" + jid + "/burst",
                "{\"from\":\"15550003333\",\"count\":1}").error());
        assertEquals("bad_request", call("POST", "/groups/" + jid + "/burst",
                "{\"from\":\"15550002222\",\"count\":0}").error());
    }
}

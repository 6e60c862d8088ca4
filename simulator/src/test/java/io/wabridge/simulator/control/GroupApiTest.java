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
}

package io.wabridge.simulator.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wabridge.client.binary.Node;
import io.wabridge.simulator.WaSimulator;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.testing.LinkedCompanion;
import io.wabridge.simulator.testing.RawClient;
import io.wabridge.simulator.testing.TestCompanion;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The control API over real HTTP, against a running simulator. */
class ControlServerTest {
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
        JsonNode json = response.body().isEmpty() ? null : JSON.readTree(response.body());
        return new Response(response.statusCode(), json);
    }

    private Response post(String path, String body) throws Exception {
        return call("POST", path, body);
    }

    private Response get(String path) throws Exception {
        return call("GET", path, null);
    }

    @Test
    void accountsAreCreatedListedAndFound() throws Exception {
        Response created = post("/accounts", "{\"phone\":\"15550001111\"}");
        assertEquals(201, created.status());
        assertEquals("15550001111", created.body().get("phone").asText());
        assertEquals("15550001111@s.whatsapp.net", created.body().get("jid").asText());
        assertTrue(created.body().get("lid").asText().endsWith("@lid"));
        assertEquals("android", created.body().get("platform").asText());
        assertEquals(0, created.body().get("devices").size());
        assertEquals(201, post("/accounts", "{\"phone\":\"15550002222\",\"platform\":\"smba\"}").status());

        Response list = get("/accounts");
        assertEquals(200, list.status());
        assertEquals(2, list.body().size());
        assertEquals("smba", get("/accounts/15550002222").body().get("platform").asText());

        Response duplicate = post("/accounts", "{\"phone\":\"15550001111\"}");
        assertEquals(409, duplicate.status());
        assertEquals("account_exists", duplicate.error());
        Response invalid = post("/accounts", "{\"phone\":\"+1 555\"}");
        assertEquals(400, invalid.status());
        assertEquals("invalid_phone", invalid.error());
        Response unknown = get("/accounts/15559999999");
        assertEquals(404, unknown.status());
        assertEquals("unknown_account", unknown.error());
        assertTrue(unknown.body().get("message").asText().contains("15559999999"));
    }

    @Test
    void interopSwitchesAreShownSetAndResetOverHttp() throws Exception {
        Response initial = get("/interop");
        assertEquals(200, initial.status());
        assertEquals("message", initial.body().get("messageAckClass").asText());
        assertFalse(initial.body().get("successWithoutLid").asBoolean());

        Response set = post("/interop", "{\"successWithoutLid\":true,\"messageAckClass\":\"receipt\","
                + "\"dropNextMessageAcks\":2,\"activeIqErrorCode\":\"frob\"}");
        assertEquals(200, set.status());
        assertTrue(set.body().get("successWithoutLid").asBoolean());
        assertEquals(2, set.body().get("dropNextMessageAcks").asInt());
        assertEquals("receipt", simulator.accounts().interop().messageAckClass(), "the server itself switched");
        assertEquals("frob", simulator.accounts().interop().activeIqErrorCode());

        Response unknown = post("/interop", "{\"frobnicate\":true,\"minimalAttributes\":true}");
        assertEquals(400, unknown.status());
        assertTrue(unknown.body().get("message").asText().contains("frobnicate"));
        assertFalse(simulator.accounts().interop().minimalAttributes(), "a refused request changes nothing");
        assertEquals(400, post("/interop", "{\"dropNextMessageAcks\":\"two\"}").status());

        Response reset = post("/interop", "{\"reset\":true,\"emptyOwnDeviceList\":true}");
        assertFalse(reset.body().get("successWithoutLid").asBoolean());
        assertEquals("message", reset.body().get("messageAckClass").asText());
        assertTrue(simulator.accounts().interop().emptyOwnDeviceList());
        assertTrue(reset.body().get("activeIqErrorCode").isNull());
    }

    @Test
    void badRequestsGetClearErrors() throws Exception {
        assertEquals("bad_request", post("/accounts", "{not json").error());
        assertEquals("bad_request", post("/accounts", "{}").error());
        assertEquals("bad_request", post("/accounts", "[]").error());
        assertEquals("bad_request", post("/accounts", null).error());
        Response wrongMethod = call("PUT", "/accounts", "{}");
        assertEquals(405, wrongMethod.status());
        assertEquals("method_not_allowed", wrongMethod.error());
        Response nowhere = get("/nowhere");
        assertEquals(404, nowhere.status());
        assertEquals("not_found", nowhere.error());
    }

    @Test
    void scanningLinksAWaitingCompanion() throws Exception {
        post("/accounts", "{\"phone\":\"15550001111\"}");
        Response badQr = post("/accounts/15550001111/scan", "{\"qr\":\"2@x,AAAA\"}");
        assertEquals(400, badQr.status());
        assertEquals("invalid_qr", badQr.error());

        TestCompanion companion = new TestCompanion();
        RawClient client = RawClient.connect(simulator, companion.noiseKey, companion.registrationPayload());
        Node pairDevice = client.next();
        client.send(TestCompanion.ack(pairDevice));
        String ref = new String(pairDevice.child("pair-device").children("ref").getFirst().bytes(), StandardCharsets.UTF_8);

        Response unknownRef = post("/accounts/15550001111/scan", json("qr", companion.qr("2@unknown")));
        assertEquals(404, unknownRef.status());
        assertEquals("unknown_ref", unknownRef.error());

        CompletableFuture<Response> scan = CompletableFuture.supplyAsync(() -> {
            try {
                return post("/accounts/15550001111/scan", json("qr", companion.qr(ref)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        client.send(companion.pairDeviceSign(companion.decode(client.next())));
        Response linked = scan.get(20, TimeUnit.SECONDS);
        assertEquals(200, linked.status(), linked.body().toString());
        assertEquals(1, linked.body().get("id").asInt());
        assertEquals("15550001111:1@s.whatsapp.net", linked.body().get("jid").asText());
        assertEquals(Base64.getEncoder().encodeToString(companion.noiseKey.publicKey()), linked.body().get("noiseKey").asText());

        JsonNode devices = get("/accounts/15550001111/devices").body();
        assertEquals(1, devices.size());
        assertEquals("CHROME", devices.get(0).get("platform").asText());
        assertEquals(1, get("/accounts/15550001111").body().get("devices").size());
    }

    @Test
    void aPairingCodeNobodyAskedForIsNotFound() throws Exception {
        post("/accounts", "{\"phone\":\"15550001111\"}");
        Response none = post("/accounts/15550001111/pairing-code", "{\"code\":\"ABCD-2345\"}");
        assertEquals(404, none.status());
        assertEquals("no_pending_code", none.error());
    }

    @Test
    void streamErrorsReachTheDevicesConnection() throws Exception {
        post("/accounts", "{\"phone\":\"15550001111\"}");
        PhoneAccount account = simulator.accounts().require("15550001111");
        LinkedCompanion companion = LinkedCompanion.link(account);
        String path = "/accounts/15550001111/devices/" + companion.device().id() + "/stream-error";

        Response offline = post(path, "{\"kind\":\"503\"}");
        assertEquals(409, offline.status());
        assertEquals("device_offline", offline.error());

        RawClient client = companion.login(simulator);
        assertTrue(get("/accounts/15550001111/devices").body().get(0).get("connected").asBoolean());
        Response badKind = post(path, "{\"kind\":\"teapot\"}");
        assertEquals(400, badKind.status());
        assertEquals("invalid_kind", badKind.error());
        Response sent = post(path, "{\"kind\":\"replaced\"}");
        assertEquals(200, sent.status());
        assertTrue(sent.body().get("sent").asBoolean());
        assertEquals("replaced", client.next().child("conflict").attr("type"));
        client.awaitClosed();

        Response unknownDevice = post("/accounts/15550001111/devices/42/stream-error", "{\"kind\":\"515\"}");
        assertEquals(404, unknownDevice.status());
        assertEquals("unknown_device", unknownDevice.error());
        assertEquals(400, post("/accounts/15550001111/devices/one/stream-error", "{\"kind\":\"515\"}").status());
    }

    @Test
    void unlinkingADeviceRemovesIt() throws Exception {
        post("/accounts", "{\"phone\":\"15550001111\"}");
        LinkedCompanion companion = LinkedCompanion.link(simulator.accounts().require("15550001111"));
        RawClient client = companion.login(simulator);
        String path = "/accounts/15550001111/devices/" + companion.device().id();
        assertEquals(200, get(path).status());
        Response removed = call("DELETE", path, null);
        assertEquals(204, removed.status());
        assertEquals("device_removed", client.next().child("conflict").attr("type"));
        assertFalse(get("/accounts/15550001111/devices").body().elements().hasNext());
        Response again = call("DELETE", path, null);
        assertEquals(404, again.status());
        assertEquals("unknown_device", again.error());
    }

    private static String json(String field, String value) {
        return JSON.createObjectNode().put(field, value).toString();
    }
}

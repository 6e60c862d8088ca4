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

/** The control API's simulated phones over real HTTP: create, send, read what arrived, mark read. */
class ContactApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);
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

    private SimulatedContact phone(String number) {
        return simulator.accounts().messaging().contact(number);
    }

    @Test
    void aContactIsAnAccountWhosePhoneTalks() throws Exception {
        Response created = call("POST", "/contacts", "{\"phone\":\"15550002222\",\"name\":\"Bob\"}");
        assertEquals(201, created.status());
        assertEquals("15550002222@s.whatsapp.net", created.body().get("jid").asText());
        assertEquals("Bob", created.body().get("name").asText());
        assertEquals(0, created.body().get("devices").get(0).asInt(), "the phone is device 0");
        assertEquals("Bob", simulator.accounts().require("15550002222").pushName());
        assertEquals(409, call("POST", "/contacts", "{\"phone\":\"15550002222\"}").status());
        assertEquals(200, call("GET", "/contacts/15550002222", null).status());
        assertEquals("unknown_account", call("GET", "/contacts/15550009999", null).error());
    }

    @Test
    void sendDeliversARealMessageAndMessagesListsWhatThePhoneReceived() throws Exception {
        call("POST", "/contacts", "{\"phone\":\"15550001111\"}");
        call("POST", "/contacts", "{\"phone\":\"15550002222\",\"name\":\"Bob\"}");

        Response sent = call("POST", "/contacts/15550002222/send", "{\"to\":\"+15550001111\",\"text\":\"hello\"}");
        assertEquals(200, sent.status());
        String id = sent.body().get("id").asText();
        assertEquals("15550001111@s.whatsapp.net", sent.body().get("to").asText());
        ContactMessage received = phone("15550001111").awaitMessage(WAIT);
        assertEquals(id, received.id());
        assertEquals("hello", received.text());

        Response listed = call("GET", "/contacts/15550001111/messages?wait=5000", null);
        assertEquals(200, listed.status());
        JsonNode message = listed.body().get("messages").get(0);
        assertEquals(id, message.get("id").asText());
        assertEquals("15550002222@s.whatsapp.net", message.get("from").asText());
        assertEquals("text", message.get("kind").asText());
        assertEquals("hello", message.get("text").asText());
        assertEquals("Bob", message.get("pushName").asText());
        assertEquals("pkmsg", message.get("cipherType").asText());
        long next = listed.body().get("next").asLong();
        assertEquals(1, next);

        long started = System.nanoTime();
        Response nothingNew = call("GET", "/contacts/15550001111/messages?after=" + next + "&wait=200", null);
        assertEquals(0, nothingNew.body().get("messages").size());
        assertTrue(System.nanoTime() - started >= 150_000_000L, "waited for new messages");

        assertEquals(200, call("POST", "/contacts/15550001111/read", "{\"id\":\"" + id + "\"}").status());
        SimulatedContact bob = phone("15550002222");
        ContactReceipt receipt = bob.awaitReceipt(WAIT);
        if (receipt.isDelivery()) {
            receipt = bob.awaitReceipt(WAIT);
        }
        assertEquals("read", receipt.type());
        assertEquals(id, receipt.id());
        assertEquals("unknown_message", call("POST", "/contacts/15550001111/read", "{\"id\":\"NOPE\"}").error());
    }

    @Test
    void reactionsAreSentByKind() throws Exception {
        call("POST", "/contacts", "{\"phone\":\"15550001111\"}");
        call("POST", "/contacts", "{\"phone\":\"15550002222\"}");
        Response sent = call("POST", "/contacts/15550002222/send",
                "{\"to\":\"15550001111@s.whatsapp.net\",\"kind\":\"reaction\",\"messageId\":\"ABC\",\"emoji\":\"❤\"}");
        assertEquals(200, sent.status());
        ContactMessage reaction = phone("15550001111").awaitMessage(WAIT);
        assertEquals("reaction", reaction.type());
        JsonNode listed = call("GET", "/contacts/15550001111/messages", null).body().get("messages").get(0);
        assertEquals("reaction", listed.get("kind").asText());
        assertEquals("❤", listed.get("emoji").asText());
        assertEquals("ABC", listed.get("targetId").asText());
    }

    @Test
    void badSendsAreRefusedWithSpecificErrors() throws Exception {
        call("POST", "/contacts", "{\"phone\":\"15550002222\"}");
        assertEquals("unknown_account", call("POST", "/contacts/15550002222/send",
                "{\"to\":\"15550009999\",\"text\":\"anyone?\"}").error());
        assertEquals("invalid_jid", call("POST", "/contacts/15550002222/send", "{\"to\":\"not a jid\",\"text\":\"x\"}").error());
        call("POST", "/contacts", "{\"phone\":\"15550001111\"}");
        Response noKind = call("POST", "/contacts/15550002222/send", "{\"to\":\"15550001111\"}");
        assertEquals(400, noKind.status());
        assertEquals("invalid_kind", noKind.error());
        assertEquals("bad_request", call("GET", "/contacts/15550002222/messages?wait=x", null).error());
        assertEquals(405, call("GET", "/contacts/15550002222/send", null).status());
        assertEquals(200, call("POST", "/contacts/15550002222/corrupt-next", null).status());
    }

    @Test
    void aBurstIsEncryptedFirstThenRoutedToTheLinkedDevicesOnly() throws Exception {
        call("POST", "/contacts", "{\"phone\":\"15550001111\"}");
        call("POST", "/contacts", "{\"phone\":\"15550002222\"}");
        PhoneAccount me = simulator.accounts().require("15550001111");
        SignalCompanion companion = SignalCompanion.link(me, 10);

        long before = System.nanoTime();
        Response burst = call("POST", "/contacts/15550002222/burst", "{\"to\":\"15550001111\",\"count\":3,\"text\":\"b\"}");
        assertEquals(200, burst.status(), burst.body()::toString);
        assertEquals(3, burst.body().get("count").asInt());
        assertEquals(1, burst.body().get("devices").asInt(), "the companion, not the phone");
        long startedAt = burst.body().get("startedAtNanos").asLong();
        assertTrue(startedAt > before && startedAt < System.nanoTime(), "routing started during the call, on this clock");
        assertEquals(3, simulator.accounts().messaging().pending(me, companion.linked.device().id()),
                "all three wait in the offline device's mailbox");

        try (RawClient client = companion.login(simulator)) {
            for (int i = 0; i < 3; i++) {
                Node message = client.next(n -> n.is("message"));
                assertEquals("b " + i, companion.decryptText(message), "in order");
                client.send(SignalCompanion.ackOf(message));
            }
        }
        assertNull(phone("15550001111").awaitMessage(Duration.ofMillis(300)), "the phone got no copy");

        assertEquals("bad_request", call("POST", "/contacts/15550002222/burst", "{\"to\":\"15550001111\",\"count\":0}").error());
        assertEquals("bad_request", call("POST", "/contacts/15550002222/burst", "{\"to\":\"15550001111\",\"count\":5001}").error());
        assertEquals("send_failed", call("POST", "/contacts/15550001111/burst", "{\"to\":\"15550002222\",\"count\":1}").error(),
                "a user without linked devices cannot take a burst");
    }

    @Test
    void aPhoneThatDoesNotDecryptOnlyAcks() throws Exception {
        call("POST", "/contacts", "{\"phone\":\"15550001111\"}");
        call("POST", "/contacts", "{\"phone\":\"15550002222\"}");
        PhoneAccount me = simulator.accounts().require("15550001111");
        Response off = call("POST", "/contacts/15550001111/decrypt", "{\"enabled\":false}");
        assertEquals(200, off.status());
        assertEquals(false, off.body().get("decrypting").asBoolean());

        call("POST", "/contacts/15550002222/send", "{\"to\":\"15550001111\",\"text\":\"unread\"}");
        Waits.until(() -> simulator.accounts().messaging().pending(me, 0) == 0, "the phone acked the message");
        assertNull(phone("15550001111").awaitMessage(Duration.ofMillis(300)), "nothing was decrypted");

        assertEquals(200, call("POST", "/contacts/15550001111/decrypt", "{\"enabled\":true}").status());
        call("POST", "/contacts/15550002222/send", "{\"to\":\"15550001111\",\"text\":\"read\"}");
        ContactMessage received = phone("15550001111").awaitMessage(WAIT);
        assertEquals("read", received.text());
        assertEquals("bad_request", call("POST", "/contacts/15550001111/decrypt", "{\"enabled\":\"no\"}").error());
    }

    @Test
    void aContactPostsAStatusAnotherReadsItAndTheSeenReceiptIsListed() throws Exception {
        call("POST", "/contacts", "{\"phone\":\"15550002222\"}");
        call("POST", "/contacts", "{\"phone\":\"15550003333\"}");
        call("POST", "/contacts", "{\"phone\":\"15550004444\"}");
        assertEquals("empty_audience", call("POST", "/contacts/15550002222/status", "{\"text\":\"hi\"}").error());
        Response posted = call("POST", "/contacts/15550002222/status",
                "{\"audience\":[\"15550003333\"],\"text\":\"gone fishing\",\"backgroundArgb\":4280184399,\"font\":2}");
        assertEquals(200, posted.status(), String.valueOf(posted.body()));
        String id = posted.body().get("id").asText();
        assertEquals("15550003333@s.whatsapp.net", posted.body().get("audience").get(0).asText());

        ContactMessage received = phone("15550003333").awaitText(io.wabridge.client.jid.Jid.STATUS_BROADCAST,
                "gone fishing", WAIT);
        assertEquals(id, received.id());
        assertEquals(0xFF1E6E4F, received.message().getExtendedTextMessage().getBackgroundArgb());
        JsonNode listed = call("GET", "/contacts/15550003333/messages", null).body().get("messages");
        assertEquals("status@broadcast", listed.get(listed.size() - 1).get("chat").asText(), listed.toString());
        assertTrue(phone("15550004444").messagesAfter(0, Duration.ZERO).isEmpty(), "not in the audience");

        assertEquals(200, call("POST", "/contacts/15550003333/read", "{\"id\":\"" + id + "\"}").status());
        Waits.until(() -> call0("GET", "/contacts/15550002222/status-seen").body().get("seen").size() == 1,
                "the seen receipt is listed");
        JsonNode seen = call("GET", "/contacts/15550002222/status-seen", null).body().get("seen").get(0);
        assertEquals(id, seen.get("ids").get(0).asText());
        assertEquals("read", seen.get("type").asText());
        assertTrue(seen.get("viewer").asText().startsWith("15550003333"), seen.toString());
    }

    private Response call0(String method, String path) {
        try {
            return call(method, path, null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

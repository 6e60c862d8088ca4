package io.wabridge.bridge.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.wabridge.client.jid.Jid;
import io.wabridge.proto.v1.EventEnvelope;
import io.wabridge.proto.v1.StatusEvent;
import io.wabridge.proto.wa.ExtendedTextMessage;
import io.wabridge.proto.wa.Message;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.contact.ContactMessage;
import io.wabridge.simulator.contact.SimulatedContact;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Status updates through the bridge and Kafka: a contact posts a styled text status to the session's account; it is
 * a status event (never a message event); mark_status_seen reaches the server naming the author; send_status posts
 * to an audience of two contacts, both decrypt it, a third does not get it; a contact's seen receipt comes back as a
 * receipt event on status@broadcast; send_status with an empty audience goes to the DLQ with STATUS_EMPTY_AUDIENCE.
 */
@QuarkusTest
class StatusBridgeTest extends SessionBridgeTest {
    private static final String SESSION = "status-1";
    private static final String PHONE = "15550008771";
    private static final String ALICE = "15550008772";
    private static final String BOB = "15550008773";
    private static final String CAROL = "15550008774";

    StatusBridgeTest() {
        super(SESSION, "s-disconnect");
    }

    @Test
    void statusesComeAsStatusEventsAndGoToTheirAudience() throws Exception {
        PhoneAccount account = simulator.create(PHONE);
        SimulatedContact alice = simulator.contact(simulator.create(ALICE).phoneNumber());
        SimulatedContact bob = simulator.contact(simulator.create(BOB).phoneNumber());
        SimulatedContact carol = simulator.contact(simulator.create(CAROL).phoneNumber());
        kafka.linkByQr(account, "s-connect");

        // A contact's status: a status event, then our seen receipt reaches the server.
        Message styled = Message.newBuilder().setExtendedTextMessage(ExtendedTextMessage.newBuilder()
                .setText("gone fishing").setBackgroundArgb(0xFF1E6E4F).setFont(2)).build();
        String posted = alice.postStatus(List.of(account), styled, "text").get(60, TimeUnit.SECONDS);
        StatusEvent status = events.awaitEvent(SESSION, e -> e.hasStatus()
                && e.getStatus().getMessage().getId().equals(posted)).getStatus();
        assertEquals("status@broadcast", status.getMessage().getChat());
        assertEquals(ALICE + "@s.whatsapp.net", status.getMessage().getSender().getPn());
        assertEquals(0xFF1E6E4F, status.getStyle().getBackgroundArgb());
        assertEquals(2, status.getStyle().getFont());
        kafka.command("{\"commandId\":\"s-seen\",\"markStatusSeen\":{\"author\":\"+" + ALICE + "\",\"messageIds\":[\""
                + posted + "\"]}}");
        assertTrue(kafka.result("s-seen").getCommandResult().hasOk());
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> simulator.statuses().seen().stream()
                .anyMatch(s -> s.ids().contains(posted) && s.viewer().user().equals(PHONE)));

        // Our status to alice and bob: both decrypt it, carol gets nothing; alice's seen comes back.
        kafka.command("{\"commandId\":\"s-post\",\"sendStatus\":{\"audience\":[\"" + ALICE + "\",\"" + BOB
                + "@s.whatsapp.net\"],\"content\":{\"text\":\"back on Monday\"},\"style\":{\"backgroundArgb\":4278190335}}}");
        String id = kafka.result("s-post").getCommandResult().getOk().getMessageId();
        assertFalse(id.isEmpty());
        ContactMessage atAlice = alice.awaitText(Jid.STATUS_BROADCAST, "back on Monday", Duration.ofSeconds(60));
        assertNotNull(atAlice, "alice decrypted our status");
        assertEquals(id, atAlice.id());
        assertEquals(0xFF0000FF, atAlice.message().getExtendedTextMessage().getBackgroundArgb());
        assertNotNull(bob.awaitText(Jid.STATUS_BROADCAST, "back on Monday", Duration.ofSeconds(60)), "bob decrypted it");
        var routed = simulator.statuses().posts().stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
        assertTrue(routed.reached().stream().noneMatch(d -> d.user().equals(CAROL)), routed.reached().toString());
        assertTrue(carol.messagesAfter(0, Duration.ZERO).stream().noneMatch(m -> m.id().equals(id)));
        alice.markStatusSeen(atAlice);
        EventEnvelope receipt = events.awaitEvent(SESSION, e -> e.hasReceipt()
                && e.getReceipt().getMessageIdsList().contains(id) && "READ".equals(e.getReceipt().getType().name()));
        assertEquals("status@broadcast", receipt.getReceipt().getChat());
        assertEquals(ALICE + "@s.whatsapp.net", receipt.getReceipt().getSender().getPn());

        // Statuses are never message events.
        assertTrue(events.events(SESSION).stream().noneMatch(e -> e.hasMessage()
                && "status@broadcast".equals(e.getMessage().getChat())));

        // Bad input: DLQ and an error result with the status code.
        RecordMetadata bad = kafka.command("{\"commandId\":\"s-bad\",\"sendStatus\":{\"content\":{\"text\":\"hi\"}}}");
        assertEquals("STATUS_EMPTY_AUDIENCE", kafka.result("s-bad").getCommandResult().getError().getCode());
        ConsumerRecord<byte[], byte[]> dead = dlq.awaitRecord(r ->
                String.valueOf(bad.offset()).equals(KafkaTap.header(r, "dlq-original-offset"))
                        && String.valueOf(bad.partition()).equals(KafkaTap.header(r, "dlq-original-partition")));
        assertEquals("STATUS_EMPTY_AUDIENCE", KafkaTap.header(dead, "dlq-reason-code"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("wabridge_statuses_total"));
    }
}

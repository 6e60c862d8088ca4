package io.wabridge.bridge.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.wabridge.proto.v1.CallEvent;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.call.CallService;
import io.wabridge.simulator.contact.ContactMessage;
import io.wabridge.simulator.contact.SimulatedContact;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Calls through the bridge and Kafka: a contact rings the session's account; the offer is a call event; a
 * reject_call command rejects it (command_result ok, a REJECTED event, the server saw our device reject); rejecting
 * again, an unknown call or a call answered on the phone fail with CALL_ALREADY_ENDED, CALL_NOT_FOUND and
 * CALL_ANSWERED; a hang-up is TERMINATED; set_call_settings turns auto-reject on with a reply the caller receives;
 * a reject_call without a call id goes to the DLQ with an error result.
 */
@QuarkusTest
class CallBridgeTest extends SessionBridgeTest {
    private static final String SESSION = "calls-1";
    private static final String PHONE = "15550008881";
    private static final String CALLER = "15550008882";

    CallBridgeTest() {
        super(SESSION, "c-disconnect");
    }

    @Test
    void callsAreEventsAndRejectedByCommandOrAutomatically() throws Exception {
        PhoneAccount account = simulator.create(PHONE);
        SimulatedContact caller = simulator.contact(simulator.create(CALLER).phoneNumber());
        CallService calls = simulator.calls();
        kafka.linkByQr(account, "c-connect");

        // An offer, rejected by command.
        String first = calls.ring(caller.account(), account, true);
        CallEvent offer = awaitCall(first, CallEvent.Status.OFFER);
        assertEquals(CALLER + "@s.whatsapp.net", offer.getCallerPn());
        assertEquals(caller.account().lidJid().toString(), offer.getCallerLid());
        assertTrue(offer.getVideo());
        kafka.command("{\"commandId\":\"c-reject\",\"rejectCall\":{\"callId\":\"" + first + "\"}}");
        assertTrue(kafka.result("c-reject").getCommandResult().hasOk());
        CallEvent rejected = awaitCall(first, CallEvent.Status.REJECTED);
        assertFalse(rejected.getElsewhere());
        assertFalse(rejected.getAutomatic());
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                calls.call(first).orElseThrow().state() == CallService.State.REJECTED);
        assertEquals(PHONE, calls.call(first).orElseThrow().endedBy().user());

        // Refusals on the call's state.
        kafka.command("{\"commandId\":\"c-again\",\"rejectCall\":{\"callId\":\"" + first + "\"}}");
        assertEquals("CALL_ALREADY_ENDED", kafka.result("c-again").getCommandResult().getError().getCode());
        kafka.command("{\"commandId\":\"c-unknown\",\"rejectCall\":{\"callId\":\"00000000000000000000000000000000\"}}");
        assertEquals("CALL_NOT_FOUND", kafka.result("c-unknown").getCommandResult().getError().getCode());
        String answered = calls.ring(caller.account(), account, false);
        awaitCall(answered, CallEvent.Status.OFFER);
        assertTrue(calls.answerOn(answered, 0));
        assertTrue(awaitCall(answered, CallEvent.Status.ACCEPTED).getElsewhere());
        kafka.command("{\"commandId\":\"c-answered\",\"rejectCall\":{\"callId\":\"" + answered + "\"}}");
        assertEquals("CALL_ANSWERED", kafka.result("c-answered").getCommandResult().getError().getCode());
        assertTrue(calls.hangUp(answered));
        awaitCall(answered, CallEvent.Status.TERMINATED);

        // Auto-reject with a reply.
        kafka.command("{\"commandId\":\"c-auto\",\"setCallSettings\":{\"autoReject\":\"AUTO_REJECT_ON\","
                + "\"replyMessage\":\"No calls here, please write.\"}}");
        var settings = kafka.result("c-auto").getCommandResult().getOk().getCallSettings();
        assertTrue(settings.getAutoReject());
        assertEquals("No calls here, please write.", settings.getReplyMessage());
        String auto = calls.ring(caller.account(), account, false);
        awaitCall(auto, CallEvent.Status.OFFER);
        assertTrue(awaitCall(auto, CallEvent.Status.REJECTED).getAutomatic());
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                calls.call(auto).orElseThrow().state() == CallService.State.REJECTED);
        ContactMessage reply = caller.awaitMessage(Duration.ofSeconds(60));
        assertEquals("No calls here, please write.", reply.text());
        kafka.command("{\"commandId\":\"c-default\",\"setCallSettings\":{}}");
        assertFalse(kafka.result("c-default").getCommandResult().getOk().getCallSettings().getAutoReject(),
                "back to the bridge default (off)");

        // A malformed command: DLQ and an error result.
        RecordMetadata bad = kafka.command("{\"commandId\":\"c-bad\",\"rejectCall\":{}}");
        assertEquals("INVALID_COMMAND", kafka.result("c-bad").getCommandResult().getError().getCode());
        ConsumerRecord<byte[], byte[]> dead = dlq.awaitRecord(r ->
                String.valueOf(bad.offset()).equals(KafkaTap.header(r, "dlq-original-offset"))
                        && String.valueOf(bad.partition()).equals(KafkaTap.header(r, "dlq-original-partition")));
        assertEquals("INVALID_COMMAND", KafkaTap.header(dead, "dlq-reason-code"));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("wabridge_calls_total{automatic=\"true\",status=\"rejected\"}"))
                .body(containsString("wabridge_calls_total{automatic=\"false\",status=\"offer\"}"));
    }

    private CallEvent awaitCall(String callId, CallEvent.Status status) {
        return events.awaitEvent(SESSION, e -> e.hasCall() && e.getCall().getCallId().equals(callId)
                && e.getCall().getStatus() == status).getCall();
    }
}

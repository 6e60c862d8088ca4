package io.wabridge.bridge.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.bridge.call.CallCommands;
import io.wabridge.bridge.session.InboundEvents;
import io.wabridge.client.binary.Node;
import io.wabridge.client.call.CallStanzas;
import io.wabridge.client.call.Calls;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.jid.Jid;
import io.wabridge.proto.v1.CommandEnvelope;
import io.wabridge.proto.v1.ErrorCode;
import io.wabridge.proto.v1.EventEnvelope;
import io.wabridge.proto.v1.SetCallSettings;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's call examples ("Calls in the contract", each after a {@code <!-- call-example:NAME -->} marker): the
 * commands are accepted, and the result and the events are byte for byte what the bridge writes for the setting and
 * the WhatsApp stanzas they stand for.
 */
class CallsDocumentedExamplesTest {
    private static final DocumentedEvents DOCS = new DocumentedEvents("call");
    private static final String CALL_ID = "D6B8E7A0C3F14B2A9E5D1C0B8A7F6E5D";
    private static final Jid ME = Jid.pn("15550009999");
    private static final Instant NOW = Instant.parse("2025-11-24T16:00:00Z");

    @Test
    void theCommandExamplesAreAcceptedAndBadOnesRefused() throws Exception {
        CommandDecoder decoder = new CommandDecoder();
        CommandEnvelope reject = decoder.decode(Records.json("acme", DOCS.example("rejectCall")));
        assertEquals(CALL_ID, reject.getRejectCall().getCallId());
        CommandEnvelope settings = decoder.decode(Records.json("acme", DOCS.example("setCallSettings")));
        assertEquals(SetCallSettings.AutoReject.AUTO_REJECT_ON, settings.getSetCallSettings().getAutoReject());
        for (String bad : List.of("{\"rejectCall\":{}}",
                "{\"setCallSettings\":{\"autoReject\":\"AUTO_REJECT_OFF\",\"replyMessage\":\"busy\"}}")) {
            assertEquals(ErrorCode.INVALID_COMMAND, assertThrows(InvalidCommandException.class,
                    () -> decoder.decode(Records.json("acme", bad)), bad).code(), bad);
        }
    }

    @Test
    void theSettingsResultIsWhatTheBridgeAnswers() throws Exception {
        CommandEnvelope settings = new CommandDecoder().decode(Records.json("acme", DOCS.example("setCallSettings")));
        CallCommands calls = new CallCommands(Calls.AutoReject.OFF);
        EventEnvelope.Builder event = DOCS.head("call-2");
        event.setCommandResult(calls.settings("acme", null, settings.getSetCallSettings()).get());
        DOCS.assertWritten("setCallSettingsResult", event);
        assertTrue(calls.settingOf("acme").enabled());
        assertEquals(Calls.AutoReject.OFF, calls.settingOf("other"), "other sessions keep the default");
    }

    @Test
    void theEventsAreWhatTheBridgeWritesForTheStanzas() throws Exception {
        Node offer = Node.builder("call").attr("from", "15550002222@s.whatsapp.net").attr("id", "1").attr("t", 1764000000L)
                .child(Node.builder("offer").attr("call-id", CALL_ID).attr("call-creator", "15550002222@s.whatsapp.net")
                        .attr("caller_lid", "90210123456789@lid")
                        .children(Node.builder("audio").attr("enc", "opus").attr("rate", "16000").build(),
                                Node.builder("video").attr("enc", "vp8").build()).build()).build();
        DOCS.assertWritten("offer", event(offer));

        Node rejected = Node.builder("call").attr("from", "15550009999:0@s.whatsapp.net").attr("id", "2")
                .attr("t", 1764000005L)
                .child(Node.builder("reject").attr("call-id", CALL_ID).attr("call-creator", "15550002222@s.whatsapp.net")
                        .attr("count", "0").build()).build();
        DOCS.assertWritten("rejectedElsewhere", event(rejected));

        Node odd = Node.builder("call").attr("from", "15550002222@s.whatsapp.net").attr("id", "3").attr("t", 1764000009L)
                .child(Node.builder("video_upgrade").attr("call-id", CALL_ID)
                        .attr("call-creator", "15550002222@s.whatsapp.net").attr("state", "2").build()).build();
        DOCS.assertWritten("unknown", event(odd));
    }

    private static EventEnvelope.Builder event(Node stanza) throws Exception {
        EventEnvelope.Builder event = DOCS.head(null);
        assertTrue(InboundEvents.map(new ClientEvent.Call(CallStanzas.parse(stanza, ME, null, NOW)), event));
        return event;
    }
}

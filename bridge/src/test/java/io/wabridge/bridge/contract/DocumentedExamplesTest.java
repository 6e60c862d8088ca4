package io.wabridge.bridge.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.util.JsonFormat;
import io.wabridge.bridge.protection.OutboundRateLimiter;
import io.wabridge.proto.v1.CommandEnvelope;
import io.wabridge.proto.v1.EventEnvelope;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON examples of the README's "The Kafka contract" section decode as the README says. Keep both in sync. */
class DocumentedExamplesTest {

    private static final List<String> COMMANDS = List.of(
            "{\"commandId\":\"c-1\",\"connect\":{\"qr\":{}}}",
            "{\"commandId\":\"c-2\",\"connect\":{\"pairingCode\":{\"phone\":\"+15550001111\"}}}",
            "{\"commandId\":\"c-3\",\"sendMessage\":{\"to\":\"15550001111\",\"content\":{\"text\":\"Hello from wabridge\"}}}",
            "{\"commandId\":\"c-4\",\"sendMessage\":{\"to\":\"120363012345678901@g.us\","
                    + "\"content\":{\"text\":\"@15550002222 done\"},"
                    + "\"quoted\":{\"id\":\"3EB0C431C26A1916E07A\",\"sender\":\"15550002222@s.whatsapp.net\"},"
                    + "\"mentions\":[\"15550002222\"]}}",
            "{\"commandId\":\"c-5\",\"sendMessage\":{\"to\":\"15550001111\","
                    + "\"content\":{\"reaction\":{\"target\":{\"id\":\"3EB0C431C26A1916E07A\"},\"emoji\":\"👍\"}}}}",
            "{\"commandId\":\"c-6\",\"markRead\":{\"chat\":\"15550001111\",\"messageIds\":[\"3EB0C431C26A1916E07A\"]}}",
            "{\"commandId\":\"c-7\",\"sendChatstate\":{\"chat\":\"15550001111\",\"state\":\"COMPOSING\"}}",
            "{\"commandId\":\"c-8\",\"sendMessage\":{\"to\":\"15550001111\","
                    + "\"content\":{\"poll\":{\"name\":\"Lunch?\",\"options\":[\"Pizza\",\"Sushi\"],\"selectableCount\":1}}}}");

    /** README "Media in the contract": a sendMessage taking an image from a URL. */
    static final String MEDIA_COMMAND = "{\"commandId\":\"c-9\",\"sendMessage\":{\"to\":\"15550001111\","
            + "\"content\":{\"media\":{\"kind\":\"MEDIA_KIND_IMAGE\",\"caption\":\"Your invoice\","
            + "\"fetchUrl\":\"https://files.example.com/invoice.jpg\"}}}}";

    /** README "Media in the contract": a received document's descriptor. */
    static final String MEDIA_EVENT = "{\"eventId\":\"01KAV9FT3VXRTQT3WJFVE7K67C\",\"sessionId\":\"acme\","
            + "\"occurredAt\":\"2025-11-24T16:00:01Z\",\"message\":{\"id\":\"3EB0A1B2C3D4E5F60718\","
            + "\"chat\":\"15550001111@s.whatsapp.net\",\"content\":{\"media\":{\"kind\":\"MEDIA_KIND_DOCUMENT\","
            + "\"mimetype\":\"application/pdf\",\"caption\":\"the report\",\"fileName\":\"report.pdf\","
            + "\"size\":\"150001\",\"sha256\":\"5d41402abc4b2a76b9719d911017c5925d41402abc4b2a76b9719d911017c592\","
            + "\"directPath\":\"/v/t62.7119-24/1234_5678_n.enc?ccb=11-4&oh=01_Q5A&oe=68F0C0DE\","
            + "\"mediaKey\":\"AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=\","
            + "\"fileEncSha256\":\"AwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwM=\",\"mediaKeyTimestamp\":\"1764000000\"}}}}";

    private static final String EVENT = "{\"eventId\":\"01KAV9FT3VXRTQT3WJFVE7K67B\",\"sessionId\":\"acme\","
            + "\"occurredAt\":\"2025-11-24T16:00:00.123Z\",\"me\":{\"pn\":\"15550009999@s.whatsapp.net\"},"
            + "\"causationId\":\"c-3\",\"commandResult\":{\"ok\":{\"messageId\":\"3EB0C431C26A1916E07A\"}}}";

    private static final String GROUP_MESSAGE = "{\"eventId\":\"01KAV9FT3VXRTQT3WJFVE7K67C\",\"sessionId\":\"acme\",\"occurredAt\":\"2025-11-24T16:00:00.456Z\",\"me\":{\"pn\":\"15550009999@s.whatsapp.net\"}"
            + ",\"message\":{\"id\":\"3EB0A1B2C3D4E5F60718\",\"chat\":\"120363012345678901@g.us\",\"sender\":{\"pn\":\"15550002222@s.whatsapp.net\",\"lid\":\"90210123456789@lid\"},\"pushName\":\"Bob\",\"timestamp\":\"2025-11-24T16:00:00Z\",\"content\":{\"text\":\"hi team\"}}}";

    /** The README's group message event is what the bridge writes for a message a participant sent in a group. */
    @Test
    void theGroupMessageExampleIsWhatTheBridgeWritesForAGroupMessage() throws Exception {
        var group = io.wabridge.client.jid.Jid.parse("120363012345678901@g.us");
        var received = new io.wabridge.client.events.ClientEvent.MessageReceived("3EB0A1B2C3D4E5F60718",
                group, io.wabridge.client.jid.Jid.parse("15550002222:3@s.whatsapp.net"),
                io.wabridge.client.jid.Jid.parse("15550002222@s.whatsapp.net"),
                io.wabridge.client.jid.Jid.parse("90210123456789@lid"), "Bob",
                java.time.Instant.ofEpochSecond(1_764_000_000L),
                new io.wabridge.client.message.content.Text("hi team"),
                io.wabridge.proto.wa.Message.newBuilder().setConversation("hi team").build(), false);
        EventEnvelope.Builder event = EventEnvelope.newBuilder();
        JsonFormat.parser().merge("{\"eventId\":\"01KAV9FT3VXRTQT3WJFVE7K67C\",\"sessionId\":\"acme\","
                + "\"occurredAt\":\"2025-11-24T16:00:00.456Z\",\"me\":{\"pn\":\"15550009999@s.whatsapp.net\"}}", event);
        assertEquals(true, io.wabridge.bridge.session.InboundEvents.map(received, event));
        var record = new EventEncoder("wabridge.events", WireFormat.JSON).encode(event.build());
        assertEquals(GROUP_MESSAGE, Records.text(record.value()));
        EventEnvelope.Builder parsed = EventEnvelope.newBuilder();
        JsonFormat.parser().merge(GROUP_MESSAGE, parsed);
        assertEquals("120363012345678901@g.us", parsed.getMessage().getChat());
        assertEquals("15550002222@s.whatsapp.net", parsed.getMessage().getSender().getPn());
        assertEquals("90210123456789@lid", parsed.getMessage().getSender().getLid());
    }

    private static final String RATE_LIMITED = "{\"eventId\":\"01KAV9FT3VXRTQT3WJFVE7K67C\",\"sessionId\":\"acme\","
            + "\"occurredAt\":\"2025-11-24T16:00:01.456Z\",\"causationId\":\"c-9\",\"commandResult\":{\"error\":"
            + "{\"code\":\"RATE_LIMITED\",\"message\":\"the session reached its limit of messages per second"
            + " (wabridge.limits.messages-per-second); nothing was sent: produce the command again (same command_id)"
            + " after 100 ms\"}}}";

    @Test
    void theRateLimitedExampleIsWhatTheBridgeWrites() throws Exception {
        EventEnvelope.Builder event = EventEnvelope.newBuilder();
        JsonFormat.parser().merge(RATE_LIMITED, event);
        var written = io.wabridge.bridge.session.SessionCommands.rateLimited(new OutboundRateLimiter.Decision(false,
                OutboundRateLimiter.Limit.PER_SECOND, java.time.Duration.ofMillis(100)));
        assertEquals(written, event.getCommandResult());
        var record = new EventEncoder("wabridge.events", WireFormat.JSON).encode(event.build());
        EventEnvelope.Builder again = EventEnvelope.newBuilder();
        JsonFormat.parser().merge(Records.text(record.value()), again);
        assertEquals(event.build(), again.build());
    }

    @Test
    void everyCommandExampleIsAccepted() throws Exception {
        CommandDecoder decoder = new CommandDecoder();
        for (String json : COMMANDS) {
            CommandEnvelope command = decoder.decode(Records.json("acme", json));
            assertEquals("acme", command.getSessionId(), json);
        }
        CommandEnvelope send = decoder.decode(Records.json("acme", COMMANDS.get(2)));
        assertEquals("15550001111@s.whatsapp.net", send.getSendMessage().getTo());
    }

    /**
     * The README's mark_read command (marker {@code contract-example:markRead}) is accepted, and its ok result
     * ({@code contract-example:markReadResult}) is what the bridge writes for it.
     */
    @Test
    void theMarkReadResultExampleIsWhatTheBridgeWritesForTheMarkReadExample() throws Exception {
        CommandEnvelope markRead = new CommandDecoder().decode(Records.json("acme",
                io.wabridge.bridge.ReadmeExamples.line("contract", "markRead")));
        String result = io.wabridge.bridge.ReadmeExamples.line("contract", "markReadResult");
        EventEnvelope.Builder stated = EventEnvelope.newBuilder();
        JsonFormat.parser().merge(result, stated);
        EventEnvelope written = EventEnvelope.newBuilder().setEventId(stated.getEventId()).setSessionId("acme")
                .setOccurredAt(stated.getOccurredAt()).setCausationId(markRead.getCommandId())
                .setCommandResult(io.wabridge.bridge.command.CommandResults.markedRead(markRead.getMarkRead().getChat(),
                        markRead.getMarkRead().getMessageIdsCount(), java.time.Instant.parse("2025-11-24T16:00:01.900Z")))
                .build();
        var record = new EventEncoder("wabridge.events", WireFormat.JSON).encode(written);
        assertEquals(result, Records.text(record.value()));
    }

    @Test
    void theEventExampleIsWhatTheJsonEncoderWrites() throws Exception {
        EventEnvelope.Builder event = EventEnvelope.newBuilder();
        JsonFormat.parser().merge(EVENT, event);
        assertEquals(1_764_000_000_123L, UlidGenerator.timestampOf(event.getEventId()));
        var record = new EventEncoder("wabridge.events", WireFormat.JSON).encode(event.build());
        assertEquals(EVENT, Records.text(record.value()));
    }
}

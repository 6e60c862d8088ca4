package io.wabridge.bridge.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.util.JsonFormat;
import io.wabridge.proto.v1.CommandResult;
import io.wabridge.proto.v1.ConnectionUpdate;
import io.wabridge.proto.v1.ErrorCode;
import io.wabridge.proto.v1.EventEnvelope;
import io.wabridge.proto.v1.Me;
import io.wabridge.proto.v1.MessageContent;
import io.wabridge.proto.v1.MessageEvent;
import io.wabridge.proto.v1.Sender;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

class EventEncoderTest {

    private static final Instant NOW = Instant.parse("2025-11-24T16:00:00.123Z");
    private final EventFactory events = new EventFactory(new UlidGenerator(), InstantSource.fixed(NOW));

    private EventEnvelope message() {
        return events.envelope("acme")
                .setMe(Me.newBuilder().setPn("15550009999@s.whatsapp.net").setLid("111111111111111@lid"))
                .setCausationId("cmd-7")
                .setMessage(MessageEvent.newBuilder()
                        .setId("3EB0C431C26A1916E07A")
                        .setChat("15550001111@s.whatsapp.net")
                        .setSender(Sender.newBuilder().setPn("15550001111@s.whatsapp.net"))
                        .setPushName("Ann")
                        .setTimestamp(EventFactory.timestamp(NOW))
                        .setContent(MessageContent.newBuilder().setText("hi"))
                        .setRaw(ByteString.copyFrom(new byte[] {1, 2, 3})))
                .build();
    }

    private static String header(ProducerRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : Records.text(h.value());
    }

    private static List<String> headerNames(ProducerRecord<byte[], byte[]> record) {
        List<String> names = new ArrayList<>();
        record.headers().forEach(h -> names.add(h.key()));
        return names;
    }

    @Test
    void protobufEventsCarryKeyValueAndHeaders() throws Exception {
        EventEnvelope event = message();
        var record = new EventEncoder("wabridge.events", WireFormat.PROTOBUF).encode(event);
        assertEquals("wabridge.events", record.topic());
        assertNull(record.partition(), "the key picks the partition");
        assertArrayEquals(Records.utf8("acme"), record.key());
        assertEquals(event, EventEnvelope.parseFrom(record.value()));
        assertEquals(List.of("type", "session-id", "content-type", "event-id", "causation-id"), headerNames(record));
        assertEquals("message", header(record, "type"));
        assertEquals("acme", header(record, "session-id"));
        assertEquals("application/x-protobuf", header(record, "content-type"));
        assertEquals(event.getEventId(), header(record, "event-id"));
        assertEquals("cmd-7", header(record, "causation-id"));
    }

    @Test
    void eventsNoCommandCausedHaveNoCausationHeader() {
        EventEnvelope event = events.envelope("acme")
                .setConnectionUpdate(ConnectionUpdate.newBuilder().setState(ConnectionUpdate.State.OPEN))
                .build();
        var record = new EventEncoder("wabridge.events", WireFormat.PROTOBUF).encode(event);
        assertEquals("connection_update", header(record, "type"));
        assertFalse(headerNames(record).contains("causation-id"));
    }

    @Test
    void jsonEventsAreOneLineOfCanonicalJson() throws Exception {
        EventEnvelope event = message();
        var record = new EventEncoder("wabridge.events", WireFormat.JSON).encode(event);
        String json = Records.text(record.value());
        assertFalse(json.contains("\n"), json);
        assertTrue(json.contains("\"eventId\":\"" + event.getEventId() + "\""), json);
        assertTrue(json.contains("\"occurredAt\":\"2025-11-24T16:00:00.123Z\""), json);
        assertTrue(json.contains("\"raw\":\"AQID\""), "bytes are base64: " + json);
        assertEquals("application/json", header(record, "content-type"));
        EventEnvelope.Builder parsed = EventEnvelope.newBuilder();
        JsonFormat.parser().merge(json, parsed);
        assertEquals(event, parsed.build());
    }

    @Test
    void everyEventKindHasItsFieldNameAsType() {
        EventEncoder encoder = new EventEncoder("wabridge.events", WireFormat.PROTOBUF);
        List<String> types = new ArrayList<>();
        for (FieldDescriptor field : EventEnvelope.getDescriptor().getOneofs().get(0).getFields()) {
            EventEnvelope.Builder b = events.envelope("acme");
            b.setField(field, b.newBuilderForField(field).build());
            types.add(header(encoder.encode(b.build()), "type"));
        }
        assertEquals(List.of("connection_update", "command_result", "qr", "pairing_code", "paired", "logged_out",
                "message", "receipt", "decrypt_failed", "identity_changed", "presence", "chatstate", "group_update",
                "media_stored", "media_failed", "lid_mapping", "contacts_update", "push_name", "chat_update",
                "app_state_error", "history_sync", "profile_update", "newsletter_update", "call", "account_settings",
                "disappearing_update", "status"), types);
        assertEquals("chatstate", EventEncoder.typeName(EventEnvelope.EventCase.CHATSTATE));
    }

    @Test
    void incompleteEnvelopesAreABridgeBug() {
        EventEncoder encoder = new EventEncoder("wabridge.events", WireFormat.PROTOBUF);
        assertThrows(IllegalArgumentException.class, () -> encoder.encode(events.envelope("acme").build()));
        assertThrows(IllegalArgumentException.class, () -> encoder.encode(message().toBuilder().clearSessionId().build()));
        assertThrows(IllegalArgumentException.class, () -> encoder.encode(message().toBuilder().clearEventId().build()));
    }

    @Test
    void factoryStampsUlidSessionAndTime() {
        EventEnvelope e = events.envelope("acme").build();
        assertEquals("acme", e.getSessionId());
        assertEquals(26, e.getEventId().length());
        assertEquals(NOW.getEpochSecond(), e.getOccurredAt().getSeconds());
        assertEquals(NOW.getNano(), e.getOccurredAt().getNanos());
        assertTrue(events.envelope("acme").build().getEventId().compareTo(e.getEventId()) > 0);
    }

    @Test
    void aRejectedCommandBecomesAnErrorResultForItsSession() {
        var rejected = new InvalidCommandException(ErrorCode.INVALID_JID, "send_message.to: bad").in("acme", "cmd-9");
        EventEnvelope event = events.rejected(rejected);
        assertEquals("acme", event.getSessionId());
        assertEquals("cmd-9", event.getCausationId());
        assertEquals(CommandResult.Error.newBuilder().setCode("INVALID_JID").setMessage("send_message.to: bad").build(),
                event.getCommandResult().getError());
        EventEnvelope unrouted = events.rejected(new InvalidCommandException(ErrorCode.MISSING_SESSION_ID, "no session")
                .in(null, "wabridge.commands-3@42"));
        assertEquals(SessionIds.NO_SESSION, unrouted.getSessionId(), "no valid session: the well-known fallback key");
        assertEquals("wabridge.commands-3@42", unrouted.getCausationId());
        assertEquals("wabridge:no-session", new String(new EventEncoder("wabridge.events", WireFormat.PROTOBUF).encode(unrouted).key(),
                StandardCharsets.US_ASCII));
    }

    @Test
    void okResultsCarryTheMessageId() {
        EventEnvelope event = events.ok("acme", "cmd-1", "3EB0ABC");
        assertEquals("cmd-1", event.getCausationId());
        assertEquals("3EB0ABC", event.getCommandResult().getOk().getMessageId());
    }
}

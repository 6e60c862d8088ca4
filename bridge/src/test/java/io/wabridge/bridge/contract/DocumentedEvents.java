package io.wabridge.bridge.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.util.JsonFormat;
import io.wabridge.bridge.ReadmeExamples;
import io.wabridge.proto.v1.CommandResult;
import io.wabridge.proto.v1.EventEnvelope;

/**
 * One kind of the README's one-line contract examples (the JSON after a {@code <!-- KIND-example:NAME -->} marker, in
 * an indented block or a ```json block) and the one check every documented-examples test makes of an event or a
 * command result: the bridge's encoder writes the expected envelope byte for byte as documented, and the documented
 * line parses strictly (an unknown field fails) back into the same envelope. The test builds the expected envelope
 * with the bridge's own mapping, on a head it states ({@link #head}: the README's head is checked too) or on the
 * documented example's own head ({@link #assertWritten(String, Fill)}: for examples whose ids and times differ).
 */
final class DocumentedEvents {
    /** The envelope head of every example: event id, session, time and our own JID. */
    static final String HEAD = "{\"eventId\":\"01KAV9FT3VXRTQT3WJFVE7K67C\",\"sessionId\":\"acme\","
            + "\"occurredAt\":\"2025-11-24T16:00:00.456Z\",\"me\":{\"pn\":\"15550009999@s.whatsapp.net\"}";

    /** Fills the payload of an envelope as the bridge does (a mapper, a command result). */
    interface Fill {
        void into(EventEnvelope.Builder event) throws Exception;
    }

    private final String kind;
    private final String head;

    /** The examples of {@code kind}, whose stated head is {@link #HEAD}. */
    DocumentedEvents(String kind) {
        this(kind, HEAD + "}");
    }

    /** The examples of {@code kind}, whose stated head is {@code head} (a JSON envelope without a payload). */
    DocumentedEvents(String kind, String head) {
        this.kind = kind;
        this.head = head;
    }

    String example(String name) throws Exception {
        return ReadmeExamples.line(kind, name);
    }

    /** An envelope with the stated head and, when not null, the causation (command) id. */
    EventEnvelope.Builder head(String causation) throws Exception {
        EventEnvelope.Builder event = EventEnvelope.newBuilder();
        JsonFormat.parser().merge(head, event);
        if (causation != null) {
            event.setCausationId(causation);
        }
        return event;
    }

    /** The example {@code name} is {@code event} as the bridge writes it, and parses strictly back into it. */
    void assertWritten(String name, EventEnvelope.Builder event) throws Exception {
        String written = Records.text(new EventEncoder("wabridge.events", WireFormat.JSON).encode(event.build()).value());
        String documented = example(name);
        assertEquals(documented, written, "README " + kind + "-example:" + name);
        EventEnvelope.Builder parsed = EventEnvelope.newBuilder();
        JsonFormat.parser().merge(documented, parsed); // strict: every field is in the contract
        assertEquals(event.build(), parsed.build());
    }

    /** The example {@code name} is its own head (parsed strictly) with the payload {@code fill} writes. */
    void assertWritten(String name, Fill fill) throws Exception {
        EventEnvelope.Builder event = EventEnvelope.newBuilder();
        JsonFormat.parser().merge(example(name), event); // strict: an unknown field fails
        event.clearEvent();
        fill.into(event);
        assertWritten(name, event);
    }

    /** The command_result example {@code name} is its own head with {@code result}. */
    void assertResult(String name, CommandResult result) throws Exception {
        assertWritten(name, event -> event.setCommandResult(result));
    }
}

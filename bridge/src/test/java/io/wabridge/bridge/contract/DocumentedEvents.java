package io.wabridge.bridge.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.util.JsonFormat;
import io.wabridge.bridge.ReadmeExamples;
import io.wabridge.proto.v1.EventEnvelope;

/**
 * One kind of the README's one-line contract examples ({@code <!-- KIND-example:NAME -->}): the example's text, an
 * envelope with the head every example shares, and the check that the bridge writes an event byte for byte as
 * documented and that the documented line parses strictly back into the same envelope.
 */
final class DocumentedEvents {
    /** The envelope head of every example: event id, session, time and our own JID. */
    static final String HEAD = "{\"eventId\":\"01KAV9FT3VXRTQT3WJFVE7K67C\",\"sessionId\":\"acme\","
            + "\"occurredAt\":\"2025-11-24T16:00:00.456Z\",\"me\":{\"pn\":\"15550009999@s.whatsapp.net\"}";

    private final String kind;

    DocumentedEvents(String kind) {
        this.kind = kind;
    }

    String example(String name) throws Exception {
        return ReadmeExamples.line(kind, name);
    }

    /** An envelope with the shared head and, when not null, the causation (command) id. */
    EventEnvelope.Builder head(String causation) throws Exception {
        EventEnvelope.Builder event = EventEnvelope.newBuilder();
        JsonFormat.parser().merge(HEAD + "}", event);
        if (causation != null) {
            event.setCausationId(causation);
        }
        return event;
    }

    void assertWritten(String name, EventEnvelope.Builder event) throws Exception {
        String written = Records.text(new EventEncoder("wabridge.events", WireFormat.JSON).encode(event.build()).value());
        String documented = example(name);
        assertEquals(documented, written, "README " + kind + "-example:" + name);
        EventEnvelope.Builder parsed = EventEnvelope.newBuilder();
        JsonFormat.parser().merge(documented, parsed); // strict: every field is in the contract
        assertEquals(event.build(), parsed.build());
    }
}

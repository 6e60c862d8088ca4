package io.wabridge.bridge.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.util.JsonFormat;
import io.wabridge.proto.v1.EventEnvelope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The README's JSON examples: the first line starting with '{' after a {@code <!-- KIND-example:NAME -->} marker.
 * One parser (and one "the bridge writes exactly this" check) for the documented-examples tests.
 */
final class ReadmeExamples {

    private ReadmeExamples() {
    }

    /** The example marked {@code <!-- kind-example:name -->}. */
    static String example(String kind, String name) throws IOException {
        Path readme = Path.of("../README.md");
        if (!Files.exists(readme)) {
            readme = Path.of("README.md");
        }
        String text = Files.readString(readme);
        String marker = "<!-- " + kind + "-example:" + name + " -->";
        int at = text.indexOf(marker);
        assertTrue(at >= 0, "README has no " + marker);
        int start = text.indexOf('{', at);
        return text.substring(start, text.indexOf('\n', start)).strip();
    }

    /** An event envelope's head as the examples write it ({@code headJson} without its closing brace). */
    static EventEnvelope.Builder head(String headJson, String causation) throws IOException {
        EventEnvelope.Builder event = EventEnvelope.newBuilder();
        JsonFormat.parser().merge(headJson + "}", event);
        if (causation != null) {
            event.setCausationId(causation);
        }
        return event;
    }

    /**
     * The example is byte for byte what the bridge's JSON encoder writes for {@code event}, and parses back
     * (strictly: every field is in the contract) to the same envelope.
     */
    static void assertWritten(String kind, String name, EventEnvelope.Builder event) throws IOException {
        String written = Records.text(new EventEncoder("wabridge.events", WireFormat.JSON).encode(event.build()).value());
        String documented = example(kind, name);
        assertEquals(documented, written, "README " + kind + "-example:" + name);
        EventEnvelope.Builder parsed = EventEnvelope.newBuilder();
        JsonFormat.parser().merge(documented, parsed);
        assertEquals(event.build(), parsed.build());
    }
}

package io.wabridge.bridge.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.wabridge.proto.v1.ChatView;
import io.wabridge.proto.v1.SessionStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's views JSON examples are what the views print: they parse strictly and print back byte for byte. */
class ViewsDocumentedExamplesTest {

    @Test
    void sessionStatusExample() throws Exception {
        roundTrip("SessionStatus", SessionStatus.newBuilder());
    }

    @Test
    void chatViewExample() throws Exception {
        roundTrip("ChatView", ChatView.newBuilder());
    }

    private static void roundTrip(String name, Message.Builder builder) throws Exception {
        String json = example(name);
        JsonFormat.parser().merge(json, builder); // strict: an unknown field fails
        assertEquals(json, ViewsQueries.print(builder.build()));
    }

    /** The JSON block after the README's {@code <!-- views-example:NAME -->} marker. */
    private static String example(String name) throws Exception {
        Path readme = Path.of("../README.md");
        if (!Files.exists(readme)) {
            readme = Path.of("README.md");
        }
        String text = Files.readString(readme);
        int marker = text.indexOf("<!-- views-example:" + name + " -->");
        assertTrue(marker >= 0, "README has no example " + name);
        int start = text.indexOf("```json\n", marker) + "```json\n".length();
        return text.substring(start, text.indexOf("\n```", start)).strip();
    }
}

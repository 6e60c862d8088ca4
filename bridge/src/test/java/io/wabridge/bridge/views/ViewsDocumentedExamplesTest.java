package io.wabridge.bridge.views;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.wabridge.proto.v1.ChatView;
import io.wabridge.proto.v1.SessionStatus;
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

    private static String example(String name) throws Exception {
        return io.wabridge.bridge.ReadmeExamples.json("views", name);
    }
}

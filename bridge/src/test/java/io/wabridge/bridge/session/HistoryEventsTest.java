package io.wabridge.bridge.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.util.JsonFormat;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.history.HistoryParts;
import io.wabridge.client.history.HistorySettings;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.message.content.Text;
import io.wabridge.client.message.content.Unknown;
import io.wabridge.proto.v1.CommandEnvelope;
import io.wabridge.proto.v1.EventEnvelope;
import io.wabridge.proto.wa.HistorySyncNotification;
import io.wabridge.proto.wa.Message;
import io.wabridge.proto.wa.MessageKey;
import io.wabridge.proto.wa.WebMessageInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's history_sync examples are what the bridge writes (and its request_history example parses), and a part
 * cut at the default limits stays under 256 KiB in JSON even for the worst messages (raw kinds, long texts).
 */
class HistoryEventsTest {
    private static final Jid ALICE = Jid.parse("15550002222@s.whatsapp.net");
    private static final Jid ME = Jid.parse("15550009999@s.whatsapp.net");

    @Test
    void theReadmeEventExampleIsWhatTheBridgeWritesForThatPart() throws Exception {
        EventEnvelope.Builder readme = EventEnvelope.newBuilder();
        JsonFormat.parser().merge(example("event"), readme); // strict: an unknown field fails
        ClientEvent.HistorySync part = new ClientEvent.HistorySync("3A1B2C3D4E5F60718293",
                HistorySyncNotification.HistorySyncType.INITIAL_BOOTSTRAP, 1, 0, true, 40, null,
                List.of(new ClientEvent.HistoryConversation(ALICE, "Alice", null, Jid.parse("90210123456789@lid"), 2,
                        true, false, false, null, Instant.ofEpochSecond(1_700_000_001L), 0, false, false, 2)),
                List.of(text("3EB0AAAA000000000001", ALICE, "Alice A.", 1_700_000_000L, "see you tomorrow", false),
                        text("3EB0AAAA000000000002", ME, null, 1_700_000_001L, "ok!", true)),
                List.of(new ClientEvent.HistoryPushName(ALICE, "Alice A.")),
                List.of(new ClientEvent.HistoryLidMapping(ALICE, Jid.parse("90210123456789@lid"))), null);
        assertEquals(readme.getHistorySync(), HistoryEvents.event(part));
    }

    @Test
    void theReadmeErrorExampleIsWhatTheBridgeWritesForAFailedChunk() throws Exception {
        EventEnvelope.Builder readme = EventEnvelope.newBuilder();
        JsonFormat.parser().merge(example("error"), readme);
        ClientEvent.HistorySync failed = new ClientEvent.HistorySync("3A1B2C3D4E5F60718294",
                HistorySyncNotification.HistorySyncType.RECENT, 3, 2, true, 60, null, List.of(), List.of(), List.of(),
                List.of(), new ClientEvent.HistoryFailure(ClientEvent.HistoryFailure.Kind.PAYLOAD_INVALID,
                "history chunk RECENT #3 is not a zlib-compressed HistorySync: invalid stored block lengths"));
        assertEquals(readme.getHistorySync(), HistoryEvents.event(failed));
    }

    @Test
    void theReadmeCommandExampleParses() throws Exception {
        CommandEnvelope.Builder command = CommandEnvelope.newBuilder();
        JsonFormat.parser().merge(example("command"), command);
        assertEquals("15550002222", command.getRequestHistory().getChat());
        assertEquals("3EB0AAAA000000000001", command.getRequestHistory().getBefore().getId());
        assertEquals(1_700_000_000L, command.getRequestHistory().getBefore().getTimestamp().getSeconds());
        assertEquals(50, command.getRequestHistory().getCount());
    }

    @Test
    void aPartAtTheDefaultLimitsStaysUnder256KiBInJsonWithTheWorstMessages() throws Exception {
        List<ClientEvent.HistorySync> parts = new ArrayList<>();
        HistorySettings limits = HistorySettings.DEFAULTS;
        HistoryParts cutter = new HistoryParts(new HistoryParts.Chunk("N", HistorySyncNotification.HistorySyncType.FULL,
                1, 0, null), ME, null, limits.maxMessagesPerPart(), limits.maxBytesPerPart(), parts::add);
        for (int i = 0; i < 600; i++) {
            // A kind the contract does not map travels as raw bytes (base64 in JSON: the worst growth).
            Message raw = Message.newBuilder().setConversation("x").mergeFrom(unknownField(300 + i % 50)).build();
            cutter.message(WebMessageInfo.newBuilder().setKey(MessageKey.newBuilder().setRemoteJid(ALICE.toString())
                    .setId("R" + i)).setMessageTimestamp(1_700_000_000L + i).setPushName("Alice A.")
                    .setMessage(raw).build(), raw.getSerializedSize() + 60);
        }
        Message quotes = Message.newBuilder().setConversation("\"\\\u0001".repeat(20_000)).build(); // escapes grow in JSON
        cutter.message(WebMessageInfo.newBuilder().setKey(MessageKey.newBuilder().setRemoteJid(ALICE.toString())
                .setId("Q")).setMessage(quotes).build(), quotes.getSerializedSize() + 30);
        cutter.finish();
        JsonFormat.Printer printer = JsonFormat.printer().omittingInsignificantWhitespace();
        int largest = 0;
        for (ClientEvent.HistorySync p : parts) {
            EventEnvelope e = EventEnvelope.newBuilder().setEventId("01KAV9FT3VXRTQT3WJFVE7K67D").setSessionId("acme")
                    .setHistorySync(HistoryEvents.event(p)).build();
            largest = Math.max(largest, Math.max(printer.print(e).getBytes(StandardCharsets.UTF_8).length,
                    e.getSerializedSize()));
        }
        assertTrue(parts.size() >= 3, "the messages were cut into parts: " + parts.size());
        assertTrue(parts.stream().anyMatch(p -> p.messages().getFirst().content() instanceof Unknown));
        assertTrue(largest < 256 * 1024, "largest event " + largest + " bytes");
    }

    private static ByteString unknownField(int size) {
        byte[] value = new byte[size];
        java.util.Arrays.fill(value, (byte) 0xEE);
        // field 999, length-delimited: unknown to our Message, kept and published as raw
        ByteString.Output out = ByteString.newOutput();
        try {
            var coded = com.google.protobuf.CodedOutputStream.newInstance(out);
            coded.writeByteArray(999, value);
            coded.flush();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteString();
    }

    private static ClientEvent.MessageReceived text(String id, Jid sender, String pushName, long at, String text,
                                                    boolean fromMe) {
        return new ClientEvent.MessageReceived(id, ALICE, sender, sender, null, pushName, Instant.ofEpochSecond(at),
                new Text(text), Message.newBuilder().setConversation(text).build(), fromMe);
    }

    /** The JSON block after the README's {@code <!-- history-example:NAME -->} marker. */
    private static String example(String name) throws Exception {
        Path readme = Path.of("../README.md");
        if (!Files.exists(readme)) {
            readme = Path.of("README.md");
        }
        String text = Files.readString(readme);
        int marker = text.indexOf("<!-- history-example:" + name + " -->");
        assertTrue(marker >= 0, "README has no example " + name);
        int start = text.indexOf("```json\n", marker) + "```json\n".length();
        return text.substring(start, text.indexOf("\n```", start)).strip();
    }
}

package io.wabridge.bridge.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.util.JsonFormat;
import io.wabridge.client.message.content.Media;
import io.wabridge.client.message.content.MediaBlob;
import io.wabridge.client.message.content.MediaKind;
import io.wabridge.proto.v1.CommandEnvelope;
import io.wabridge.proto.v1.ErrorCode;
import io.wabridge.proto.v1.MessageEvent;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The contract's media both ways: descriptors of received media, validation and reading of media to send. */
class MediaContractTest {

    private static byte[] filled(int n, int v) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) v);
        return b;
    }

    @Test
    void aReceivedMediaMessageBecomesADescriptorWithEverythingToDownloadIt() {
        Media media = Media.builder(MediaKind.PTT, new MediaBlob("https://mmg.whatsapp.net/v/x.enc?ccb=1",
                        "/v/x.enc?ccb=1", filled(32, 1), filled(32, 0xab), filled(32, 3), 4096, 1700000000))
                .seconds(4).waveform(filled(64, 20)).build();
        MessageEvent.Builder event = MessageEvent.newBuilder();
        assertTrue(IncomingContent.fill(media, event));
        io.wabridge.proto.v1.Media d = event.getContent().getMedia();
        assertEquals(io.wabridge.proto.v1.MediaKind.MEDIA_KIND_PTT, d.getKind());
        assertEquals("audio/ogg; codecs=opus", d.getMimetype());
        assertEquals(4096, d.getSize());
        assertEquals("ab".repeat(32), d.getSha256());
        assertArrayEquals(filled(32, 1), Base64.getDecoder().decode(d.getMediaKey()));
        assertArrayEquals(filled(32, 3), Base64.getDecoder().decode(d.getFileEncSha256()));
        assertEquals("/v/x.enc?ccb=1", d.getDirectPath());
        assertEquals(4, d.getDuration());
        assertEquals(64, d.getWaveform().size());
        assertEquals("", d.getBlobRef(), "filled by the bridge once stored");
        assertEquals("blob-1", MediaContract.describe(media, "blob-1").getBlobRef());
    }

    @Test
    void mediaToSendNeedsAKindAndExactlyOneSource() throws Exception {
        io.wabridge.proto.v1.Media.Builder ok = io.wabridge.proto.v1.Media.newBuilder()
                .setKind(io.wabridge.proto.v1.MediaKind.MEDIA_KIND_DOCUMENT).setBlobRef("sha256:ab")
                .setFileName("a.pdf").setCaption("the report").setMimetype("application/pdf");
        MediaContract.Outgoing out = MediaContract.outgoing(ok.build());
        assertEquals(MediaKind.DOCUMENT, out.kind());
        assertEquals("sha256:ab", assertInstanceOf(MediaContract.Source.BlobRef.class, out.source()).ref());
        Media.Builder b = Media.builder(MediaKind.DOCUMENT, new MediaBlob(null, "/v/x", filled(32, 1), filled(32, 2),
                filled(32, 3), 1, 0));
        out.details().accept(b);
        Media built = b.build();
        assertEquals("a.pdf", built.fileName());
        assertEquals("the report", built.caption());
        assertEquals("application/pdf", built.mimetype());

        assertEquals(ErrorCode.INVALID_COMMAND, assertThrows(InvalidCommandException.class,
                () -> MediaContract.outgoing(ok.clone().setKind(io.wabridge.proto.v1.MediaKind.MEDIA_KIND_UNSPECIFIED)
                        .build())).code());
        assertEquals(ErrorCode.INVALID_COMMAND, assertThrows(InvalidCommandException.class,
                () -> MediaContract.outgoing(ok.clone().setFetchUrl("https://example.com/a.pdf").build())).code(),
                "two sources");
        assertEquals(ErrorCode.INVALID_COMMAND, assertThrows(InvalidCommandException.class,
                () -> MediaContract.outgoing(ok.clone().clearBlobRef().build())).code(), "no source");
        assertEquals(ErrorCode.INVALID_COMMAND, assertThrows(InvalidCommandException.class,
                () -> MediaContract.outgoing(ok.clone().clearBlobRef().setFetchUrl("http://example.com/a").build()))
                .code(), "plain http");
        assertEquals(ErrorCode.MEDIA_TOO_LARGE, assertThrows(InvalidCommandException.class,
                () -> MediaContract.outgoing(ok.clone().clearBlobRef()
                        .setData(ByteString.copyFrom(new byte[MediaContract.MAX_INLINE_BYTES + 1])).build())).code());
        MediaContract.Outgoing inline = MediaContract.outgoing(ok.clone().clearBlobRef()
                .setData(ByteString.copyFrom(filled(10, 7))).build());
        assertArrayEquals(filled(10, 7), assertInstanceOf(MediaContract.Source.Inline.class, inline.source()).data());
    }

    @Test
    void theDocumentedMediaCommandAndEventParse() throws Exception {
        CommandEnvelope command = new CommandDecoder().decode(Records.json("acme", DocumentedExamplesTest.MEDIA_COMMAND));
        assertEquals(io.wabridge.proto.v1.MediaKind.MEDIA_KIND_IMAGE, command.getSendMessage().getContent().getMedia()
                .getKind());
        assertEquals("https://files.example.com/invoice.jpg",
                command.getSendMessage().getContent().getMedia().getFetchUrl());
        io.wabridge.proto.v1.EventEnvelope.Builder event = io.wabridge.proto.v1.EventEnvelope.newBuilder();
        JsonFormat.parser().merge(DocumentedExamplesTest.MEDIA_EVENT, event);
        io.wabridge.proto.v1.Media d = event.getMessage().getContent().getMedia();
        assertEquals(io.wabridge.proto.v1.MediaKind.MEDIA_KIND_DOCUMENT, d.getKind());
        assertEquals(32, Base64.getDecoder().decode(d.getMediaKey()).length);
        assertEquals(64, d.getSha256().length());
    }

    /** The JSON block after the README's {@code <!-- media-example:NAME -->} marker. */
    private static String readmeExample(String name) throws java.io.IOException {
        java.nio.file.Path readme = java.nio.file.Path.of("../README.md");
        if (!java.nio.file.Files.exists(readme)) {
            readme = java.nio.file.Path.of("README.md");
        }
        String text = java.nio.file.Files.readString(readme);
        int marker = text.indexOf("<!-- media-example:" + name + " -->");
        assertTrue(marker >= 0, "README has no media example " + name);
        int start = text.indexOf("```json\n", marker) + "```json\n".length();
        return text.substring(start, text.indexOf("\n```", start)).strip();
    }

    private static final JsonFormat.Printer JSON = JsonFormat.printer().omittingInsignificantWhitespace();

    /** Printed as the bridge prints JSON, with the HTML escapes protobuf's printer uses read back as the characters. */
    private static String print(com.google.protobuf.MessageOrBuilder m) throws Exception {
        return JSON.print(m).replace("\\u003d", "=").replace("\\u0026", "&");
    }

    @Test
    void theReadmeMediaCommandsParseStrictlyPassValidationAndPrintBackTheSame() throws Exception {
        for (String name : java.util.List.of("send-inline", "send-blob", "download")) {
            String json = readmeExample(name);
            CommandEnvelope.Builder strict = CommandEnvelope.newBuilder();
            JsonFormat.parser().merge(json, strict); // no ignoringUnknownFields: a typo fails
            assertEquals(json, print(strict), name);
            CommandEnvelope decoded = new CommandDecoder().decode(Records.json("acme", json));
            assertEquals(strict.getCommandCase(), decoded.getCommandCase(), name);
        }
        CommandEnvelope download = new CommandDecoder().decode(Records.json("acme", readmeExample("download")));
        Media m = MediaContract.received(download.getDownloadMedia().getMedia(), "download_media.media");
        assertEquals(MediaKind.DOCUMENT, m.kind());
        assertEquals(150_001, m.blob().fileLength());
    }

    @Test
    void theReadmeMediaEventsParseStrictlyAndPrintBackTheSame() throws Exception {
        for (String name : java.util.List.of("send-result", "stored", "failed")) {
            String json = readmeExample(name);
            io.wabridge.proto.v1.EventEnvelope.Builder strict = io.wabridge.proto.v1.EventEnvelope.newBuilder();
            JsonFormat.parser().merge(json, strict);
            assertEquals(json, print(strict), name);
        }
        io.wabridge.proto.v1.EventEnvelope.Builder stored = io.wabridge.proto.v1.EventEnvelope.newBuilder();
        JsonFormat.parser().merge(readmeExample("stored"), stored);
        assertEquals(stored.getMediaStored().getMedia().getSha256(), stored.getMediaStored().getMedia().getBlobRef());
        io.wabridge.proto.v1.EventEnvelope.Builder failed = io.wabridge.proto.v1.EventEnvelope.newBuilder();
        JsonFormat.parser().merge(readmeExample("failed"), failed);
        assertEquals(ErrorCode.MEDIA_INVALID, failed.getMediaFailed().getCode());
    }

    @Test
    void downloadMediaNeedsAWholeDescriptor() throws Exception {
        String base = readmeExample("download");
        assertEquals(ErrorCode.INVALID_COMMAND, assertThrows(InvalidCommandException.class, () -> new CommandDecoder()
                .decode(Records.json("acme", base.replace("\"mediaKey\":\"AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=\",",
                        "\"mediaKey\":\"AQEB\",")))).code(), "a 3-byte key");
        assertEquals(ErrorCode.INVALID_COMMAND, assertThrows(InvalidCommandException.class, () -> new CommandDecoder()
                .decode(Records.json("acme", base.replace("\"sha256\":\"5d41", "\"sha256\":\"zz41")))).code());
        assertEquals(ErrorCode.INVALID_COMMAND, assertThrows(InvalidCommandException.class, () -> new CommandDecoder()
                .decode(Records.json("acme", base.replace("\"directPath\":\"/v/t62.7119-24/1234_5678_n.enc?ccb=11-4&oh=01_Q5A&oe=68F0C0DE\",", ""))))
                .code(), "neither direct_path nor url");
        assertEquals(ErrorCode.INVALID_COMMAND, assertThrows(InvalidCommandException.class, () -> new CommandDecoder()
                .decode(Records.json("acme", base.replace("\"messageId\":\"3EB0A1B2C3D4E5F60718\",", "")))).code());
        assertEquals(ErrorCode.INVALID_JID, assertThrows(InvalidCommandException.class, () -> new CommandDecoder()
                .decode(Records.json("acme", base.replace("15550001111@s.whatsapp.net", "not a jid")))).code());
        CommandEnvelope rewritten = new CommandDecoder().decode(Records.json("acme",
                base.replace("15550001111@s.whatsapp.net", "+15550001111")));
        assertEquals("15550001111@s.whatsapp.net", rewritten.getDownloadMedia().getChat(), "made canonical");
    }

    @Test
    void eagerModeWritesADownloadMediaCommandForReceivedMediaButNotForStatusUpdates() throws Exception {
        io.wabridge.proto.v1.EventEnvelope.Builder event = io.wabridge.proto.v1.EventEnvelope.newBuilder();
        JsonFormat.parser().merge(DocumentedExamplesTest.MEDIA_EVENT, event);
        var eager = new io.wabridge.bridge.media.EagerDownloads("wabridge.commands",
                java.time.InstantSource.fixed(java.time.Instant.ofEpochSecond(1_764_000_000L)));
        MessageEvent message = event.getMessage();
        var record = eager.record("acme", message);
        assertEquals("wabridge.commands", record.topic());
        assertArrayEquals("acme".getBytes(), record.key());
        CommandEnvelope command = new CommandDecoder().decode(Records.record("acme", record.value(),
                "content-type", "application/x-protobuf"));
        assertEquals("wabridge:media:3EB0A1B2C3D4E5F60718", command.getCommandId());
        assertEquals(message.getContent().getMedia(), command.getDownloadMedia().getMedia());
        assertEquals(message.getChat(), command.getDownloadMedia().getChat());
        assertEquals(null, eager.record("acme", message.toBuilder().setChat("status@broadcast").build()));
        assertEquals(null, eager.record("acme", message.toBuilder().setContent(
                io.wabridge.proto.v1.MessageContent.newBuilder().setText("hi")).build()));
        MessageEvent inGroup = message.toBuilder().setChat("120363012345678901@g.us").setSender(io.wabridge.proto.v1.Sender
                .newBuilder().setPn("15550002222@s.whatsapp.net").setLid("90210123456789@lid")).build();
        assertEquals("15550002222@s.whatsapp.net", eager.command("acme", inGroup).getDownloadMedia().getSender());
    }
}

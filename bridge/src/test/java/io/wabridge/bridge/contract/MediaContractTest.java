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
}

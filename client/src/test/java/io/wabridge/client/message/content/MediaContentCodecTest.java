package io.wabridge.client.message.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.wabridge.client.send.MessageTypes;
import io.wabridge.proto.wa.AudioMessage;
import io.wabridge.proto.wa.Message;
import io.wabridge.proto.wa.VideoMessage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Every media kind through the Message protobuf and back, the stanza attributes it gets, and odd inputs. */
class MediaContentCodecTest {

    private static byte[] filled(int n, int v) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) v);
        return b;
    }

    private static MediaBlob blob() {
        return new MediaBlob("https://mmg.whatsapp.net/v/x.enc?ccb=11-4", "/v/x.enc?ccb=11-4", filled(32, 1),
                filled(32, 2), filled(32, 3), 12345, 1700000000);
    }

    @Test
    void everyKindRoundTripsWithItsFields() {
        for (MediaKind kind : MediaKind.values()) {
            Media.Builder b = Media.builder(kind, blob());
            switch (kind) {
                case IMAGE -> b.caption("look").width(640).height(480).jpegThumbnail(filled(10, 9));
                case VIDEO, GIF -> b.caption("watch").width(320).height(240).seconds(12).jpegThumbnail(filled(5, 8));
                case AUDIO -> b.seconds(200).mimetype("audio/mpeg");
                case PTT -> b.seconds(3).waveform(filled(64, 50));
                case DOCUMENT -> b.caption("read").fileName("a.pdf").mimetype("application/pdf");
                case STICKER -> b.width(512).height(512).animated(true);
            }
            Media media = b.build();
            Message proto = MessageContentCodec.encode(media);
            assertEquals(media, MessageContentCodec.decode(proto), kind.toString());
            assertEquals("media", MessageTypes.stanzaType(proto));
            assertEquals(kind.wireName(), MessageTypes.mediaType(proto));
        }
    }

    @Test
    void aPtvDecodesAsAVideo() {
        Message video = MessageContentCodec.encode(Media.builder(MediaKind.VIDEO, blob()).build());
        Message ptv = Message.newBuilder().setPtvMessage(video.getVideoMessage()).build();
        assertEquals(MediaKind.VIDEO, assertInstanceOf(Media.class, MessageContentCodec.decode(ptv)).kind());
        assertEquals("ptv", MessageTypes.mediaType(ptv));
    }

    @Test
    void aDocumentWithCaptionWrapperDecodesAsTheDocument() {
        Media doc = Media.builder(MediaKind.DOCUMENT, blob()).caption("see").fileName("x.pdf").build();
        Message wrapped = Message.newBuilder().setDocumentWithCaptionMessage(io.wabridge.proto.wa.FutureProofMessage
                .newBuilder().setMessage(MessageContentCodec.encode(doc))).build();
        assertEquals(doc, MessageContentCodec.decode(wrapped));
        assertEquals("document", MessageTypes.mediaType(wrapped));
    }

    @Test
    void mediaWithoutAUsableKeyOrLocationStaysUnknown() {
        Message noKey = Message.newBuilder().setAudioMessage(AudioMessage.newBuilder().setDirectPath("/v/a")).build();
        assertInstanceOf(Unknown.class, MessageContentCodec.decode(noKey));
        Message shortKey = Message.newBuilder().setVideoMessage(VideoMessage.newBuilder().setDirectPath("/v/a")
                .setMediaKey(ByteString.copyFrom(filled(31, 1)))).build();
        assertInstanceOf(Unknown.class, MessageContentCodec.decode(shortKey));
        Message noPath = Message.newBuilder().setVideoMessage(VideoMessage.newBuilder()
                .setMediaKey(ByteString.copyFrom(filled(32, 1)))).build();
        assertInstanceOf(Unknown.class, MessageContentCodec.decode(noPath));
    }

    @Test
    void aHashOfTheWrongLengthIsDroppedNotTrusted() {
        Message m = Message.newBuilder().setAudioMessage(AudioMessage.newBuilder().setDirectPath("/v/a")
                .setMediaKey(ByteString.copyFrom(filled(32, 1))).setFileSha256(ByteString.copyFrom(filled(31, 1)))).build();
        Media media = assertInstanceOf(Media.class, MessageContentCodec.decode(m));
        assertEquals(null, media.blob().fileSha256());
    }

    @Test
    void outgoingMediaNeedsTheUploadFields() {
        MediaBlob urlOnly = new MediaBlob("https://h/v/x", null, filled(32, 1), filled(32, 2), filled(32, 3), 1, 0);
        assertThrows(InvalidMessageContentException.class,
                () -> MessageContentCodec.encode(Media.builder(MediaKind.IMAGE, urlOnly).build()));
        MediaBlob noHash = new MediaBlob(null, "/v/x", filled(32, 1), null, filled(32, 3), 1, 0);
        assertThrows(InvalidMessageContentException.class,
                () -> MessageContentCodec.encode(Media.builder(MediaKind.IMAGE, noHash).build()));
        String longCaption = "x".repeat(MessageLimits.MAX_TEXT_LENGTH + 1);
        assertThrows(InvalidMessageContentException.class,
                () -> MessageContentCodec.encode(Media.builder(MediaKind.IMAGE, blob()).caption(longCaption).build()));
        assertTrue(MessageContentCodec.encode(Media.builder(MediaKind.IMAGE, blob()).build()).hasImageMessage());
    }
}

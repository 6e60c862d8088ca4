package io.wabridge.client.message.content;

import com.google.protobuf.ByteString;
import io.wabridge.proto.wa.AudioMessage;
import io.wabridge.proto.wa.DocumentMessage;
import io.wabridge.proto.wa.ImageMessage;
import io.wabridge.proto.wa.Message;
import io.wabridge.proto.wa.StickerMessage;
import io.wabridge.proto.wa.VideoMessage;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The media kinds of {@link MessageContentCodec}: {@link Media} to and from {@code imageMessage},
 * {@code videoMessage} (with {@code gifPlayback} for gifs), {@code audioMessage} (with {@code ptt} for voice
 * notes), {@code documentMessage} and {@code stickerMessage}. Each protobuf numbers the common fields differently,
 * so each kind has its own mapping.
 */
final class MediaContentCodec {

    private MediaContentCodec() {
    }

    static Message encode(Media m) {
        MediaBlob b = m.blob();
        String mimetype = m.mimetype() != null ? m.mimetype() : m.kind().defaultMimetype();
        return switch (m.kind()) {
            case IMAGE -> {
                ImageMessage.Builder x = ImageMessage.newBuilder().setMimetype(mimetype)
                        .setMediaKey(bytes(b.mediaKey())).setFileLength(b.fileLength());
                location(b, x::setUrl, x::setDirectPath, x::setFileSha256, x::setFileEncSha256, x::setMediaKeyTimestamp);
                if (m.caption() != null) x.setCaption(m.caption());
                if (m.width() != 0) x.setWidth(m.width());
                if (m.height() != 0) x.setHeight(m.height());
                if (m.jpegThumbnail() != null) x.setJpegThumbnail(bytes(m.jpegThumbnail()));
                yield Message.newBuilder().setImageMessage(x).build();
            }
            case VIDEO, GIF -> {
                VideoMessage.Builder x = VideoMessage.newBuilder().setMimetype(mimetype)
                        .setMediaKey(bytes(b.mediaKey())).setFileLength(b.fileLength());
                location(b, x::setUrl, x::setDirectPath, x::setFileSha256, x::setFileEncSha256, x::setMediaKeyTimestamp);
                if (m.caption() != null) x.setCaption(m.caption());
                if (m.width() != 0) x.setWidth(m.width());
                if (m.height() != 0) x.setHeight(m.height());
                if (m.seconds() != 0) x.setSeconds(m.seconds());
                if (m.jpegThumbnail() != null) x.setJpegThumbnail(bytes(m.jpegThumbnail()));
                if (m.kind() == MediaKind.GIF) x.setGifPlayback(true);
                yield Message.newBuilder().setVideoMessage(x).build();
            }
            case AUDIO, PTT -> {
                AudioMessage.Builder x = AudioMessage.newBuilder().setMimetype(mimetype)
                        .setMediaKey(bytes(b.mediaKey())).setFileLength(b.fileLength());
                location(b, x::setUrl, x::setDirectPath, x::setFileSha256, x::setFileEncSha256, x::setMediaKeyTimestamp);
                if (m.seconds() != 0) x.setSeconds(m.seconds());
                if (m.kind() == MediaKind.PTT) x.setPtt(true);
                if (m.waveform() != null) x.setWaveform(bytes(m.waveform()));
                yield Message.newBuilder().setAudioMessage(x).build();
            }
            case DOCUMENT -> {
                DocumentMessage.Builder x = DocumentMessage.newBuilder().setMimetype(mimetype)
                        .setMediaKey(bytes(b.mediaKey())).setFileLength(b.fileLength());
                location(b, x::setUrl, x::setDirectPath, x::setFileSha256, x::setFileEncSha256, x::setMediaKeyTimestamp);
                if (m.caption() != null) x.setCaption(m.caption());
                if (m.fileName() != null) x.setFileName(m.fileName()).setTitle(m.fileName());
                if (m.jpegThumbnail() != null) x.setJpegThumbnail(bytes(m.jpegThumbnail()));
                yield Message.newBuilder().setDocumentMessage(x).build();
            }
            case STICKER -> {
                StickerMessage.Builder x = StickerMessage.newBuilder().setMimetype(mimetype)
                        .setMediaKey(bytes(b.mediaKey())).setFileLength(b.fileLength());
                location(b, x::setUrl, x::setDirectPath, x::setFileSha256, x::setFileEncSha256, x::setMediaKeyTimestamp);
                if (m.width() != 0) x.setWidth(m.width());
                if (m.height() != 0) x.setHeight(m.height());
                if (m.animated()) x.setIsAnimated(true);
                yield Message.newBuilder().setStickerMessage(x).build();
            }
        };
    }

    /** The blob's optional fields, through the setters of whichever media protobuf carries them. */
    private static void location(MediaBlob b, Consumer<String> url, Consumer<String> directPath,
                                 Consumer<ByteString> sha256, Consumer<ByteString> encSha256, LongConsumer keyTimestamp) {
        if (b.url() != null) url.accept(b.url());
        if (b.directPath() != null) directPath.accept(b.directPath());
        if (b.fileSha256() != null) sha256.accept(bytes(b.fileSha256()));
        if (b.fileEncSha256() != null) encSha256.accept(bytes(b.fileEncSha256()));
        if (b.mediaKeyTimestamp() != 0) keyTimestamp.accept(b.mediaKeyTimestamp());
    }

    /** The media content of {@code m}, or null when it has none or one without a key or location. */
    static Media decode(Message m) {
        try {
            if (m.hasImageMessage()) {
                ImageMessage x = m.getImageMessage();
                return Media.builder(MediaKind.IMAGE, blob(x.hasUrl() ? x.getUrl() : null,
                                x.hasDirectPath() ? x.getDirectPath() : null, x.getMediaKey(), x.hasFileSha256() ? x.getFileSha256() : null,
                                x.hasFileEncSha256() ? x.getFileEncSha256() : null, x.getFileLength(), x.getMediaKeyTimestamp()))
                        .mimetype(x.hasMimetype() ? x.getMimetype() : null).caption(x.hasCaption() ? x.getCaption() : null)
                        .width(x.getWidth()).height(x.getHeight())
                        .jpegThumbnail(x.hasJpegThumbnail() ? x.getJpegThumbnail().toByteArray() : null).build();
            }
            if (m.hasVideoMessage() || m.hasPtvMessage()) {
                VideoMessage x = m.hasVideoMessage() ? m.getVideoMessage() : m.getPtvMessage();
                return Media.builder(x.getGifPlayback() ? MediaKind.GIF : MediaKind.VIDEO, blob(x.hasUrl() ? x.getUrl() : null,
                                x.hasDirectPath() ? x.getDirectPath() : null, x.getMediaKey(), x.hasFileSha256() ? x.getFileSha256() : null,
                                x.hasFileEncSha256() ? x.getFileEncSha256() : null, x.getFileLength(), x.getMediaKeyTimestamp()))
                        .mimetype(x.hasMimetype() ? x.getMimetype() : null).caption(x.hasCaption() ? x.getCaption() : null)
                        .width(x.getWidth()).height(x.getHeight()).seconds(x.getSeconds())
                        .jpegThumbnail(x.hasJpegThumbnail() ? x.getJpegThumbnail().toByteArray() : null).build();
            }
            if (m.hasAudioMessage()) {
                AudioMessage x = m.getAudioMessage();
                return Media.builder(x.getPtt() ? MediaKind.PTT : MediaKind.AUDIO, blob(x.hasUrl() ? x.getUrl() : null,
                                x.hasDirectPath() ? x.getDirectPath() : null, x.getMediaKey(), x.hasFileSha256() ? x.getFileSha256() : null,
                                x.hasFileEncSha256() ? x.getFileEncSha256() : null, x.getFileLength(), x.getMediaKeyTimestamp()))
                        .mimetype(x.hasMimetype() ? x.getMimetype() : null).seconds(x.getSeconds())
                        .waveform(x.hasWaveform() ? x.getWaveform().toByteArray() : null).build();
            }
            if (m.hasDocumentMessage()) {
                DocumentMessage x = m.getDocumentMessage();
                return Media.builder(MediaKind.DOCUMENT, blob(x.hasUrl() ? x.getUrl() : null,
                                x.hasDirectPath() ? x.getDirectPath() : null, x.getMediaKey(), x.hasFileSha256() ? x.getFileSha256() : null,
                                x.hasFileEncSha256() ? x.getFileEncSha256() : null, x.getFileLength(), x.getMediaKeyTimestamp()))
                        .mimetype(x.hasMimetype() ? x.getMimetype() : null).caption(x.hasCaption() ? x.getCaption() : null)
                        .fileName(x.hasFileName() ? x.getFileName() : x.hasTitle() ? x.getTitle() : null)
                        .jpegThumbnail(x.hasJpegThumbnail() ? x.getJpegThumbnail().toByteArray() : null).build();
            }
            if (m.hasStickerMessage()) {
                StickerMessage x = m.getStickerMessage();
                return Media.builder(MediaKind.STICKER, blob(x.hasUrl() ? x.getUrl() : null,
                                x.hasDirectPath() ? x.getDirectPath() : null, x.getMediaKey(), x.hasFileSha256() ? x.getFileSha256() : null,
                                x.hasFileEncSha256() ? x.getFileEncSha256() : null, x.getFileLength(), x.getMediaKeyTimestamp()))
                        .mimetype(x.hasMimetype() ? x.getMimetype() : null).width(x.getWidth()).height(x.getHeight())
                        .animated(x.getIsAnimated()).build();
            }
        } catch (IllegalArgumentException | NullPointerException e) {
            return null; // no location, no key: not a media message we can describe; kept whole as Unknown
        }
        return null;
    }

    private static MediaBlob blob(String url, String directPath, ByteString mediaKey, ByteString sha, ByteString encSha,
                                  long length, long keyTimestamp) {
        if (mediaKey == null || mediaKey.size() != 32) {
            throw new IllegalArgumentException("media key missing or not 32 bytes");
        }
        return new MediaBlob(url, directPath, mediaKey.toByteArray(), sha32(sha), sha32(encSha), length, keyTimestamp);
    }

    /** A hash of the wrong length is dropped (then not checked against), as a missing one is. */
    private static byte[] sha32(ByteString b) {
        return b == null || b.size() != 32 ? null : b.toByteArray();
    }

    private static ByteString bytes(byte[] b) {
        return ByteString.copyFrom(b);
    }
}

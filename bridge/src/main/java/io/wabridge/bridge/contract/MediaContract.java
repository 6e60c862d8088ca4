package io.wabridge.bridge.contract;

import com.google.protobuf.ByteString;
import io.wabridge.client.message.content.Media;
import io.wabridge.client.message.content.MediaBlob;
import io.wabridge.client.message.content.MediaKind;
import io.wabridge.proto.v1.ErrorCode;
import java.net.URI;
import java.util.Base64;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * The contract's {@code Media} both ways: a received media message as the descriptor of a {@code message} event
 * ({@link #describe}), and a {@code sendMessage}'s media checked ({@link #validate}) and read into what the bridge
 * needs to fetch, upload and send it ({@link #outgoing}).
 */
public final class MediaContract {

    /** Inline {@code data} at most (the default; larger files go through a blob or a URL). */
    public static final int MAX_INLINE_BYTES = 256 * 1024;

    private MediaContract() {
    }

    /** Where a sendMessage takes its file from. */
    public sealed interface Source {
        record BlobRef(String ref) implements Source {
        }

        record FetchUrl(URI url) implements Source {
        }

        record Inline(byte[] data) implements Source {
        }
    }

    /**
     * A validated outgoing media: its kind, where the file comes from, and the presentation fields to put on the
     * message once uploaded ({@code details}, for {@code MediaSession.prepare}).
     */
    public record Outgoing(MediaKind kind, Source source, Consumer<Media.Builder> details) {
    }

    /** The event descriptor of a received media message; {@code blobRef} null until the bridge stored the file. */
    public static io.wabridge.proto.v1.Media describe(Media m, String blobRef) {
        MediaBlob b = m.blob();
        io.wabridge.proto.v1.Media.Builder d = io.wabridge.proto.v1.Media.newBuilder()
                .setKind(kind(m.kind()))
                .setWidth(m.width()).setHeight(m.height()).setDuration(m.seconds()).setAnimated(m.animated())
                .setSize(b.fileLength())
                .setMediaKey(Base64.getEncoder().encodeToString(b.mediaKey()))
                .setMediaKeyTimestamp(b.mediaKeyTimestamp());
        if (m.mimetype() != null) d.setMimetype(m.mimetype());
        if (m.caption() != null) d.setCaption(m.caption());
        if (m.fileName() != null) d.setFileName(m.fileName());
        if (m.jpegThumbnail() != null) d.setJpegThumbnail(ByteString.copyFrom(m.jpegThumbnail()));
        if (m.waveform() != null) d.setWaveform(ByteString.copyFrom(m.waveform()));
        if (b.fileSha256() != null) d.setSha256(HexFormat.of().formatHex(b.fileSha256()));
        if (b.fileEncSha256() != null) d.setFileEncSha256(Base64.getEncoder().encodeToString(b.fileEncSha256()));
        if (b.directPath() != null) d.setDirectPath(b.directPath());
        if (b.url() != null) d.setUrl(b.url());
        if (blobRef != null) d.setBlobRef(blobRef);
        return d.build();
    }

    /**
     * Checks a sendMessage's media: a kind, exactly one source, an https {@code fetch_url}, inline data within
     * {@link #MAX_INLINE_BYTES}, a caption within the text limit.
     */
    public static void validate(io.wabridge.proto.v1.Media m, String path) throws InvalidCommandException {
        if (m.getKind() == io.wabridge.proto.v1.MediaKind.MEDIA_KIND_UNSPECIFIED) {
            throw invalid(path + ".kind is required (image, video, gif, audio, ptt, document or sticker)");
        }
        if (m.getKind() == io.wabridge.proto.v1.MediaKind.UNRECOGNIZED) {
            throw new InvalidCommandException(ErrorCode.UNKNOWN_COMMAND, path + ".kind " + m.getKindValue()
                    + " is not a media kind this bridge version knows");
        }
        int sources = (m.getBlobRef().isEmpty() ? 0 : 1) + (m.getFetchUrl().isEmpty() ? 0 : 1)
                + (m.getData().isEmpty() ? 0 : 1);
        if (sources != 1) {
            throw invalid(path + " needs exactly one of blob_ref, fetch_url or data (got " + sources + ")");
        }
        if (!m.getFetchUrl().isEmpty()) {
            URI url;
            try {
                url = URI.create(m.getFetchUrl());
            } catch (IllegalArgumentException e) {
                throw invalid(path + ".fetch_url is not a URL");
            }
            if (!"https".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
                throw invalid(path + ".fetch_url must be an https URL");
            }
        }
        if (m.getData().size() > MAX_INLINE_BYTES) {
            throw new InvalidCommandException(ErrorCode.MEDIA_TOO_LARGE, path + ".data is " + m.getData().size()
                    + " bytes; inline media is at most " + MAX_INLINE_BYTES + " (use blob_ref or fetch_url)");
        }
        if (m.getCaption().length() > io.wabridge.client.message.content.MessageLimits.MAX_TEXT_LENGTH) {
            throw new InvalidCommandException(ErrorCode.TEXT_TOO_LONG, path + ".caption is "
                    + m.getCaption().length() + " UTF-16 code units; at most "
                    + io.wabridge.client.message.content.MessageLimits.MAX_TEXT_LENGTH);
        }
        if (m.getWaveform().size() > 64) {
            throw invalid(path + ".waveform has " + m.getWaveform().size() + " samples; at most 64");
        }
    }

    /** A validated sendMessage media, read for the upload. */
    public static Outgoing outgoing(io.wabridge.proto.v1.Media m) throws InvalidCommandException {
        validate(m, "send_message.content.media");
        Source source;
        if (!m.getBlobRef().isEmpty()) {
            source = new Source.BlobRef(m.getBlobRef());
        } else if (!m.getFetchUrl().isEmpty()) {
            source = new Source.FetchUrl(URI.create(m.getFetchUrl()));
        } else {
            source = new Source.Inline(m.getData().toByteArray());
        }
        Consumer<Media.Builder> details = b -> {
            if (!m.getMimetype().isEmpty()) b.mimetype(m.getMimetype());
            if (!m.getCaption().isEmpty()) b.caption(m.getCaption());
            if (!m.getFileName().isEmpty()) b.fileName(m.getFileName());
            if (m.getWidth() != 0) b.width(m.getWidth());
            if (m.getHeight() != 0) b.height(m.getHeight());
            if (m.getDuration() != 0) b.seconds(m.getDuration());
            if (!m.getJpegThumbnail().isEmpty()) b.jpegThumbnail(m.getJpegThumbnail().toByteArray());
            if (!m.getWaveform().isEmpty()) b.waveform(m.getWaveform().toByteArray());
            if (m.getAnimated()) b.animated(true);
        };
        return new Outgoing(kind(m.getKind()), source, details);
    }

    /**
     * The client's media message for a received descriptor (a download_media command, an upload kept for a retried
     * send): kind, location, key and hashes are required and checked (lengths, encodings); presentation fields are
     * taken as they are.
     */
    public static Media received(io.wabridge.proto.v1.Media d, String path) throws InvalidCommandException {
        if (d.getKind() == io.wabridge.proto.v1.MediaKind.UNRECOGNIZED) {
            throw new InvalidCommandException(ErrorCode.UNKNOWN_COMMAND, path + ".kind " + d.getKindValue()
                    + " is not a media kind this bridge version knows");
        }
        MediaKind kind;
        try {
            kind = kind(d.getKind());
        } catch (InvalidCommandException e) {
            throw invalid(path + ".kind is required");
        }
        if (d.getDirectPath().isEmpty() && d.getUrl().isEmpty()) {
            throw invalid(path + " needs direct_path or url");
        }
        if (!d.getUrl().isEmpty() && !d.getUrl().regionMatches(true, 0, "https://", 0, 8)) {
            throw invalid(path + ".url must be an https URL");
        }
        if (!d.getDirectPath().isEmpty() && !d.getDirectPath().startsWith("/")) {
            throw invalid(path + ".direct_path must start with /");
        }
        byte[] key = base64(d.getMediaKey(), path + ".media_key", 32);
        byte[] encSha256 = base64(d.getFileEncSha256(), path + ".file_enc_sha256", 32);
        if (!io.wabridge.blobstore.Sha256Hex.isValid(d.getSha256())) {
            throw invalid(path + ".sha256 must be 64 lowercase hex digits");
        }
        if (d.getSize() <= 0) {
            throw invalid(path + ".size is required (the file's plaintext length)");
        }
        MediaBlob blob = new MediaBlob(d.getUrl().isEmpty() ? null : d.getUrl(),
                d.getDirectPath().isEmpty() ? null : d.getDirectPath(), key, HexFormat.of().parseHex(d.getSha256()),
                encSha256, d.getSize(), d.getMediaKeyTimestamp());
        Media.Builder b = Media.builder(kind, blob);
        if (!d.getMimetype().isEmpty()) b.mimetype(d.getMimetype());
        if (!d.getCaption().isEmpty()) b.caption(d.getCaption());
        if (!d.getFileName().isEmpty()) b.fileName(d.getFileName());
        b.width(d.getWidth()).height(d.getHeight()).seconds(d.getDuration()).animated(d.getAnimated());
        if (!d.getJpegThumbnail().isEmpty()) b.jpegThumbnail(d.getJpegThumbnail().toByteArray());
        if (!d.getWaveform().isEmpty()) b.waveform(d.getWaveform().toByteArray());
        return b.build();
    }

    private static byte[] base64(String value, String field, int length) throws InvalidCommandException {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw invalid(field + " is not standard base64");
        }
        if (bytes.length != length) {
            throw invalid(field + " must be " + length + " bytes (standard base64), not " + bytes.length);
        }
        return bytes;
    }

    static io.wabridge.proto.v1.MediaKind kind(MediaKind kind) {
        return switch (kind) {
            case IMAGE -> io.wabridge.proto.v1.MediaKind.MEDIA_KIND_IMAGE;
            case VIDEO -> io.wabridge.proto.v1.MediaKind.MEDIA_KIND_VIDEO;
            case GIF -> io.wabridge.proto.v1.MediaKind.MEDIA_KIND_GIF;
            case AUDIO -> io.wabridge.proto.v1.MediaKind.MEDIA_KIND_AUDIO;
            case PTT -> io.wabridge.proto.v1.MediaKind.MEDIA_KIND_PTT;
            case DOCUMENT -> io.wabridge.proto.v1.MediaKind.MEDIA_KIND_DOCUMENT;
            case STICKER -> io.wabridge.proto.v1.MediaKind.MEDIA_KIND_STICKER;
        };
    }

    static MediaKind kind(io.wabridge.proto.v1.MediaKind kind) throws InvalidCommandException {
        return switch (kind) {
            case MEDIA_KIND_IMAGE -> MediaKind.IMAGE;
            case MEDIA_KIND_VIDEO -> MediaKind.VIDEO;
            case MEDIA_KIND_GIF -> MediaKind.GIF;
            case MEDIA_KIND_AUDIO -> MediaKind.AUDIO;
            case MEDIA_KIND_PTT -> MediaKind.PTT;
            case MEDIA_KIND_DOCUMENT -> MediaKind.DOCUMENT;
            case MEDIA_KIND_STICKER -> MediaKind.STICKER;
            default -> throw invalid("send_message.content.media.kind is required");
        };
    }

    private static InvalidCommandException invalid(String message) {
        return new InvalidCommandException(ErrorCode.INVALID_COMMAND, message);
    }
}

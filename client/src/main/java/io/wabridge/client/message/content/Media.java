package io.wabridge.client.message.content;

import java.util.Objects;

/**
 * A media message: image, video, gif, audio, voice note, document or sticker ({@link MediaKind}). The blob itself
 * lives on WhatsApp's media hosts; {@link #blob()} says where and how to decrypt and verify it. Optional fields are
 * null (or 0 for the numbers) when the sender gave none.
 *
 * @param kind          what it is
 * @param blob          where the encrypted blob is and its keys and hashes
 * @param mimetype      the mimetype (the kind's default when encoded without one)
 * @param caption       image, video, gif and document caption, or null
 * @param fileName      document file name, or null
 * @param width         image, video, gif or sticker width in pixels, 0 when unknown
 * @param height        height in pixels, 0 when unknown
 * @param seconds       video, gif, audio or voice-note duration, 0 when unknown
 * @param jpegThumbnail small inline JPEG preview (image, video, gif, document), or null
 * @param waveform      voice-note waveform (64 samples of 0..100), or null
 * @param animated      sticker: animated
 */
public record Media(MediaKind kind, MediaBlob blob, String mimetype, String caption, String fileName, int width,
                    int height, int seconds, byte[] jpegThumbnail, byte[] waveform, boolean animated)
        implements MessageContent {

    public Media {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(blob, "blob");
        if (width < 0 || height < 0 || seconds < 0) {
            throw new IllegalArgumentException("negative dimension or duration");
        }
        jpegThumbnail = jpegThumbnail == null ? null : jpegThumbnail.clone();
        waveform = waveform == null ? null : waveform.clone();
    }

    /** A media message with only the blob and the kind's default mimetype (add the rest with the builder). */
    public static Builder builder(MediaKind kind, MediaBlob blob) {
        return new Builder(kind, blob);
    }

    public Builder toBuilder() {
        return new Builder(kind, blob).mimetype(mimetype).caption(caption).fileName(fileName).width(width)
                .height(height).seconds(seconds).jpegThumbnail(jpegThumbnail).waveform(waveform).animated(animated);
    }

    /** The same message pointing to another copy of the blob (after a media re-upload). */
    public Media withBlob(MediaBlob newBlob) {
        return new Media(kind, newBlob, mimetype, caption, fileName, width, height, seconds, jpegThumbnail, waveform,
                animated);
    }

    @Override
    public byte[] jpegThumbnail() {
        return jpegThumbnail == null ? null : jpegThumbnail.clone();
    }

    @Override
    public byte[] waveform() {
        return waveform == null ? null : waveform.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Media m && kind == m.kind && blob.equals(m.blob) && Objects.equals(mimetype, m.mimetype)
                && Objects.equals(caption, m.caption) && Objects.equals(fileName, m.fileName) && width == m.width
                && height == m.height && seconds == m.seconds && java.util.Arrays.equals(jpegThumbnail, m.jpegThumbnail)
                && java.util.Arrays.equals(waveform, m.waveform) && animated == m.animated;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, blob, mimetype, caption, fileName, width, height, seconds);
    }

    @Override
    public String toString() {
        return "Media[" + kind + ", " + mimetype + ", " + blob.fileLength() + " bytes"
                + (caption == null ? "" : ", caption") + "]";
    }

    /** Builds a {@link Media}; every optional field starts empty. */
    public static final class Builder {
        private final MediaKind kind;
        private final MediaBlob blob;
        private String mimetype;
        private String caption;
        private String fileName;
        private int width;
        private int height;
        private int seconds;
        private byte[] jpegThumbnail;
        private byte[] waveform;
        private boolean animated;

        private Builder(MediaKind kind, MediaBlob blob) {
            this.kind = kind;
            this.blob = blob;
            this.mimetype = kind.defaultMimetype();
        }

        public Builder mimetype(String v) {
            mimetype = v;
            return this;
        }

        public Builder caption(String v) {
            caption = v;
            return this;
        }

        public Builder fileName(String v) {
            fileName = v;
            return this;
        }

        public Builder width(int v) {
            width = v;
            return this;
        }

        public Builder height(int v) {
            height = v;
            return this;
        }

        public Builder seconds(int v) {
            seconds = v;
            return this;
        }

        public Builder jpegThumbnail(byte[] v) {
            jpegThumbnail = v;
            return this;
        }

        public Builder waveform(byte[] v) {
            waveform = v;
            return this;
        }

        public Builder animated(boolean v) {
            animated = v;
            return this;
        }

        public Media build() {
            return new Media(kind, blob, mimetype, caption, fileName, width, height, seconds, jpegThumbnail, waveform,
                    animated);
        }
    }
}

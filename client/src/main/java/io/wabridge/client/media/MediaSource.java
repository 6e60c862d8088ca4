package io.wabridge.client.media;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The plaintext of a media file to upload. {@code MediaTransfer} reads it once, encrypting it to a spool file (the
 * upload URL carries {@code fileEncSha256}, known only at the end); whether it can be opened again
 * ({@link #ofPath}, {@link #ofBytes}, not {@link #ofStream}) matters to callers that read it for other reasons
 * (thumbnails, dimensions).
 */
public interface MediaSource {

    /** Opens the plaintext from its start. */
    InputStream open() throws IOException;

    /** Its length in bytes, or -1 when unknown. */
    long length();

    /** Whether {@link #open} may be called more than once. */
    boolean reopenable();

    static MediaSource ofPath(Path path) {
        Objects.requireNonNull(path, "path");
        return new MediaSource() {
            @Override
            public InputStream open() throws IOException {
                return Files.newInputStream(path);
            }

            @Override
            public long length() {
                try {
                    return Files.size(path);
                } catch (IOException e) {
                    return -1;
                }
            }

            @Override
            public boolean reopenable() {
                return true;
            }
        };
    }

    static MediaSource ofBytes(byte[] bytes) {
        byte[] copy = bytes.clone();
        return new MediaSource() {
            @Override
            public InputStream open() {
                return new ByteArrayInputStream(copy);
            }

            @Override
            public long length() {
                return copy.length;
            }

            @Override
            public boolean reopenable() {
                return true;
            }
        };
    }

    /** A stream read once; {@code length} may be -1. */
    static MediaSource ofStream(InputStream in, long length) {
        Objects.requireNonNull(in, "in");
        return new MediaSource() {
            private boolean opened;

            @Override
            public synchronized InputStream open() {
                if (opened) {
                    throw new IllegalStateException("a stream source can be read once");
                }
                opened = true;
                return in;
            }

            @Override
            public long length() {
                return length;
            }

            @Override
            public boolean reopenable() {
                return false;
            }
        };
    }
}

package io.wabridge.bridge.media;

/** The limit on media bytes carried inside a command record ({@code wabridge.media.inline-max-bytes}). */
public final class InlineMedia {
    /** The default limit: 256 KiB, well under Kafka's default 1 MiB record limit. */
    public static final long DEFAULT_MAX_BYTES = 256 * 1024;

    private final long maxBytes;

    public InlineMedia(long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("negative inline limit " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** Returns normally when {@code length} inline bytes are allowed, else fails with {@code MEDIA_TOO_LARGE}. */
    public void check(long length) throws MediaException {
        if (length > maxBytes) {
            throw new MediaException(MediaErrorCode.MEDIA_TOO_LARGE, "inline media of " + length
                    + " bytes exceeds the inline limit of " + maxBytes
                    + " bytes (wabridge.media.inline-max-bytes); send a blob reference or an https URL instead");
        }
    }
}

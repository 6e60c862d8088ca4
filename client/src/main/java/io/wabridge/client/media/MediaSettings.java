package io.wabridge.client.media;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * How media moves: the size limit and transfer timeout of each {@link MediaType}, connection timeout, how many
 * hosts a download tries, how long a media re-upload request waits, the TLS trust of the media hosts and where an
 * upload from a one-shot stream is spooled. Immutable; start from {@link #DEFAULTS}.
 *
 * @param limits          per type: the largest plaintext accepted and the longest one transfer may take
 * @param connectTimeout  TCP + TLS connect to a media host
 * @param downloadAttempts how many host attempts a download makes (hosts are tried in turn, then again)
 * @param mediaConnTimeout how long the {@code media_conn} iq waits for its answer
 * @param retryTimeout    how long a {@code mediaretry} request waits for the phone's re-upload
 * @param tls             which certificates the media hosts may present
 * @param spoolDirectory  where an upload is encrypted first, deleted once sent (null: the
 *                        system temporary directory)
 */
public record MediaSettings(Map<MediaType, Limits> limits, Duration connectTimeout, int downloadAttempts,
                           Duration mediaConnTimeout, Duration retryTimeout, MediaTls tls, Path spoolDirectory) {

    /** The largest plaintext of one type, and the longest one upload or download of it may take. */
    public record Limits(long maxBytes, Duration timeout) {
        public Limits {
            if (maxBytes <= 0) {
                throw new IllegalArgumentException("maxBytes must be positive");
            }
            Objects.requireNonNull(timeout, "timeout");
        }
    }

    private static final long MIB = 1024 * 1024;

    /**
     * WhatsApp's own limits: 16 MiB images, audio and voice notes; 100 MiB videos and gifs (WhatsApp Web); 2 GiB
     * documents; 1 MiB stickers; other blobs (history, app state, thumbnails) 100 MiB.
     */
    public static final MediaSettings DEFAULTS = new MediaSettings(defaultLimits(), Duration.ofSeconds(10), 4,
            Duration.ofSeconds(20), Duration.ofSeconds(60), MediaTls.system(), null);

    public MediaSettings {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(mediaConnTimeout, "mediaConnTimeout");
        Objects.requireNonNull(retryTimeout, "retryTimeout");
        Objects.requireNonNull(tls, "tls");
        if (downloadAttempts < 1) {
            throw new IllegalArgumentException("downloadAttempts must be at least 1");
        }
        EnumMap<MediaType, Limits> all = new EnumMap<>(MediaType.class);
        all.putAll(defaultLimits());
        all.putAll(limits);
        limits = Map.copyOf(all);
    }

    private static Map<MediaType, Limits> defaultLimits() {
        EnumMap<MediaType, Limits> m = new EnumMap<>(MediaType.class);
        for (MediaType type : MediaType.values()) {
            m.put(type, new Limits(100 * MIB, Duration.ofMinutes(5)));
        }
        m.put(MediaType.IMAGE, new Limits(16 * MIB, Duration.ofMinutes(2)));
        m.put(MediaType.AUDIO, new Limits(16 * MIB, Duration.ofMinutes(2)));
        m.put(MediaType.PTT, new Limits(16 * MIB, Duration.ofMinutes(2)));
        m.put(MediaType.STICKER, new Limits(MIB, Duration.ofMinutes(1)));
        m.put(MediaType.VIDEO, new Limits(100 * MIB, Duration.ofMinutes(10)));
        m.put(MediaType.GIF, new Limits(100 * MIB, Duration.ofMinutes(10)));
        m.put(MediaType.PTV, new Limits(100 * MIB, Duration.ofMinutes(10)));
        m.put(MediaType.DOCUMENT, new Limits(2048 * MIB, Duration.ofMinutes(30)));
        return m;
    }

    public Limits limits(MediaType type) {
        return limits.get(type);
    }

    public MediaSettings withLimits(MediaType type, Limits value) {
        EnumMap<MediaType, Limits> m = new EnumMap<>(limits);
        m.put(type, value);
        return new MediaSettings(m, connectTimeout, downloadAttempts, mediaConnTimeout, retryTimeout, tls,
                spoolDirectory);
    }

    public MediaSettings withTls(MediaTls value) {
        return new MediaSettings(limits, connectTimeout, downloadAttempts, mediaConnTimeout, retryTimeout, value,
                spoolDirectory);
    }

    public MediaSettings withRetryTimeout(Duration value) {
        return new MediaSettings(limits, connectTimeout, downloadAttempts, mediaConnTimeout, value, tls,
                spoolDirectory);
    }

    public MediaSettings withDownloadAttempts(int value) {
        return new MediaSettings(limits, connectTimeout, value, mediaConnTimeout, retryTimeout, tls, spoolDirectory);
    }
}

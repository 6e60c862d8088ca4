package io.wabridge.bridge.media;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.wabridge.client.message.content.MediaKind;
import java.util.Locale;

/**
 * Media through the bridge, per kind (Prometheus names): {@code wabridge_media_uploads_total{kind}},
 * {@code wabridge_media_downloads_total{kind}}, {@code wabridge_media_bytes_total{direction=up|down,kind}},
 * {@code wabridge_media_failures_total{direction=upload|download,kind,code}},
 * {@code wabridge_media_reused_total{what=upload|blob,kind}} (a redelivered send's kept upload; a download whose file
 * the blob store already held).
 */
public final class MediaMetrics {
    private final MeterRegistry registry;

    public MediaMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void uploaded(MediaKind kind, long bytes) {
        counter("wabridge.media.uploads", "Media files uploaded to WhatsApp for send_message", "kind", tag(kind))
                .increment();
        bytes("up", kind, bytes);
    }

    void downloaded(MediaKind kind, long bytes) {
        counter("wabridge.media.downloads", "Received media files downloaded into the blob store", "kind", tag(kind))
                .increment();
        bytes("down", kind, bytes);
    }

    void failed(String direction, MediaKind kind, String code) {
        counter("wabridge.media.failures", "Media uploads and downloads that failed, by error code",
                "direction", direction, "kind", tag(kind), "code", code).increment();
    }

    void reusedUpload(MediaKind kind) {
        counter("wabridge.media.reused", "Transfers saved: kept uploads of redelivered sends, files already stored",
                "what", "upload", "kind", tag(kind)).increment();
    }

    void reusedBlob(MediaKind kind) {
        counter("wabridge.media.reused", "Transfers saved: kept uploads of redelivered sends, files already stored",
                "what", "blob", "kind", tag(kind)).increment();
    }

    private void bytes(String direction, MediaKind kind, long bytes) {
        counter("wabridge.media.bytes", "Plaintext bytes of media uploaded (up) and downloaded (down)",
                "direction", direction, "kind", tag(kind)).increment(bytes);
    }

    private Counter counter(String name, String description, String... tags) {
        return Counter.builder(name).description(description).tags(tags).register(registry);
    }

    private static String tag(MediaKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}

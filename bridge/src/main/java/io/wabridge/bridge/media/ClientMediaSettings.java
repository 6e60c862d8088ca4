package io.wabridge.bridge.media;

import io.wabridge.client.media.MediaSettings;
import io.wabridge.client.media.MediaTls;
import io.wabridge.client.media.MediaType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/** The client's media settings from {@code wabridge.media}: WhatsApp's defaults, the trusted PEM, per-type limits. */
public final class ClientMediaSettings {
    private ClientMediaSettings() {
    }

    /**
     * {@link MediaSettings#DEFAULTS}, trusting only {@code wabridge.media.whatsapp-trust-pem} if set, with the
     * limits of {@code wabridge.media.limits.<type>.max-bytes|timeout}.
     *
     * @throws IllegalArgumentException an unknown media type or a limit that is not positive (the worker stops)
     */
    public static MediaSettings from(MediaConfig media) {
        MediaSettings settings = MediaSettings.DEFAULTS;
        if (media.whatsappTrustPem().isPresent()) {
            try {
                settings = settings.withTls(MediaTls.trustingPem(Files.readString(
                        Path.of(media.whatsappTrustPem().get()))));
            } catch (IOException e) {
                throw new UncheckedIOException("wabridge.media.whatsapp-trust-pem unreadable", e);
            }
        }
        for (Map.Entry<String, MediaConfig.TypeLimits> e : media.limits().entrySet()) {
            String key = "wabridge.media.limits." + e.getKey();
            MediaType type = MediaType.fromName(e.getKey()).orElseThrow(() -> new IllegalArgumentException(key
                    + ": unknown media type; one of " + Arrays.stream(MediaType.values())
                    .map(t -> t.name().toLowerCase(java.util.Locale.ROOT)).collect(Collectors.joining(", "))));
            MediaSettings.Limits current = settings.limits(type);
            long maxBytes = e.getValue().maxBytes().map(m -> m.asLongValue()).orElse(current.maxBytes());
            java.time.Duration timeout = e.getValue().timeout().orElse(current.timeout());
            if (maxBytes <= 0 || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException(key + ": max-bytes and timeout must be positive");
            }
            settings = settings.withLimits(type, new MediaSettings.Limits(maxBytes, timeout));
        }
        return settings;
    }
}

package io.wabridge.bridge.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.configuration.MemorySize;
import io.wabridge.client.media.MediaSettings;
import io.wabridge.client.media.MediaType;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code wabridge.media.limits.<type>.*} reaches the client's per-type limits; bad keys stop the worker. */
class ClientMediaSettingsTest {

    @Test
    void perTypeLimitsOverrideWhatsAppsDefaultsAndLeaveTheRest() {
        Map<String, MediaConfig.TypeLimits> limits = new LinkedHashMap<>();
        limits.put("video", limits(Optional.of(size("200M")), Optional.of(Duration.ofMinutes(20))));
        limits.put("ptt", limits(Optional.empty(), Optional.of(Duration.ofSeconds(30))));
        limits.put("md-msg-hist", limits(Optional.of(size("50M")), Optional.empty()));
        MediaSettings settings = ClientMediaSettings.from(config(limits));

        assertEquals(new MediaSettings.Limits(200L << 20, Duration.ofMinutes(20)), settings.limits(MediaType.VIDEO));
        assertEquals(new MediaSettings.Limits(16L << 20, Duration.ofSeconds(30)), settings.limits(MediaType.PTT),
                "an unset max-bytes keeps the default");
        assertEquals(new MediaSettings.Limits(50L << 20, Duration.ofMinutes(5)), settings.limits(MediaType.HISTORY));
        assertEquals(MediaSettings.DEFAULTS.limits(MediaType.IMAGE), settings.limits(MediaType.IMAGE));
        assertEquals(MediaSettings.DEFAULTS.limits(MediaType.DOCUMENT), settings.limits(MediaType.DOCUMENT));
    }

    @Test
    void noLimitsConfiguredIsWhatsAppsDefaults() {
        MediaSettings settings = ClientMediaSettings.from(config(Map.of()));
        for (MediaType type : MediaType.values()) {
            assertEquals(MediaSettings.DEFAULTS.limits(type), settings.limits(type), type.name());
        }
    }

    @Test
    void anUnknownTypeOrANonPositiveLimitIsRefusedNamingTheKey() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> ClientMediaSettings
                .from(config(Map.of("vidoe", limits(Optional.of(size("1M")), Optional.empty())))));
        assertTrue(unknown.getMessage().contains("wabridge.media.limits.vidoe"), unknown.getMessage());
        assertTrue(unknown.getMessage().contains("video"), "lists the known types: " + unknown.getMessage());
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> ClientMediaSettings
                .from(config(Map.of("image", limits(Optional.empty(), Optional.of(Duration.ZERO))))));
        assertTrue(zero.getMessage().contains("wabridge.media.limits.image"), zero.getMessage());
    }

    /** As the configuration reads it ({@code 200M} = 200 MiB). */
    private static MemorySize size(String value) {
        return new io.quarkus.runtime.configuration.MemorySizeConverter().convert(value);
    }

    private static MediaConfig.TypeLimits limits(Optional<MemorySize> maxBytes, Optional<Duration> timeout) {
        return new MediaConfig.TypeLimits() {
            @Override
            public Optional<MemorySize> maxBytes() {
                return maxBytes;
            }

            @Override
            public Optional<Duration> timeout() {
                return timeout;
            }
        };
    }

    /** The media configuration with only what {@link ClientMediaSettings} reads. */
    private static MediaConfig config(Map<String, MediaConfig.TypeLimits> limits) {
        return (MediaConfig) Proxy.newProxyInstance(MediaConfig.class.getClassLoader(),
                new Class<?>[] {MediaConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "limits" -> limits;
                    case "whatsappTrustPem" -> Optional.empty();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}

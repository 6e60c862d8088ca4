package io.wabridge.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.wabridge.bridge.config.BridgeConfig;
import io.wabridge.client.lid.LidMappings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code wabridge.whatsapp.lid-cache-users} ({@code WABRIDGE_WHATSAPP_LID_CACHE_USERS}): the bound of every session's
 * LID mappings cache, the client's default unless set, handed to the client's messaging settings; not positive is
 * refused.
 */
class LidCacheUsersConfigTest {

    private static final String PREFIX = "wabridge.whatsapp";

    private static BridgeConfig.Whatsapp whatsapp(Map<String, String> properties, Map<String, String> env) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(BridgeConfig.Whatsapp.class, PREFIX)
                .withConverter(java.time.Duration.class, 100, new io.quarkus.runtime.configuration.DurationConverter()) // "30s", as Quarkus reads it
                .withSources(new PropertiesConfigSource(properties, "test", 100), new EnvConfigSource(env, 300))
                .build();
        return config.getConfigMapping(BridgeConfig.Whatsapp.class, PREFIX);
    }

    private static final Map<String, String> REQUIRED = Map.of(PREFIX + ".noise-root-key", "00");

    @Test
    void theClientsDefaultUnlessSetByKeyOrEnvironment() {
        assertEquals(LidMappings.DEFAULT_CACHE_USERS, BridgeRuntime.messagingSettings(whatsapp(REQUIRED, Map.of())).lidCacheUsers());
        assertEquals(1_152, LidMappings.DEFAULT_CACHE_USERS);

        Map<String, String> set = new java.util.HashMap<>(REQUIRED);
        set.put(PREFIX + ".lid-cache-users", "4096");
        assertEquals(4096, BridgeRuntime.messagingSettings(whatsapp(set, Map.of())).lidCacheUsers());
        assertEquals(256, BridgeRuntime.messagingSettings(whatsapp(set, Map.of("WABRIDGE_WHATSAPP_LID_CACHE_USERS", "256")))
                .lidCacheUsers(), "the environment wins, as for every key");

        set.put(PREFIX + ".lid-cache-users", "0");
        BridgeConfig.Whatsapp zero = whatsapp(set, Map.of());
        assertThrows(IllegalArgumentException.class, () -> BridgeRuntime.messagingSettings(zero));
    }
}

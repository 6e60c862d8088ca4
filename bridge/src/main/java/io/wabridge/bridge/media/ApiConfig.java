package io.wabridge.bridge.media;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** Credentials of the bridge's HTTP API (prefix {@code wabridge.api}). */
@ConfigMapping(prefix = "wabridge.api")
public interface ApiConfig {

    /**
     * The bearer token protected endpoints require ({@code Authorization: Bearer <token>}); at least 16 characters.
     * Set it from a secret ({@code WABRIDGE_API_TOKEN}).
     */
    Optional<String> token();
}

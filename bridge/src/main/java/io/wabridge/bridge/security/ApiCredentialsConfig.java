package io.wabridge.bridge.security;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/** API bearer tokens (prefix {@code wabridge.api}); any one configured turns HTTP authentication on. */
@ConfigMapping(prefix = "wabridge.api")
public interface ApiCredentialsConfig {

    /** A token of at least 16 characters ({@code Authorization: Bearer <token>}); from a secret, WABRIDGE_API_TOKEN. */
    Optional<String> token();

    /** Hex SHA-256 digests of further tokens, so the configuration itself holds no usable secret. */
    Optional<List<String>> tokenSha256();
}

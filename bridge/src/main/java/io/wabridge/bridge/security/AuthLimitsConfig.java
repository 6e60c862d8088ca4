package io.wabridge.bridge.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Rate limit of failed authentications per client address (prefix {@code wabridge.auth}). */
@ConfigMapping(prefix = "wabridge.auth")
public interface AuthLimitsConfig {

    /** Failures within {@link #failureWindow()} after which the address gets 429; 0 turns the limit off. */
    @WithDefault("10")
    int maxFailures();

    @WithDefault("1m")
    Duration failureWindow();
}

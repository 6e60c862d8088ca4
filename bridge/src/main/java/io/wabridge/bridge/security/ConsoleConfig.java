package io.wabridge.bridge.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Console users and sign-in sessions (prefix {@code wabridge.console}). */
@ConfigMapping(prefix = "wabridge.console")
public interface ConsoleConfig {

    /** {@code <name>:<PBKDF2 hash>} entries ({@link PasswordHash} prints a hash). */
    Optional<List<String>> users();

    /** Signs sign-in cookies; the same value on every worker makes a sign-in valid on all. At least 32 characters. */
    Optional<String> sessionKey();

    /** How long a sign-in lasts. */
    @WithDefault("8h")
    Duration sessionTimeout();
}

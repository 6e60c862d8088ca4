package io.wabridge.bridge.call;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * Call settings (prefix {@code wabridge.calls}): the default every session starts with; a session's
 * {@code set_call_settings} command overrides it while this worker drives the session.
 */
@ConfigMapping(prefix = "wabridge.calls")
public interface CallConfig {

    /** Reject every incoming call automatically (default off). */
    @WithDefault("false")
    boolean autoReject();

    /** The text sent to the caller after an automatic rejection (unset: none). */
    Optional<String> rejectMessage();
}

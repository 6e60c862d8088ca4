package io.wabridge.bridge.security;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The bridge with HTTP authentication on: an API token, one console user, the media endpoint enabled. The default
 * test profile configures no credential, so authentication is off there and the other tests call /sessions and
 * /views without one (as a deployment without credentials does). Tests with this profile share one boot.
 */
public class SecuredProfile implements QuarkusTestProfile {
    public static final String TOKEN = "test-api-token-0123456789";
    public static final String USER = "operator";
    public static final String PASSWORD = "correct horse battery staple";
    /** Short, so a test that trips the limit does not lock the other tests of the boot out for long. */
    public static final int MAX_FAILURES = 10;
    public static final long FAILURE_WINDOW_MS = 3_000;

    private static final String HASH = PasswordHash.hash(PASSWORD.toCharArray());

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "wabridge.api.token", TOKEN,
                "wabridge.console.users", USER + ":" + HASH,
                "wabridge.media.endpoint.enabled", "true",
                "wabridge.auth.max-failures", String.valueOf(MAX_FAILURES),
                "wabridge.auth.failure-window", FAILURE_WINDOW_MS + "ms");
    }
}

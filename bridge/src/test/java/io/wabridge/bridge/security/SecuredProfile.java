package io.wabridge.bridge.security;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The bridge with HTTP authentication on: an API token, one console user, the media endpoint enabled. The default
 * test profile configures no credential, so authentication is off there and the other tests call /sessions and
 * /views without one (as a deployment without credentials does). Tests with this profile share one boot. The
 * bridge trusts {@code X-Forwarded-For} here (as behind a reverse proxy), so a test that trips the failure limit does
 * it from an address of its own and locks no other test out.
 */
public class SecuredProfile implements QuarkusTestProfile {
    public static final String TOKEN = "test-api-token-0123456789";
    public static final String USER = "operator";
    public static final String PASSWORD = "correct horse battery staple";
    public static final int MAX_FAILURES = 10;

    private static final String HASH = PasswordHash.hash(PASSWORD.toCharArray());

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "wabridge.api.token", TOKEN,
                "wabridge.console.users", USER + ":" + HASH,
                "wabridge.media.endpoint.enabled", "true",
                "wabridge.auth.max-failures", String.valueOf(MAX_FAILURES),
                "quarkus.http.proxy.proxy-address-forwarding", "true",
                "quarkus.http.proxy.allow-x-forwarded", "true");
    }
}

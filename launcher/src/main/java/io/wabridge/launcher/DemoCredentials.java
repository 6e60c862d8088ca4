package io.wabridge.launcher;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The demo's generated credentials: an API token and a console user's password, new on every start and printed
 * once, so the demo's bridge runs with authentication on. The bridge receives the password only as a PBKDF2 hash in
 * the text form of {@code io.wabridge.bridge.security.PasswordHash} ({@code pbkdf2-sha256$iterations$salt$hash};
 * the launcher does not depend on the bridge's classes, and this is the one place outside it that writes the form).
 */
record DemoCredentials(String apiToken, String consoleUser, String consolePassword, String sessionKey) {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final int ITERATIONS = 210_000;

    static DemoCredentials generate() {
        return new DemoCredentials(random(24), "admin", random(12), random(32));
    }

    /** The bridge's environment for these credentials. */
    Map<String, String> environment() {
        return Map.of("WABRIDGE_API_TOKEN", apiToken,
                "WABRIDGE_CONSOLE_USERS", consoleUser + ":" + hash(consolePassword),
                "WABRIDGE_CONSOLE_SESSION_KEY", sessionKey);
    }

    String authorization() {
        return "Bearer " + apiToken;
    }

    private static String hash(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        try {
            byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(password.toCharArray(), salt, ITERATIONS, 256)).getEncoded();
            return "pbkdf2-sha256$" + ITERATIONS + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}

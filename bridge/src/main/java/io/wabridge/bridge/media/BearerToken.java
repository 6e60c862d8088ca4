package io.wabridge.bridge.media;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Checks an {@code Authorization} header against the configured API token in constant time. */
public final class BearerToken {
    static final int MIN_LENGTH = 16;
    private static final String SCHEME = "bearer ";

    private final byte[] expected;

    public BearerToken(String token) {
        if (token == null || token.strip().length() < MIN_LENGTH) {
            throw new IllegalArgumentException("the API token must have at least " + MIN_LENGTH + " characters");
        }
        this.expected = token.strip().getBytes(StandardCharsets.UTF_8);
    }

    /** True when {@code authorization} is {@code Bearer <token>} with this token (scheme case-insensitive). */
    public boolean accepts(String authorization) {
        if (authorization == null || authorization.length() <= SCHEME.length()
                || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return false;
        }
        byte[] given = authorization.substring(SCHEME.length()).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, given);
    }
}

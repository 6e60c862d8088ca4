package io.wabridge.bridge.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * A signed-in console user, carried in the {@value #COOKIE} cookie as
 * {@code base64url(user \n expiry-epoch-seconds \n csrf-token) . base64url(HMAC-SHA256)}: no server-side state, so
 * any worker with the same {@code wabridge.console.session-key} accepts it. The CSRF token is the session's own and
 * must come back in the {@value #CSRF_HEADER} header (or {@code _csrf} form field) of every state-changing request.
 */
public record ConsoleSession(String user, Instant expires, String csrf) {
    public static final String COOKIE = "wabridge-console";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    /** Attribute of a console user's {@code SecurityIdentity}: its {@link ConsoleSession}. */
    public static final String ATTRIBUTE = "wabridge.console.session";
    private static final Base64.Encoder ENC = Base64.getUrlEncoder().withoutPadding();
    private static final SecureRandom RANDOM = new SecureRandom();

    static ConsoleSession open(String user, Instant expires) {
        byte[] csrf = new byte[24];
        RANDOM.nextBytes(csrf);
        return new ConsoleSession(user, expires, ENC.encodeToString(csrf));
    }

    String encode(byte[] key) {
        String body = ENC.encodeToString((user + "\n" + expires.getEpochSecond() + "\n" + csrf)
                .getBytes(StandardCharsets.UTF_8));
        return body + "." + ENC.encodeToString(Credentials.hmac(key, body));
    }

    static Optional<ConsoleSession> decode(String cookie, byte[] key, Instant now) {
        if (cookie == null) {
            return Optional.empty();
        }
        int dot = cookie.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        String body = cookie.substring(0, dot);
        byte[] mac;
        try {
            mac = Base64.getUrlDecoder().decode(cookie.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(mac, Credentials.hmac(key, body))) {
            return Optional.empty();
        }
        String[] parts = new String(Base64.getUrlDecoder().decode(body), StandardCharsets.UTF_8).split("\n", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        Instant expires = Instant.ofEpochSecond(Long.parseLong(parts[1]));
        return expires.isAfter(now) ? Optional.of(new ConsoleSession(parts[0], expires, parts[2])) : Optional.empty();
    }

    /** True when {@code token} is this session's CSRF token (constant time). */
    public boolean csrfMatches(String token) {
        return token != null && MessageDigest.isEqual(csrf.getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8));
    }
}

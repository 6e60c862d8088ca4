package io.wabridge.bridge.security;

import jakarta.inject.Singleton;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * The HTTP API's credentials, one mechanism for every endpoint: API bearer tokens ({@code wabridge.api.token},
 * {@code wabridge.api.token-sha256}) and console users with hashed passwords ({@code wabridge.console.users}).
 * Authentication is on when at least one credential is configured, and off (every endpoint open, as before) when
 * none is.
 */
@Singleton
public class Credentials {
    private static final Logger LOG = Logger.getLogger(Credentials.class);
    static final int MIN_TOKEN_LENGTH = 16;
    /** Principal name of a worker forwarding a views query to another worker. */
    static final String PEER = "wabridge-peer";
    /** A PBKDF2 hash any unknown user name is checked against, so a wrong name costs as long as a wrong password. */
    private static final PasswordHash DUMMY = PasswordHash.parse(PasswordHash.hash("not-a-user-password".toCharArray()));

    private final List<byte[]> tokenDigests = new ArrayList<>();
    private final Map<String, PasswordHash> users = new LinkedHashMap<>();
    private final byte[] sessionKey;
    private final boolean sharedSessionKey;
    private final String peerToken;
    private final Duration sessionTimeout;
    private final FailureLimiter failures;

    @Inject
    public Credentials(ApiCredentialsConfig api, ConsoleConfig console, AuthLimitsConfig limits) {
        this(api.token(), api.tokenSha256(), console.users(), console.sessionKey(), console.sessionTimeout(),
                limits.maxFailures(), limits.failureWindow());
    }

    Credentials(Optional<String> token, Optional<List<String>> tokenHashes, Optional<List<String>> users,
                Optional<String> sessionKey, Duration sessionTimeout, int maxFailures, Duration failureWindow) {
        StringBuilder material = new StringBuilder();
        token.filter(t -> !t.isBlank()).ifPresent(t -> {
            if (t.strip().length() < MIN_TOKEN_LENGTH) {
                throw new IllegalStateException("wabridge.api.token must have at least " + MIN_TOKEN_LENGTH + " characters");
            }
            tokenDigests.add(sha256(t.strip().getBytes(StandardCharsets.UTF_8)));
            material.append("t:").append(t.strip()).append('\n');
        });
        for (String hex : tokenHashes.orElse(List.of())) {
            String h = hex.strip().toLowerCase(java.util.Locale.ROOT);
            if (!h.matches("[0-9a-f]{64}")) {
                throw new IllegalStateException("wabridge.api.token-sha256: not a hex SHA-256: " + hex);
            }
            tokenDigests.add(HexFormat.of().parseHex(h));
            material.append("h:").append(h).append('\n');
        }
        for (String entry : users.orElse(List.of())) {
            int colon = entry.indexOf(':');
            if (colon <= 0) {
                throw new IllegalStateException("wabridge.console.users: expected <name>:<password hash>, got an entry"
                        + " without a name");
            }
            String name = entry.substring(0, colon).strip();
            try {
                this.users.put(name, PasswordHash.parse(entry.substring(colon + 1)));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("wabridge.console.users: user " + name + ": " + e.getMessage());
            }
            material.append("u:").append(entry.strip()).append('\n');
        }
        this.sharedSessionKey = sessionKey.filter(k -> !k.isBlank()).isPresent();
        if (sharedSessionKey) {
            if (sessionKey.get().strip().length() < 32) {
                throw new IllegalStateException("wabridge.console.session-key must have at least 32 characters");
            }
            this.sessionKey = hmac(sessionKey.get().strip().getBytes(StandardCharsets.UTF_8), "console-session");
        } else {
            this.sessionKey = new byte[32];
            new SecureRandom().nextBytes(this.sessionKey);
        }
        // Every worker configured alike derives the same peer token; nobody without the credentials can.
        this.peerToken = material.isEmpty() ? null : Base64.getUrlEncoder().withoutPadding().encodeToString(
                hmac(material.toString().getBytes(StandardCharsets.UTF_8), "wabridge views peer"));
        this.sessionTimeout = sessionTimeout;
        this.failures = new FailureLimiter(maxFailures, failureWindow, Clock.systemUTC());
        if (enabled()) {
            LOG.infof("HTTP authentication on: %d API token(s), %d console user(s)%s", tokenDigests.size(),
                    this.users.size(), !this.users.isEmpty() && !sharedSessionKey
                            ? "; console sign-ins are per worker (set wabridge.console.session-key to share them)" : "");
        } else {
            LOG.warn("HTTP authentication off: no wabridge.api.token, wabridge.api.token-sha256 or"
                    + " wabridge.console.users is configured, so the HTTP API and the console are open");
        }
    }

    /** True when a credential is configured: every endpoint but health and the sign-in page needs one. */
    public boolean enabled() {
        return !tokenDigests.isEmpty() || !users.isEmpty();
    }

    /** True when console users are configured. */
    public boolean consoleUsers() {
        return !users.isEmpty();
    }

    /** The principal a bearer token stands for, or empty. Constant time per configured token. */
    Optional<String> tokenPrincipal(String token) {
        if (peerToken != null && MessageDigest.isEqual(peerToken.getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8))) {
            return Optional.of(PEER);
        }
        byte[] digest = sha256(token.getBytes(StandardCharsets.UTF_8));
        boolean ok = false;
        int index = 0;
        int matched = -1;
        for (byte[] d : tokenDigests) {
            if (MessageDigest.isEqual(d, digest)) {
                ok = true;
                matched = index;
            }
            index++;
        }
        return ok ? Optional.of("api-token-" + (matched + 1)) : Optional.empty();
    }

    /** True when the user exists and the password is right; as slow for an unknown user as for a known one. */
    boolean passwordMatches(String user, char[] password) {
        PasswordHash hash = users.get(user);
        boolean ok = (hash == null ? DUMMY : hash).matches(password);
        return hash != null && ok;
    }

    /** The {@code Authorization} header a worker sends with a forwarded views query, or empty when auth is off. */
    public Optional<String> peerAuthorization() {
        return Optional.ofNullable(peerToken).map(t -> "Bearer " + t);
    }

    byte[] sessionKey() {
        return sessionKey;
    }

    Duration sessionTimeout() {
        return sessionTimeout;
    }

    FailureLimiter failures() {
        return failures;
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

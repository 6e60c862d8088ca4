package io.wabridge.bridge.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;

/**
 * Signs console users in: checks the name and password against {@code wabridge.console.users} (PBKDF2), refuses an
 * address with too many recent failures, and issues the signed {@link ConsoleSession} cookie. Every attempt is an
 * audit line; a failure never says whether the name or the password was wrong.
 */
@ApplicationScoped
public class ConsoleSignIn {

    @Inject
    Credentials credentials;

    /** The outcome: a cookie value on success, else the seconds to wait (0 for a plain failure). */
    public record Result(String cookie, long maxAgeSeconds, long retryAfterSeconds) {
        public boolean ok() {
            return cookie != null;
        }
    }

    public Result signIn(String user, String password, String address) {
        long wait = credentials.failures().blockedForSeconds(address);
        if (wait > 0) {
            BridgeAuthMechanism.AUDIT.infof("sign-in-refused reason=rate-limited address=%s", address);
            return new Result(null, 0, wait);
        }
        String name = user == null ? "" : user.strip();
        if (password != null && !name.isEmpty() && credentials.passwordMatches(name, password.toCharArray())) {
            ConsoleSession session = ConsoleSession.open(name, Instant.now().plus(credentials.sessionTimeout()));
            BridgeAuthMechanism.AUDIT.infof("sign-in user=%s address=%s", name, address);
            return new Result(session.encode(credentials.sessionKey()), credentials.sessionTimeout().toSeconds(), 0);
        }
        credentials.failures().failed(address);
        BridgeAuthMechanism.AUDIT.infof("sign-in-failed address=%s", address);
        return new Result(null, 0, 0);
    }

    /** True when console users are configured (else the console needs no sign-in, or only a token). */
    public boolean required() {
        return credentials.consoleUsers();
    }

    /** True when any credential is configured. */
    public boolean authEnabled() {
        return credentials.enabled();
    }
}

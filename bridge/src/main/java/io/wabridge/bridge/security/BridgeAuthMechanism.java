package io.wabridge.bridge.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The bridge's one HTTP authentication mechanism (Quarkus security): {@code Authorization: Bearer <API token>} for
 * programs, the signed {@link ConsoleSession} cookie for console users. Anonymous when authentication is off
 * ({@link Credentials#enabled()}) or on the open paths. Failures answer 401 without saying what was wrong, and an
 * address with too many recent failures gets 429 with {@code Retry-After}; console pages send a browser without
 * a session to the sign-in page instead.
 */
@ApplicationScoped
public class BridgeAuthMechanism implements HttpAuthenticationMechanism {
    static final Logger AUDIT = Logger.getLogger("wabridge.audit");
    private static final String BEARER = "bearer ";
    static final String OPERATOR = "operator";
    /** Routing-context key: the address was over its failure limit when the request came (seconds to wait). */
    private static final String LIMITED = "wabridge.auth.limited";

    @Inject
    Credentials credentials;

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        if (!credentials.enabled() || OpenPaths.open(context.normalizedPath())) {
            return Uni.createFrom().nullItem();
        }
        String address = clientAddress(context);
        String authorization = context.request().getHeader("Authorization");
        if (authorization != null) {
            long wait = credentials.failures().blockedForSeconds(address);
            if (wait > 0) {
                context.put(LIMITED, wait); // answered 429 by getChallenge, whatever the header holds
                return Uni.createFrom().failure(new AuthenticationFailedException());
            }
            Optional<String> principal = authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                    ? credentials.tokenPrincipal(authorization.substring(BEARER.length()).strip()) : Optional.empty();
            if (principal.isEmpty()) {
                credentials.failures().failed(address);
                AUDIT.infof("auth-failed kind=bearer address=%s path=%s", address, context.normalizedPath());
                return Uni.createFrom().failure(new AuthenticationFailedException());
            }
            return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(principal.get())).addRole(OPERATOR).build());
        }
        Cookie cookie = context.request().getCookie(ConsoleSession.COOKIE);
        if (cookie != null) {
            Optional<ConsoleSession> session = ConsoleSession.decode(cookie.getValue(), credentials.sessionKey(),
                    Instant.now());
            if (session.isPresent()) {
                return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal(session.get().user())).addRole(OPERATOR)
                        .addAttribute(ConsoleSession.ATTRIBUTE, session.get()).build());
            }
        }
        return Uni.createFrom().nullItem();
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        Long wait = context.get(LIMITED);
        if (wait != null) {
            return Uni.createFrom().item(new ChallengeData(429, "Retry-After", Long.toString(wait)));
        }
        String path = context.normalizedPath();
        if (context.request().method() == HttpMethod.GET && path.startsWith("/console")
                && !path.startsWith("/console/api/") && credentials.consoleUsers()) {
            return Uni.createFrom().item(new ChallengeData(302, Map.of("Location", "/console/login")));
        }
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
    }

    /**
     * The client's address as this server sees it (the proxy's, behind a reverse proxy, unless
     * {@code quarkus.http.proxy.proxy-address-forwarding} is on).
     */
    static String clientAddress(RoutingContext context) {
        var remote = context.request().remoteAddress();
        return remote == null ? "unknown" : remote.hostAddress();
    }
}

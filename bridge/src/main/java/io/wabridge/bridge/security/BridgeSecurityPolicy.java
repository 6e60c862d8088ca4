package io.wabridge.bridge.security;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityPolicy;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Who may do what over HTTP (applied to every path by {@code quarkus.http.auth.permission.wabridge}): everything
 * when authentication is off; the open paths to anyone; the rest to an authenticated caller, and a console user's
 * state-changing request only with the session's CSRF token in the {@value ConsoleSession#CSRF_HEADER}
 * header (the console's pages send it; a cross-site form cannot); the processes' peer token only GETs the views.
 */
@ApplicationScoped
public class BridgeSecurityPolicy implements HttpSecurityPolicy {

    @Inject
    Credentials credentials;

    @Override
    public Uni<CheckResult> checkPermission(RoutingContext request, Uni<SecurityIdentity> identity,
                                            AuthorizationRequestContext requestContext) {
        if (!credentials.enabled() || OpenPaths.open(request.normalizedPath())) {
            return CheckResult.permit();
        }
        return identity.map(id -> {
            if (id == null || id.isAnonymous()) {
                return CheckResult.DENY;
            }
            // The peer token (workers and views asking each other) reads the views, nothing else: it travels to
            // wabridge.views.url, so a URL pointing at the wrong host must not hand it the whole API.
            if (Credentials.PEER.equals(id.getPrincipal().getName())) {
                return request.request().method() == HttpMethod.GET && peerPath(request.normalizedPath())
                        ? CheckResult.PERMIT : CheckResult.DENY;
            }
            ConsoleSession session = id.getAttribute(ConsoleSession.ATTRIBUTE);
            if (session != null && unsafe(request.request().method())
                    && !session.csrfMatches(request.request().getHeader(ConsoleSession.CSRF_HEADER))) {
                BridgeAuthMechanism.AUDIT.infof("csrf-refused user=%s path=%s", session.user(), request.normalizedPath());
                return CheckResult.DENY;
            }
            return CheckResult.PERMIT;
        });
    }

    @Override
    public String name() {
        return "wabridge";
    }

    /** What the peer token may read: the views' session list, a session and its chats. */
    static boolean peerPath(String path) {
        return path.equals("/views/sessions") || path.startsWith("/views/sessions/");
    }

    private static boolean unsafe(HttpMethod method) {
        return method != HttpMethod.GET && method != HttpMethod.HEAD && method != HttpMethod.OPTIONS;
    }
}

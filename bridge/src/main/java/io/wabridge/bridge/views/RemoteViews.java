package io.wabridge.bridge.views;

import io.wabridge.bridge.views.ViewsQueries.Answer;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The views seen from a process that does not run them ({@code wabridge.views.enabled=false}, a worker of the
 * Kubernetes manifests): each query goes to the processes that do, at {@code wabridge.views.url} (the views
 * Deployment's Service), as a client's query would: the one answering finds the process holding the session's
 * partition and merges the session list itself. The answer (status and JSON body) is passed through unchanged, but
 * for what says this worker is misconfigured: a refusal of its credentials (401, 403, 407, 429: the views processes
 * have other HTTP credentials than the workers') is a 502 naming the cause, and a query that came back to a process without the views
 * (the URL names a worker) a 508. Views that do not answer within twice {@code wabridge.views.forward-timeout} (they
 * may forward it once more themselves) are a 503 to retry. The URL is logged (at most one warning a minute),
 * never put in an answer. Queries carry {@link #HOP_HEADER}, so a misconfigured URL is not followed in a circle.
 */
public final class RemoteViews {
    private static final Logger LOG = Logger.getLogger(RemoteViews.class);

    /** Set on a query a process without the views sends on: one that receives it has nowhere to send it. */
    public static final String HOP_HEADER = "X-Wabridge-Remote";
    private static final long WARNING_INTERVAL_NANOS = 60_000_000_000L;

    private final String base;
    private final HttpClient http;
    private final Duration timeout;
    private final String authorization;
    /** When the last warning was logged (nanoTime): one a minute at most; the first at once. */
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARNING_INTERVAL_NANOS);

    /**
     * @param url the views' base URL, {@code http(s)://host[:port][/prefix]}
     * @param authorization the processes' peer credential header, or null
     * @throws IllegalArgumentException if {@code url} is not such a URL
     */
    public RemoteViews(String url, Duration timeout, String authorization) {
        this.base = baseUrl(url);
        this.timeout = timeout.multipliedBy(2);
        this.authorization = authorization;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /**
     * {@code url} without its trailing slashes, checked: absolute http or https, a host, no user information (the
     * peer token is the credential), no query or fragment.
     */
    static String baseUrl(String url) {
        String u = url == null ? "" : url.strip();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        try {
            URI uri = new URI(u);
            if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    || uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
                    || uri.getRawFragment() != null) {
                throw new IllegalArgumentException("wabridge.views.url must be an http(s) URL with a host and no"
                        + " user, query or fragment, e.g. http://wabridge-views:8080; got \"" + redacted(u) + "\"");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("wabridge.views.url is not a URL: \"" + redacted(u) + "\" ("
                    + e.getReason() + ")", e);
        }
        return u;
    }

    /** Where the queries go. */
    public String url() {
        return base;
    }

    public Answer session(String id) {
        return get(ViewsQueries.sessionPath(id));
    }

    public Answer chats(String id, int limit, String cursor) {
        return get(ViewsQueries.chatsPath(id, limit, cursor));
    }

    public Answer sessions(int limit, String cursor) {
        return get(ViewsQueries.sessionsPath(limit, cursor));
    }

    private Answer get(String path) {
        Answer a;
        try {
            a = ViewsQueries.get(http, URI.create(base + path), timeout, authorization, false, true);
        } catch (IOException e) {
            warn("did not answer: " + e);
            return Answer.error(503, "the views (wabridge.views.url) did not answer: " + e.getClass().getSimpleName()
                    + "; try again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Answer.error(503, "interrupted");
        }
        return switch (a.status()) {
            case 401, 403, 407, 429 -> {
                warn("refused this worker's query with HTTP " + a.status() + ": give the views processes the workers'"
                        + " HTTP credentials (wabridge.api.token, .token-sha256, wabridge.console.users)");
                yield Answer.error(502, "the views refused this worker's credentials (HTTP " + a.status()
                        + "): the views processes need the workers' HTTP credentials");
            }
            case 508 -> {
                warn("is a process without the views (a worker?): point wabridge.views.url at the views");
                yield a;
            }
            default -> a;
        };
    }

    private void warn(String what) {
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= WARNING_INTERVAL_NANOS && lastWarning.compareAndSet(last, now)) {
            LOG.warnf("the views at wabridge.views.url=%s %s", base, what);
        }
    }

    /** A URL for messages: without what may be a password. */
    private static String redacted(String url) {
        return url.replaceAll("//[^/@]*@", "//***@");
    }
}

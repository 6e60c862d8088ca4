package io.wabridge.client.media;

import io.wabridge.client.binary.Node;
import io.wabridge.client.jid.Jid;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The answer to a {@code media_conn} iq: the upload auth token, how long it and the host list stay valid, and the
 * media hosts, primary ones first ({@code <media_conn auth ttl auth_ttl max_buckets><host hostname
 * [type=fallback]/>..</media_conn>}, whatsmeow {@code mediaconn.go}).
 *
 * @param auth      the {@code auth} query parameter of uploads
 * @param ttl       how long the host list may be used
 * @param authTtl   how long the auth token may be used (the ttl when the server gives none)
 * @param hosts     media hosts, primary first, then fallbacks
 * @param fetchedAt when the answer arrived
 */
public record MediaConn(String auth, Duration ttl, Duration authTtl, List<Host> hosts, Instant fetchedAt) {

    /** A media host; {@code hostname} may carry a port ({@code 127.0.0.1:8445}), as a test server's does. */
    public record Host(String hostname, boolean fallback) {
        public Host {
            Objects.requireNonNull(hostname, "hostname");
        }
    }

    public MediaConn {
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(authTtl, "authTtl");
        Objects.requireNonNull(fetchedAt, "fetchedAt");
        hosts = List.copyOf(hosts);
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("media_conn without hosts");
        }
    }

    /** The iq asking for it. */
    public static Node request() {
        return Node.builder("iq").attr("xmlns", "w:m").attr("type", "set").attr("to", Jid.SERVER)
                .children(List.of(Node.of("media_conn"))).build();
    }

    /**
     * Reads the iq result. Lenient where the reference clients are: a missing or unparsable ttl counts as 0
     * (used once, asked again next time); hosts without a hostname are skipped; primary hosts come before
     * fallbacks whatever their order.
     *
     * @throws IllegalArgumentException without a {@code <media_conn>}, an auth token, or any host
     */
    public static MediaConn parse(Node result, Instant now) {
        Node conn = result.child("media_conn");
        if (conn == null) {
            throw new IllegalArgumentException("no <media_conn> in the answer");
        }
        String auth = conn.attr("auth");
        if (auth == null || auth.isEmpty()) {
            throw new IllegalArgumentException("<media_conn> without auth");
        }
        Duration ttl = Duration.ofSeconds(seconds(conn.attr("ttl")));
        Duration authTtl = conn.hasAttr("auth_ttl") ? Duration.ofSeconds(seconds(conn.attr("auth_ttl"))) : ttl;
        List<Host> primary = new ArrayList<>();
        List<Host> fallback = new ArrayList<>();
        for (Node host : conn.children("host")) {
            String name = host.attr("hostname");
            if (name == null || name.isBlank()) {
                continue;
            }
            boolean isFallback = "fallback".equals(host.attr("type"));
            (isFallback ? fallback : primary).add(new Host(name, isFallback));
        }
        primary.addAll(fallback);
        return new MediaConn(auth, ttl, authTtl, primary, now);
    }

    private static long seconds(String value) {
        if (value == null) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(value));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Whether the hosts or the auth token have expired at {@code now}. */
    public boolean expired(Instant now) {
        Duration validity = ttl.compareTo(authTtl) <= 0 ? ttl : authTtl;
        return !now.isBefore(fetchedAt.plus(validity));
    }

    @Override
    public String toString() {
        return "MediaConn[hosts=" + hosts + ", ttl=" + ttl + ", authTtl=" + authTtl + "]"; // never the token
    }
}

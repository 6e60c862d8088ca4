package io.wabridge.client.media;

import io.wabridge.client.binary.Node;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * One account's {@link MediaConn}, asked for once and reused until its ttl (or its auth token's) runs out;
 * concurrent transfers share one {@code media_conn} iq. A host that refuses the auth token makes the transfer
 * {@link #invalidate} that answer, so the next {@link #get} asks again (auth refresh). Thread-safe: transfers run
 * off the session's executor.
 */
public final class MediaConnCache {

    private final Supplier<CompletableFuture<Node>> query;
    private final Clock clock;
    private MediaConn current;
    private CompletableFuture<MediaConn> inFlight;
    private long fetches;

    /** @param query sends the {@link MediaConn#request()} iq on the open connection and completes with the result */
    public MediaConnCache(Supplier<CompletableFuture<Node>> query, Clock clock) {
        this.query = query;
        this.clock = clock;
    }

    /** A valid media_conn: the cached one, or a fresh answer. */
    public synchronized CompletableFuture<MediaConn> get() {
        if (current != null && !current.expired(clock.instant())) {
            return CompletableFuture.completedFuture(current);
        }
        if (inFlight != null) {
            return inFlight;
        }
        fetches++;
        CompletableFuture<MediaConn> fetch = query.get().thenApply(node -> MediaConn.parse(node, clock.instant()));
        inFlight = fetch;
        fetch.whenComplete((conn, failure) -> {
            synchronized (this) {
                if (inFlight == fetch) {
                    inFlight = null;
                }
                if (conn != null) {
                    current = conn;
                }
            }
        });
        return fetch;
    }

    /** Drops {@code stale} (a host refused its token) unless a newer answer already replaced it. */
    public synchronized void invalidate(MediaConn stale) {
        if (current == stale) {
            current = null;
        }
    }

    /** How many {@code media_conn} iqs were sent (for tests and metrics). */
    public synchronized long fetches() {
        return fetches;
    }
}

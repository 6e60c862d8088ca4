package io.wabridge.client.send;

import io.wabridge.client.session.Failures;
import io.wabridge.client.interop.Leniency;
import io.wabridge.client.interop.LeniencyCounters;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.session.ExpiringLru;
import io.wabridge.client.stanza.IqErrorException;
import io.wabridge.client.stanza.IqTimeoutException;
import io.wabridge.client.stanza.StanzaRouter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prekey fetches that remember, for a while, the devices the server had no usable bundle for: a send within that
 * time skips such a device at once (counted as {@link Leniency#KEY_FETCH_FAILURE_REMEMBERED}) instead of asking
 * the server again on every send. Bounded (least recently used out). A device that gets a bundle is forgotten at
 * once. A fetch the server answers with an iq error, or not at all, fails only the devices it asked for (they are
 * skipped, not remembered: the server, not the device, failed), as whatsmeow does; a closed connection fails the
 * send. One per account, on its serial executor.
 */
public final class KeyFetchFailures {
    private static final Logger LOG = LoggerFactory.getLogger(KeyFetchFailures.class);

    /** Devices remembered per account. */
    static final int MAX_DEVICES = 1024;

    private final ExpiringLru<Jid, String> failed;
    private final Duration ttl;
    private final LeniencyCounters counters;

    public KeyFetchFailures(Duration ttl, Clock clock, LeniencyCounters counters) {
        this.failed = new ExpiringLru<>(MAX_DEVICES, ttl, clock);
        this.ttl = ttl;
        this.counters = counters;
    }

    /** Bundles for {@code devices}: remembered failures answered at once, the others fetched in one iq. */
    public CompletableFuture<Map<Jid, PreKeyFetch.Result>> fetch(StanzaRouter router, List<Jid> devices,
                                                                Duration timeout) {
        Map<Jid, PreKeyFetch.Result> known = new HashMap<>();
        List<Jid> ask = new ArrayList<>(devices.size());
        for (Jid device : devices) {
            String error = ttl.isZero() ? null : failed.get(device);
            if (error != null) {
                counters.count(Leniency.KEY_FETCH_FAILURE_REMEMBERED);
                known.put(device, new PreKeyFetch.Result(null, error + " (remembered for " + ttl + ")"));
            } else {
                ask.add(device);
            }
        }
        return PreKeyFetch.fetch(router, ask, timeout).handle((results, failure) -> {
            if (failure != null) {
                Throwable cause = Failures.unwrap(failure);
                if (!(cause instanceof IqErrorException || cause instanceof IqTimeoutException)) {
                    throw failure instanceof CompletionException c ? c : new CompletionException(cause);
                }
                counters.count(Leniency.KEY_FETCH_FAILED);
                LOG.warn("prekey fetch for {} failed, skipping those devices: {}", ask, cause.getMessage());
                Map<Jid, PreKeyFetch.Result> none = new HashMap<>();
                for (Jid device : ask) {
                    none.put(device, new PreKeyFetch.Result(null, "prekey fetch failed: " + cause.getMessage()));
                }
                return merge(none, known);
            }
            for (var entry : results.entrySet()) {
                if (entry.getValue().ok()) {
                    failed.remove(entry.getKey());
                } else if (!ttl.isZero()) {
                    failed.put(entry.getKey(), entry.getValue().error());
                }
            }
            return merge(results, known);
        });
    }

    private static Map<Jid, PreKeyFetch.Result> merge(Map<Jid, PreKeyFetch.Result> fetched,
                                                      Map<Jid, PreKeyFetch.Result> known) {
        if (known.isEmpty()) {
            return fetched;
        }
        Map<Jid, PreKeyFetch.Result> all = new HashMap<>(fetched);
        all.putAll(known);
        return all;
    }
}

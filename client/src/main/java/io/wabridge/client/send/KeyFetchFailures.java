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
 * send. A fetch for many devices (a big group's first send) goes out in several iqs at once, so each answer is parsed
 * in its own executor task and one refused or lost iq costs only its own devices. One per account, on its serial executor.
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

    /**
     * Bundles for {@code devices}: remembered failures answered at once, the others fetched in iqs of at most
     * {@link PreKeyFetch#DEVICES_PER_IQ} devices, all sent at once. A chunk the server refuses or leaves unanswered
     * fails only its own devices; a closed connection fails the whole fetch.
     */
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
        if (ask.size() <= PreKeyFetch.DEVICES_PER_IQ) {
            return fetchChunk(router, ask, timeout).thenApply(results -> merge(results, known));
        }
        List<CompletableFuture<Map<Jid, PreKeyFetch.Result>>> chunks = new ArrayList<>();
        for (int from = 0; from < ask.size(); from += PreKeyFetch.DEVICES_PER_IQ) {
            chunks.add(fetchChunk(router, ask.subList(from, Math.min(ask.size(), from + PreKeyFetch.DEVICES_PER_IQ)),
                    timeout));
        }
        return CompletableFuture.allOf(chunks.toArray(CompletableFuture[]::new)).thenApply(v -> {
            Map<Jid, PreKeyFetch.Result> all = new HashMap<>(known);
            for (CompletableFuture<Map<Jid, PreKeyFetch.Result>> chunk : chunks) {
                all.putAll(chunk.join());
            }
            return all;
        });
    }

    /** One iq's worth of devices; an iq error or timeout fails only these devices (skipped, not remembered). */
    private CompletableFuture<Map<Jid, PreKeyFetch.Result>> fetchChunk(StanzaRouter router, List<Jid> ask,
                                                                      Duration timeout) {
        return PreKeyFetch.fetch(router, ask, timeout).handle((results, failure) -> {
            if (failure != null) {
                Throwable cause = Failures.unwrap(failure);
                if (!(cause instanceof IqErrorException || cause instanceof IqTimeoutException)) {
                    throw failure instanceof CompletionException c ? c : new CompletionException(cause);
                }
                counters.count(Leniency.KEY_FETCH_FAILED);
                LOG.warn("prekey fetch for {} devices ({}..) failed, skipping those devices: {}", ask.size(),
                        ask.get(0), cause.getMessage());
                Map<Jid, PreKeyFetch.Result> none = new HashMap<>();
                for (Jid device : ask) {
                    none.put(device, new PreKeyFetch.Result(null, "prekey fetch failed: " + cause.getMessage()));
                }
                return none;
            }
            for (var entry : results.entrySet()) {
                if (entry.getValue().ok()) {
                    failed.remove(entry.getKey());
                } else if (!ttl.isZero()) {
                    failed.put(entry.getKey(), entry.getValue().error());
                }
            }
            return results;
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

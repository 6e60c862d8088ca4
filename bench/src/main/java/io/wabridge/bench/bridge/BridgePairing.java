package io.wabridge.bench.bridge;

import io.wabridge.proto.v1.ConnectionUpdate;
import io.wabridge.proto.v1.EventEnvelope;
import io.wabridge.simulator.account.PhoneAccount;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Pairs sessions through the bridge as an operator would: a connect command per session, and for each QR event
 * the session's phone scans the code; a session is paired at its {@code connection_update OPEN}. Sessions go in
 * batches (all of a batch in parallel) so the simulator and the worker are not flooded with handshakes at once.
 */
public final class BridgePairing implements EventStream.Listener {
    private final CommandProducer commands;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Set<String> scanning = ConcurrentHashMap.newKeySet();

    private record Pending(int index, PhoneAccount account, long connectNanos, long[] openNanos, CountDownLatch done) {
    }

    public BridgePairing(CommandProducer commands) {
        this.commands = commands;
    }

    /**
     * Pairs sessions {@code 0..count-1} through the worker that reads {@code commands}' topic and writes
     * {@code events}': listens to {@code events} only while it pairs.
     *
     * @return per session, nanoseconds from its connect command to its OPEN event
     */
    public static long[] pair(CommandProducer commands, EventStream events, int count, IntFunction<PhoneAccount> accounts,
                              int batch, Duration perBatch) throws InterruptedException {
        BridgePairing pairing = new BridgePairing(commands);
        events.add(pairing);
        try {
            return pairing.pair(count, accounts, batch, perBatch);
        } finally {
            events.remove(pairing);
        }
    }

    /**
     * Pairs sessions {@code 0..count-1} ({@link BridgeTestbed#sessionId}, accounts from {@code accounts}).
     *
     * @return per session, nanoseconds from its connect command to its OPEN event
     */
    public long[] pair(int count, IntFunction<PhoneAccount> accounts, int batch, Duration perBatch) throws InterruptedException {
        return pair(0, count, accounts, batch, perBatch);
    }

    /**
     * Pairs sessions {@code first..end-1}.
     *
     * @return per session (index {@code i - first}), nanoseconds from its connect command to its OPEN event
     */
    public long[] pair(int first, int end, IntFunction<PhoneAccount> accounts, int batch, Duration perBatch)
            throws InterruptedException {
        long[] took = new long[end];
        for (int from = first; from < end; from += batch) {
            int to = Math.min(end, from + batch);
            CountDownLatch done = new CountDownLatch(to - from);
            for (int i = from; i < to; i++) {
                String id = BridgeTestbed.sessionId(i);
                pending.put(id, new Pending(i, accounts.apply(i), System.nanoTime(), took, done));
                commands.connect(id, "pair-" + id);
            }
            commands.flush();
            if (!done.await(perBatch.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("not paired within " + perBatch + ": " + List.copyOf(pending.keySet()));
            }
        }
        return first == 0 ? took : Arrays.copyOfRange(took, first, end);
    }

    @Override
    public void onEvent(EventEnvelope event, long polledNanos, long producedMillis) {
        Pending p = pending.get(event.getSessionId());
        if (p == null) {
            return;
        }
        if (event.hasQr() && scanning.add(event.getSessionId())) {
            // Scanning runs on the simulator's threads; a failed scan (expired code) waits for the next QR event.
            p.account().phone().scanQr(event.getQr().getCode()).whenComplete((device, e) -> {
                if (e != null) {
                    System.err.println(event.getSessionId() + ": scan failed, waiting for the next code: " + e);
                    scanning.remove(event.getSessionId());
                }
            });
        } else if (event.hasConnectionUpdate() && event.getConnectionUpdate().getState() == ConnectionUpdate.State.OPEN
                && pending.remove(event.getSessionId(), p)) {
            scanning.remove(event.getSessionId());
            p.openNanos()[p.index()] = polledNanos - p.connectNanos();
            p.done().countDown();
        }
    }
}

package io.wabridge.bench;

import io.wabridge.client.ClientRuntime;
import io.wabridge.client.WaClient;
import io.wabridge.client.WaClientConfig;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.store.AccountStore;
import io.wabridge.client.store.memory.MemoryStoreProvider;
import io.wabridge.simulator.WaSimulator;
import io.wabridge.simulator.account.PhoneAccount;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Times a client against the in-process simulator on loopback: creating a client on a fresh store and connecting
 * it, to the first QR event, and creating a client on a linked device's stored credentials and connecting it, to
 * {@code Open} (the reconnect path). Prints the median and p90 of N runs after warm-up.
 * <pre>
 *   java -cp bench/target/benchmarks.jar io.wabridge.bench.ConnectTimingProbe [runs=20] [warmup=5]
 * </pre>
 * The simulator delays its first stanza after the handshake by {@link WaSimulator#DEFAULT_AUTHENTICATION_DELAY}
 * (Baileys 6 needs it); the probe turns that off so only our client and the protocol are timed. The same
 * measurement against Baileys, with the simulator in another process, is {@code SideBySideBenchmark}.
 */
public final class ConnectTimingProbe {
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** Shows a QR code to a phone and returns once the phone scanned it. */
    @FunctionalInterface
    public interface QrScanner {
        void scan(String qr) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        try (WaSimulator simulator = WaSimulator.builder().authenticationDelay(Duration.ZERO).start();
             ClientRuntime runtime = ClientRuntime.create()) {
            PhoneAccount account = simulator.accounts().create("15550002222");
            WaClientConfig config = ProbeSupport.config(simulator.url(), simulator.noiseRootKeyHex());
            MemoryStoreProvider stores = new MemoryStoreProvider();
            List<Long> toQr = timeToQr(runtime, config, stores, warmup, runs);
            AccountStore linked = stores.open("linked");
            pair(runtime, config, linked, qr -> account.phone().scanQr(qr).get(30, TimeUnit.SECONDS));
            List<Long> toOpen = timeToOpen(runtime, config, linked, warmup, runs);
            System.out.printf("connect -> first QR (fresh device):    median %.2f ms, p90 %.2f ms (n=%d)%n",
                    ProbeSupport.percentileMillis(toQr, 50), ProbeSupport.percentileMillis(toQr, 90), runs);
            System.out.printf("connect -> open (stored credentials): median %.2f ms, p90 %.2f ms (n=%d)%n",
                    ProbeSupport.percentileMillis(toOpen, 50), ProbeSupport.percentileMillis(toOpen, 90), runs);
        }
    }

    /**
     * {@code warmup + runs} times: creates a client on a fresh store, connects it and waits for the first QR; then
     * disconnects it. Returns the nanoseconds of the last {@code runs}.
     */
    public static List<Long> timeToQr(ClientRuntime runtime, WaClientConfig config, MemoryStoreProvider stores,
                                      int warmup, int runs) throws Exception {
        return timeTo(ClientEvent.Qr.class, runtime, config, i -> stores.open("fresh-" + i), warmup, runs);
    }

    /** Links a new device on {@code store}: connects, has {@code scanner} scan the QR code, waits for Open. */
    public static void pair(ClientRuntime runtime, WaClientConfig config, AccountStore store, QrScanner scanner)
            throws Exception {
        BlockingQueue<ClientEvent> events = new LinkedBlockingQueue<>();
        try (WaClient pairing = WaClient.create(runtime, config, store, events::add)) {
            pairing.connect();
            scanner.scan(ProbeSupport.await(events, ClientEvent.Qr.class, WAIT).code());
            ProbeSupport.await(events, ClientEvent.Open.class, WAIT);
            pairing.disconnect().get(10, TimeUnit.SECONDS);
        }
    }

    /**
     * {@code warmup + runs} times: creates a client on the linked device's {@code store}, connects it and waits for
     * Open; then disconnects it. Returns the nanoseconds of the last {@code runs}.
     */
    public static List<Long> timeToOpen(ClientRuntime runtime, WaClientConfig config, AccountStore store, int warmup,
                                        int runs) throws Exception {
        return timeTo(ClientEvent.Open.class, runtime, config, i -> store, warmup, runs);
    }

    private static List<Long> timeTo(Class<? extends ClientEvent> event, ClientRuntime runtime, WaClientConfig config,
                                     IntFunction<AccountStore> storeOfRun, int warmup, int runs) throws Exception {
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < warmup + runs; i++) {
            BlockingQueue<ClientEvent> events = new LinkedBlockingQueue<>();
            long start = System.nanoTime();
            try (WaClient client = WaClient.create(runtime, config, storeOfRun.apply(i), events::add)) {
                client.connect();
                ProbeSupport.await(events, event, WAIT);
                if (i >= warmup) {
                    times.add(System.nanoTime() - start);
                }
                client.disconnect().get(10, TimeUnit.SECONDS);
            }
        }
        return times;
    }
}

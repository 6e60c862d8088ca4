package io.wabridge.bench;

import io.wabridge.client.ClientRuntime;
import io.wabridge.client.WaClient;
import io.wabridge.client.WaClientConfig;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.noise.NoiseCertificateVerifier;
import io.wabridge.client.store.AccountStore;
import io.wabridge.client.store.memory.MemoryStoreProvider;
import io.wabridge.client.transport.TransportConfig;
import io.wabridge.simulator.WaSimulator;
import io.wabridge.simulator.account.PhoneAccount;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Times a client against the in-process simulator on loopback: connect() to the first QR event for a fresh
 * device, and connect() to {@code Open} for a linked device logging in from stored credentials (the
 * reconnect path). Prints the median and p90 of N runs after warm-up.
 * <pre>
 *   java -cp bench/target/benchmarks.jar io.wabridge.bench.ConnectTimingProbe [runs=20] [warmup=5]
 * </pre>
 * The simulator delays its first stanza after the handshake by {@link WaSimulator#DEFAULT_AUTHENTICATION_DELAY}
 * (Baileys 6 needs it); the probe turns that off so only our client and the protocol are timed.
 */
public final class ConnectTimingProbe {

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        try (WaSimulator simulator = WaSimulator.builder().authenticationDelay(Duration.ZERO).start();
             ClientRuntime runtime = ClientRuntime.create()) {
            PhoneAccount account = simulator.accounts().create("15550002222");
            WaClientConfig config = WaClientConfig.defaults()
                    .withTransport(TransportConfig.defaults().withUrl(simulator.url()))
                    .withVerifier(NoiseCertificateVerifier.trusting(simulator.noiseRootKeyHex()));
            MemoryStoreProvider stores = new MemoryStoreProvider();

            List<Long> toQr = new ArrayList<>();
            for (int i = 0; i < warmup + runs; i++) {
                BlockingQueue<ClientEvent> events = new LinkedBlockingQueue<>();
                try (WaClient fresh = WaClient.create(runtime, config, stores.open("fresh-" + i), events::add)) {
                    long start = System.nanoTime();
                    fresh.connect();
                    await(events, ClientEvent.Qr.class);
                    if (i >= warmup) {
                        toQr.add(System.nanoTime() - start);
                    }
                    fresh.disconnect().get(10, TimeUnit.SECONDS);
                }
            }

            AccountStore linked = stores.open("linked");
            BlockingQueue<ClientEvent> events = new LinkedBlockingQueue<>();
            try (WaClient pairing = WaClient.create(runtime, config, linked, events::add)) {
                pairing.connect();
                ClientEvent.Qr qr = await(events, ClientEvent.Qr.class);
                account.phone().scanQr(qr.code()).get(30, TimeUnit.SECONDS);
                await(events, ClientEvent.Open.class);
                pairing.disconnect().get(10, TimeUnit.SECONDS);
            }
            List<Long> toOpen = new ArrayList<>();
            for (int i = 0; i < warmup + runs; i++) {
                events.clear();
                try (WaClient client = WaClient.create(runtime, config, linked, events::add)) {
                    long start = System.nanoTime();
                    client.connect();
                    await(events, ClientEvent.Open.class);
                    if (i >= warmup) {
                        toOpen.add(System.nanoTime() - start);
                    }
                    client.disconnect().get(10, TimeUnit.SECONDS);
                }
            }
            System.out.printf("connect -> first QR (fresh device):    median %.2f ms, p90 %.2f ms (n=%d)%n",
                    percentile(toQr, 50), percentile(toQr, 90), runs);
            System.out.printf("connect -> open (stored credentials): median %.2f ms, p90 %.2f ms (n=%d)%n",
                    percentile(toOpen, 50), percentile(toOpen, 90), runs);
        }
    }

    private static double percentile(List<Long> nanos, int p) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int index = Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1);
        return sorted.get(Math.max(0, index)) / 1e6;
    }

    private static <T extends ClientEvent> T await(BlockingQueue<ClientEvent> events, Class<T> type) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            ClientEvent e = events.poll(100, TimeUnit.MILLISECONDS);
            if (type.isInstance(e)) {
                return type.cast(e);
            }
        }
        throw new IllegalStateException("no " + type.getSimpleName() + " within 30 s");
    }
}

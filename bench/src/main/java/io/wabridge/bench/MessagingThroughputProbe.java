package io.wabridge.bench;

import io.wabridge.client.ClientRuntime;
import io.wabridge.client.WaClient;
import io.wabridge.client.WaClientConfig;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.message.content.Text;
import io.wabridge.client.store.memory.MemoryStoreProvider;
import io.wabridge.simulator.WaSimulator;
import io.wabridge.simulator.account.PhoneAccount;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Messages per second between two of our clients through the in-process simulator on loopback: client A sends
 * N texts to client B (at most W in flight), timed until B has received and acknowledged all of them. Every
 * message is really encrypted, routed, decrypted, receipted and acked; the stores are in memory. Pin it to one
 * core to compare with other clients:
 * <pre>
 *   taskset -c 0 java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar \
 *       io.wabridge.bench.MessagingThroughputProbe [messages=5000] [window=64]
 * </pre>
 */
public final class MessagingThroughputProbe {
    private static final Duration WAIT = Duration.ofSeconds(30);

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        int window = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        try (WaSimulator simulator = WaSimulator.builder().authenticationDelay(Duration.ZERO).start();
             ClientRuntime runtime = ClientRuntime.create()) {
            WaClientConfig config = ProbeSupport.config(simulator.url(), simulator.noiseRootKeyHex());
            MemoryStoreProvider stores = new MemoryStoreProvider();
            AtomicInteger received = new AtomicInteger();
            CompletableFuture<Void> allReceived = new CompletableFuture<>();
            int[] target = {0};
            BlockingQueue<ClientEvent> aEvents = new LinkedBlockingQueue<>();
            BlockingQueue<ClientEvent> bEvents = new LinkedBlockingQueue<>();
            PhoneAccount alice = simulator.accounts().create("15550004444");
            PhoneAccount bob = simulator.accounts().create("15550005555");
            try (WaClient a = WaClient.create(runtime, config, stores.open("a"), aEvents::add);
                 WaClient b = WaClient.create(runtime, config, stores.open("b"), event -> {
                     if (event instanceof ClientEvent.MessageReceived && received.incrementAndGet() >= target[0]) {
                         allReceived.complete(null);
                     } else if (!(event instanceof ClientEvent.MessageReceived)) {
                         bEvents.add(event);
                     }
                 })) {
                link(a, alice, aEvents);
                link(b, bob, bEvents);

                target[0] = Math.max(1, messages / 10);
                run(a, bob, target[0], window); // warm-up: sessions, JIT
                allReceived.get(120, TimeUnit.SECONDS);

                received.set(0);
                CompletableFuture<Void> measured = new CompletableFuture<>();
                target[0] = messages;
                allReceived.obtrudeValue(null);
                long start = System.nanoTime();
                Thread watcher = Thread.ofVirtual().start(() -> {
                    while (received.get() < messages) {
                        Thread.onSpinWait();
                        try {
                            Thread.sleep(1);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    measured.complete(null);
                });
                run(a, bob, messages, window);
                measured.get(300, TimeUnit.SECONDS);
                double seconds = (System.nanoTime() - start) / 1e9;
                watcher.interrupt();
                System.out.printf("%d messages A -> B through the simulator in %.2f s: %.0f msg/s (window %d, %d cores available)%n",
                        messages, seconds, messages / seconds, window, Runtime.getRuntime().availableProcessors());
            }
        }
    }

    private static void run(WaClient sender, PhoneAccount to, int count, int window) throws Exception {
        Semaphore inFlight = new Semaphore(window);
        for (int i = 0; i < count; i++) {
            inFlight.acquire();
            sender.sendMessage(to.jid(), new Text("message " + i)).whenComplete((r, e) -> {
                inFlight.release();
                if (e != null) {
                    System.err.println("send failed: " + e);
                }
            });
        }
        inFlight.acquire(window);
        inFlight.release(window);
    }

    private static void link(WaClient client, PhoneAccount account, BlockingQueue<ClientEvent> events) throws Exception {
        client.connect();
        account.phone().scanQr(ProbeSupport.await(events, ClientEvent.Qr.class, WAIT).code()).get(30, TimeUnit.SECONDS);
        ProbeSupport.await(events, ClientEvent.Open.class, WAIT);
    }
}

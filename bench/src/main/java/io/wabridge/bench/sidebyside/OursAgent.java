package io.wabridge.bench.sidebyside;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wabridge.bench.ConnectTimingProbe;
import io.wabridge.bench.MessageCounter;
import io.wabridge.bench.ProbeSupport;
import io.wabridge.client.ClientRuntime;
import io.wabridge.client.WaClient;
import io.wabridge.client.WaClientConfig;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.message.content.Text;
import io.wabridge.client.store.memory.MemoryStoreProvider;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Our client as the side-by-side benchmark's client under test, in its own JVM; {@code side-by-side.mjs} in
 * {@code conformance/harness} is the same agent for Baileys, and both speak the protocol described in
 * {@link SideBySideBenchmark}: events as JSON lines on stdout, commands as JSON lines on stdin. Stores are in
 * memory, as Baileys' auth state is in its agent.
 * <pre>
 *   OursAgent messaging URL ROOT_HEX               one session; then commands send, expect, send-burst, end
 *   OursAgent heap URL ROOT_HEX SESSIONS STEP      SESSIONS sessions linked STEP at a time, heap after each step
 *   OursAgent connect URL ROOT_HEX RUNS WARMUP     connect -> QR, link once, reconnect -> open
 *   OursAgent fleet URL ROOT_HEX SESSIONS          SESSIONS sessions as a worker holds them ({@link FleetAgent})
 * </pre>
 */
public final class OursAgent {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** CPU time of the whole process (every thread: JIT, GC, Netty), as node's process.cpuUsage() counts it. */
    private static final com.sun.management.OperatingSystemMXBean CPU =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private OursAgent() {}

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        WaClientConfig config = ProbeSupport.config(URI.create(args[1]), args[2]);
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (ClientRuntime runtime = ClientRuntime.create()) {
            switch (mode) {
                case "messaging" -> messaging(runtime, config, stdin);
                case "heap" -> heap(runtime, config, stdin, Integer.parseInt(args[3]), Integer.parseInt(args[4]));
                case "connect" -> connect(runtime, config, Integer.parseInt(args[3]), Integer.parseInt(args[4]));
                case "fleet" -> FleetAgent.run(runtime, config, stdin, Integer.parseInt(args[3]));
                default -> throw new IllegalArgumentException("mode is messaging, heap, connect or fleet, got " + mode);
            }
        } catch (Exception e) {
            emit(JSON.createObjectNode().put("event", "error").put("message", e.toString()));
            throw e;
        }
        System.exit(0);
    }

    private static void messaging(ClientRuntime runtime, WaClientConfig config, BufferedReader stdin) throws Exception {
        MessageCounter counter = new MessageCounter();
        try (WaClient client = WaClient.create(runtime, config, new MemoryStoreProvider().open("s0"), event -> {
            if (event instanceof ClientEvent.DecryptFailed failed) {
                emit(event("error").put("message", "a message did not decrypt: " + failed));
            }
            counter.onEvent(event);
        })) {
            client.connect();
            emit(event("qr").put("session", 0).put("qr", counter.await(ClientEvent.Qr.class).code()));
            emit(event("open").put("session", 0).put("me", counter.await(ClientEvent.Open.class).me()));
            String line;
            while ((line = stdin.readLine()) != null) {
                JsonNode command = JSON.readTree(line);
                switch (command.path("command").asText()) {
                    case "send" -> {
                        var result = client.sendMessage(Jid.parse(command.get("to").asText()),
                                new Text(command.get("text").asText())).get(30, TimeUnit.SECONDS);
                        emit(event("sent-one").put("id", result.messageId()));
                    }
                    case "expect" -> {
                        int count = command.get("count").asInt();
                        counter.expect(count);
                        long cpuBefore = CPU.getProcessCpuTime();
                        emit(event("expecting").put("count", count));
                        counter.allReceived().whenComplete((v, e) -> emit(event("received").put("count", count)
                                .put("firstNanos", counter.firstReceivedAt()).put("lastNanos", counter.lastReceivedAt())
                                .put("cpuNanos", CPU.getProcessCpuTime() - cpuBefore)));
                    }
                    case "send-burst" -> sendBurst(client, Jid.parse(command.get("to").asText()),
                            command.get("count").asInt());
                    case "end" -> {
                        client.disconnect().get(10, TimeUnit.SECONDS);
                        return;
                    }
                    default -> emit(event("error").put("message", "unknown command " + line));
                }
            }
        }
    }

    /** {@code count} texts sent at once, timed until the server acked the last one. */
    private static void sendBurst(WaClient client, Jid to, int count) throws Exception {
        AtomicInteger failed = new AtomicInteger();
        AtomicLong lastAck = new AtomicLong();
        List<CompletableFuture<?>> sends = new ArrayList<>(count);
        long cpuBefore = CPU.getProcessCpuTime();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            sends.add(client.sendMessage(to, new Text("outbound message " + i)).whenComplete((r, e) -> {
                lastAck.accumulateAndGet(System.nanoTime(), Math::max);
                if (e != null) {
                    failed.incrementAndGet();
                }
            }));
        }
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(300, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException someFailed) {
            // counted
        }
        long cpu = CPU.getProcessCpuTime() - cpuBefore;
        emit(event("sent").put("count", count).put("failed", failed.get()).put("startNanos", start)
                .put("endNanos", lastAck.get()).put("cpuNanos", cpu));
    }

    /** Links sessions {@code step} at a time; after each step, the used heap after full GCs. */
    private static void heap(ClientRuntime runtime, WaClientConfig config, BufferedReader stdin, int sessions,
                             int step) throws Exception {
        MemoryStoreProvider stores = new MemoryStoreProvider();
        List<WaClient> clients = new ArrayList<>();
        try {
            emit(event("heap").put("sessions", 0).put("bytes", ProbeSupport.usedHeapAfterGc()));
            while (clients.size() < sessions) {
                List<BlockingQueue<ClientEvent>> batch = new ArrayList<>();
                for (int i = 0; i < step && clients.size() < sessions; i++) {
                    BlockingQueue<ClientEvent> events = new LinkedBlockingQueue<>();
                    WaClient client = WaClient.create(runtime, config, stores.open("s" + clients.size()), events::add);
                    clients.add(client);
                    batch.add(events);
                    client.connect();
                }
                int first = clients.size() - batch.size();
                for (int i = 0; i < batch.size(); i++) {
                    emit(event("qr").put("session", first + i)
                            .put("qr", ProbeSupport.await(batch.get(i), ClientEvent.Qr.class, WAIT).code()));
                }
                for (int i = 0; i < batch.size(); i++) {
                    emit(event("open").put("session", first + i)
                            .put("me", ProbeSupport.await(batch.get(i), ClientEvent.Open.class, WAIT).me()));
                }
                // Let the post-login work (prekey upload, first keepalive) finish before measuring.
                Thread.sleep(500);
                emit(event("heap").put("sessions", clients.size()).put("bytes", ProbeSupport.usedHeapAfterGc()));
            }
            emit(event("done").put("kept", clients.size()));
            stdin.readLine(); // "end" or EOF
        } finally {
            for (WaClient client : clients) {
                client.close();
            }
        }
    }

    private static void connect(ClientRuntime runtime, WaClientConfig config, int runs,
                                int warmup) throws Exception {
        MemoryStoreProvider stores = new MemoryStoreProvider();
        List<Long> toQr = ConnectTimingProbe.timeToQr(runtime, config, stores, warmup, runs);
        var linked = stores.open("linked");
        // The benchmark scans the QR code through the simulator's control API; pair() then waits for Open.
        ConnectTimingProbe.pair(runtime, config, linked, qr -> emit(event("qr").put("session", 0).put("qr", qr)));
        List<Long> toOpen = ConnectTimingProbe.timeToOpen(runtime, config, linked, warmup, runs);
        ObjectNode timings = event("timings");
        ArrayNode qr = timings.putArray("qrNanos");
        toQr.forEach(qr::add);
        ArrayNode open = timings.putArray("openNanos");
        toOpen.forEach(open::add);
        emit(timings);
    }

    static ObjectNode event(String name) {
        return JSON.createObjectNode().put("event", name);
    }

    static synchronized void emit(ObjectNode event) {
        System.out.println(event);
        System.out.flush();
    }
}

package io.wabridge.bench.sidebyside;

import com.fasterxml.jackson.databind.JsonNode;
import io.wabridge.bench.MessageCounter;
import io.wabridge.client.ClientRuntime;
import io.wabridge.client.WaClient;
import io.wabridge.client.WaClientConfig;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.message.content.Text;
import io.wabridge.client.store.memory.MemoryStoreProvider;
import java.io.BufferedReader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code OursAgent fleet URL ROOT_HEX SESSIONS}: our client alone as a bridge worker would hold it, SESSIONS
 * {@link WaClient}s in one JVM on one {@link ClientRuntime}, each on its own memory store, driven by
 * {@code BridgeLoadHarness --client-alone fleet} on the same workload shape as the worker. Commands (JSON lines):
 * <ul>
 *   <li>{@code {"command":"pair","from":F,"to":T}}: sessions F..T-1 connect; every QR code of a session not yet open
 *   is reported as {@code qr {session, qr}} (the harness has the account's phone scan it), then {@code open
 *   {session}};</li>
 *   <li>{@code {"command":"send","tag":T,"messages":M,"to":[one JID per session]}}: every session sends M texts
 *   {@code T + (session * M + m)} to its JID at once (m outer, session inner: the order the harness produces the
 *   bridge's commands in); {@code sent {count, failed, endNanos}} when the server acked the last;</li>
 *   <li>{@code {"command":"expect","count":M}}: {@code expecting}, then {@code received {count, lastNanos}} once every
 *   session received M messages;</li>
 *   <li>{@code {"command":"end"}} (or end of input): every client closed.</li>
 * </ul>
 */
final class FleetAgent {
    private final ClientRuntime runtime;
    private final WaClientConfig config;
    private final MemoryStoreProvider stores = new MemoryStoreProvider();
    private final WaClient[] clients;
    private final MessageCounter[] counters;

    private FleetAgent(ClientRuntime runtime, WaClientConfig config, int sessions) {
        this.runtime = runtime;
        this.config = config;
        this.clients = new WaClient[sessions];
        this.counters = new MessageCounter[sessions];
    }

    static void run(ClientRuntime runtime, WaClientConfig config, BufferedReader stdin, int sessions) throws Exception {
        FleetAgent fleet = new FleetAgent(runtime, config, sessions);
        try {
            for (String line; (line = stdin.readLine()) != null; ) {
                JsonNode command = OursAgent.JSON.readTree(line);
                switch (command.path("command").asText()) {
                    case "pair" -> fleet.pair(command.get("from").asInt(), command.get("to").asInt());
                    case "send" -> fleet.send(command.get("tag").asText(), command.get("messages").asInt(),
                            command.get("to"));
                    case "expect" -> fleet.expect(command.get("count").asInt());
                    case "end" -> {
                        return;
                    }
                    default -> OursAgent.emit(OursAgent.event("error").put("message", "unknown command " + line));
                }
            }
        } finally {
            fleet.close();
        }
    }

    private void pair(int from, int to) {
        for (int i = from; i < to; i++) {
            int session = i;
            MessageCounter counter = new MessageCounter();
            counters[i] = counter;
            WaClient client = WaClient.create(runtime, config, stores.open("s" + i), event -> {
                switch (event) {
                    case ClientEvent.MessageReceived received -> counter.onEvent(received);
                    case ClientEvent.Qr qr -> OursAgent.emit(OursAgent.event("qr").put("session", session)
                            .put("qr", qr.code()));
                    case ClientEvent.Open open -> OursAgent.emit(OursAgent.event("open").put("session", session));
                    case ClientEvent.DecryptFailed failed -> OursAgent.emit(OursAgent.event("error")
                            .put("message", "session " + session + ": a message did not decrypt: " + failed));
                    default -> { }
                }
            });
            clients[i] = client;
            client.connect();
        }
    }

    private void send(String tag, int messages, JsonNode to) {
        Jid[] contacts = new Jid[clients.length];
        for (int s = 0; s < clients.length; s++) {
            contacts[s] = Jid.parse(to.get(s).asText());
        }
        int total = clients.length * messages;
        AtomicInteger done = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicLong lastAck = new AtomicLong();
        for (int m = 0; m < messages; m++) {
            for (int s = 0; s < clients.length; s++) {
                clients[s].sendMessage(contacts[s], new Text(tag + (s * messages + m))).whenComplete((r, e) -> {
                    lastAck.accumulateAndGet(System.nanoTime(), Math::max);
                    if (e != null && failed.incrementAndGet() <= 5) {
                        System.err.println("send failed: " + e);
                    }
                    if (done.incrementAndGet() == total) {
                        OursAgent.emit(OursAgent.event("sent").put("count", total).put("failed", failed.get())
                                .put("endNanos", lastAck.get()));
                    }
                });
            }
        }
    }

    private void expect(int count) {
        CompletableFuture<?>[] all = new CompletableFuture<?>[counters.length];
        for (int s = 0; s < counters.length; s++) {
            counters[s].expect(count);
            all[s] = counters[s].allReceived();
        }
        OursAgent.emit(OursAgent.event("expecting").put("count", count));
        CompletableFuture.allOf(all).whenComplete((v, e) -> {
            long last = 0;
            for (MessageCounter counter : counters) {
                last = Math.max(last, counter.lastReceivedAt());
            }
            OursAgent.emit(OursAgent.event("received").put("count", count * counters.length).put("lastNanos", last));
        });
    }

    /** Every session disconnects at once (at most 20 s for all), then every client is closed. */
    private void close() {
        java.util.List<CompletableFuture<Void>> disconnects = new java.util.ArrayList<>();
        for (WaClient client : clients) {
            if (client != null) {
                disconnects.add(client.disconnect());
            }
        }
        try {
            CompletableFuture.allOf(disconnects.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing anyway
        }
        for (WaClient client : clients) {
            if (client != null) {
                client.close();
            }
        }
    }
}

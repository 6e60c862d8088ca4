package io.wabridge.bench.sidebyside;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wabridge.bench.GroupMessagingProbe;
import io.wabridge.bench.ProbeSupport;
import io.wabridge.client.ClientRuntime;
import io.wabridge.client.WaClient;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.message.content.Text;
import io.wabridge.client.store.memory.MemoryStoreProvider;
import io.wabridge.simulator.WaSimulator;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.contact.SimulatedContact;
import io.wabridge.simulator.group.SimGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Group messaging, our client and Baileys 7 side by side, in one command (issue 12's benchmark):
 * <pre>
 *   ./mvnw -B -pl bench -am package -DskipTests; (cd conformance && npm ci --ignore-scripts --no-audit --no-fund)
 *   java --enable-native-access=ALL-UNNAMED -Xmx2g -cp bench/target/benchmarks.jar \
 *       io.wabridge.bench.sidebyside.GroupSideBySide [members=256] [messages=300] [burst=500] [clients=ours,baileys]
 * </pre>
 * run from the repository root. One in-process simulator; {@code members} accounts with two devices each (the phone,
 * which acks without decrypting, and a linked companion that stays offline: {@link GroupMessagingProbe}'s group), and
 * per client a group of those members plus the client's own account. Per client, receiving first (a send to the big
 * group leaves 512 devices' receipts queued behind it): <b>receive</b>, a contact's burst of {@code burst}
 * pre-encrypted skmsgs in a two-member group, from the routing of the first to the client's last message event (after
 * a warm-up burst of a tenth), three rounds; then the <b>first send</b> (metadata,
 * usync, a prekey bundle per device, the sender key pairwise to every device, the skmsg) to the server's ack, in ms;
 * a warm-up of {@code messages / 10}; then <b>steady state</b>, {@code messages} sends with the key distributed, to the
 * server's last ack, in msg/s (ours with 32 in flight, Baileys all at once as {@code side-by-side.mjs send-burst} does). Our client runs
 * in this JVM (next to the simulator); Baileys in node ({@code conformance/harness/side-by-side.mjs messaging}), whose
 * monotonic clock Java's {@code System.nanoTime()} reads too. The load average is printed at the start and the end:
 * on a shared machine the figures are upper bounds.
 */
public final class GroupSideBySide {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WINDOW = 32;

    public static void main(String[] args) throws Exception {
        int members = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        int messages = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int burst = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        List<String> clients = List.of((args.length > 3 ? args[3] : "ours,baileys").split(","));
        Path conformance = Path.of(System.getProperty("conformance.dir", "conformance")).toAbsolutePath();
        if (clients.contains("baileys") && !Files.isRegularFile(conformance.resolve("node_modules/.package-lock.json"))) {
            throw new IllegalArgumentException("Baileys is not installed in " + conformance
                    + ": run `(cd conformance && npm ci --ignore-scripts --no-audit --no-fund)` from the repository root");
        }
        System.out.println("load average at start: " + ProbeSupport.loadAverage());
        try (WaSimulator simulator = WaSimulator.builder().authenticationDelay(Duration.ZERO).start();
             ClientRuntime runtime = ClientRuntime.create()) {
            List<PhoneAccount> others = new ArrayList<>(members);
            for (int i = 0; i < members; i++) {
                PhoneAccount a = simulator.accounts().create(String.format("1555200%04d", i));
                simulator.accounts().messaging().contact(a).decrypting(false);
                GroupMessagingProbe.linkCompanion(a);
                others.add(a);
            }
            int n = 0;
            for (String client : clients) {
                n++;
                PhoneAccount me = simulator.accounts().create("155500000" + (10 + n));
                SimulatedContact alice = simulator.accounts().messaging().contact(
                        simulator.accounts().create("155500001" + (10 + n)));
                Measured m;
                try {
                    m = switch (client.trim()) {
                        case "ours" -> ours(simulator, runtime, me, others, alice, messages, burst);
                        case "baileys" -> baileys(simulator, conformance, me, others, alice, messages, burst);
                        default -> throw new IllegalArgumentException("clients: ours, baileys; got " + client);
                    };
                } catch (IllegalStateException | java.util.concurrent.ExecutionException e) {
                    // one client's failure (e.g. Baileys' connection lost on a loaded machine) leaves the others' rows
                    System.out.printf("%-8s failed: %s%n", client.trim(), e.getMessage().lines().findFirst().orElse(""));
                    continue;
                }
                System.out.printf("%-8s group of %d members x 2 devices: first send %.0f ms; steady %d sends %.0f msg/s"
                                + " (%.0f us/message); receive %s msg/s%n", client.trim(), members, m.firstMs, messages,
                        m.sendRate, 1e6 / m.sendRate, m.receiveRates);
            }
        }
        System.out.println("load average at end: " + ProbeSupport.loadAverage());
    }

    private record Measured(double firstMs, double sendRate, List<Long> receiveRates) {}

    private static Measured ours(WaSimulator simulator, ClientRuntime runtime, PhoneAccount me, List<PhoneAccount> others,
                                 SimulatedContact alice, int messages, int burst) throws Exception {
        BlockingQueue<ClientEvent> events = new LinkedBlockingQueue<>();
        AtomicInteger received = new AtomicInteger();
        try (WaClient client = WaClient.create(runtime, ProbeSupport.config(simulator.url(), simulator.noiseRootKeyHex()),
                new MemoryStoreProvider().open("me-" + me.phoneNumber()), event -> {
                    if (event instanceof ClientEvent.MessageReceived) {
                        received.incrementAndGet();
                    } else {
                        events.add(event);
                    }
                })) {
            client.connect();
            me.phone().scanQr(ProbeSupport.await(events, ClientEvent.Qr.class, WAIT).code()).get(60, TimeUnit.SECONDS);
            ProbeSupport.await(events, ClientEvent.Open.class, WAIT);
            simulator.accounts().messaging().contact(me).decrypting(false);
            // receive first: the big group's sends leave the members' receipts behind them
            SimGroup pair = simulator.accounts().groups().create("pair ours", alice.account(), List.of(me), false);
            GroupMessagingProbe.receive(alice, pair, received, Math.max(100, burst / 10));
            List<Long> rates = new ArrayList<>();
            for (int round = 1; round <= 3; round++) {
                rates.add(Math.round(GroupMessagingProbe.receive(alice, pair, received, burst)));
            }
            SimGroup big = simulator.accounts().groups().create("bench ours", me, others, false);
            long t0 = System.nanoTime();
            client.sendMessage(big.jid(), new Text("first")).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            double firstMs = (System.nanoTime() - t0) / 1e6;
            GroupMessagingProbe.send(client, big, Math.max(10, messages / 10), WINDOW);
            long t1 = System.nanoTime();
            GroupMessagingProbe.send(client, big, messages, WINDOW);
            double rate = messages / ((System.nanoTime() - t1) / 1e9);
            return new Measured(firstMs, rate, rates);
        }
    }

    private static Measured baileys(WaSimulator simulator, Path conformance, PhoneAccount me, List<PhoneAccount> others,
                                    SimulatedContact alice, int messages, int burst) throws Exception {
        try (AgentProcess agent = AgentProcess.start("baileys group", conformance, List.of("node",
                "harness/side-by-side.mjs", "messaging", "--url", simulator.url().toString(), "--auth", "memory"))) {
            me.phone().scanQr(agent.await("qr", WAIT).get("qr").asText()).get(60, TimeUnit.SECONDS);
            agent.await("open", WAIT);
            simulator.accounts().messaging().contact(me).decrypting(false);
            SimGroup pair = simulator.accounts().groups().create("pair baileys", alice.account(), List.of(me), false);
            receive(agent, alice, pair, Math.max(100, burst / 10));
            List<Long> rates = new ArrayList<>();
            for (int round = 1; round <= 3; round++) {
                rates.add(Math.round(receive(agent, alice, pair, burst)));
            }
            SimGroup big = simulator.accounts().groups().create("bench baileys", me, others, false);
            double firstMs = sendBurst(agent, big, 1) / 1e6;
            sendBurst(agent, big, Math.max(10, messages / 10));
            double rate = messages / (sendBurst(agent, big, messages) / 1e9);
            agent.command(JSON.createObjectNode().put("command", "end"));
            return new Measured(firstMs, rate, rates);
        }
    }

    /** Baileys sends {@code count} texts to the group at once; nanoseconds until the server acked the last. */
    private static long sendBurst(AgentProcess agent, SimGroup group, int count) throws Exception {
        agent.command(JSON.createObjectNode().put("command", "send-burst").put("to", group.jid().toString())
                .put("count", count));
        JsonNode sent = agent.await("sent", WAIT);
        if (sent.path("failed").asInt() != 0) {
            throw agent.failure(sent.path("failed").asInt() + " of " + count + " group sends failed");
        }
        return sent.path("endNanos").asLong() - sent.path("startNanos").asLong();
    }

    /** A contact's burst of skmsgs to Baileys: msg/s from the first routing to Baileys' last message event. */
    private static double receive(AgentProcess agent, SimulatedContact from, SimGroup group, int count) throws Exception {
        agent.command(JSON.createObjectNode().put("command", "expect").put("count", count));
        agent.await("expecting", WAIT);
        List<Text> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            texts.add(new Text("burst " + i));
        }
        long start = from.sendGroupBurst(group, texts).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        JsonNode done = agent.await("received", WAIT);
        return count / ((done.path("lastNanos").asLong() - start) / 1e9);
    }

    private GroupSideBySide() {
    }
}

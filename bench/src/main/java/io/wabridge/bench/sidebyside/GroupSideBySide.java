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
 * on a shared machine the figures are upper bounds. Every figure is of messages the members decrypted: all the
 * phones decrypt the first send (it must arrive as an skmsg: the sender key came in that stanza) and eight witness
 * phones every later one; a shortfall fails the client's row and the run (exit status 1). Our client's CPU time per
 * steady send (its session pool, transport and scheduler threads; the simulator shares the JVM) is printed with it.
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
            List<SimulatedContact> phones = new ArrayList<>(members);
            for (int i = 0; i < members; i++) {
                PhoneAccount a = simulator.accounts().create(String.format("1555200%04d", i));
                phones.add(simulator.accounts().messaging().contact(a));
                GroupMessagingProbe.linkCompanion(a);
                others.add(a);
            }
            Decrypted decrypted = new Decrypted(phones);
            int n = 0;
            failed = 0;
            for (String client : clients) {
                n++;
                PhoneAccount me = simulator.accounts().create("155500000" + (10 + n));
                SimulatedContact alice = simulator.accounts().messaging().contact(
                        simulator.accounts().create("155500001" + (10 + n)));
                Measured m;
                try {
                    m = switch (client.trim()) {
                        case "ours" -> ours(simulator, runtime, me, others, decrypted, alice, messages, burst);
                        case "baileys" -> baileys(simulator, conformance, me, others, decrypted, alice, messages, burst);
                        default -> throw new IllegalArgumentException("clients: ours, baileys; got " + client);
                    };
                } catch (IllegalStateException | java.util.concurrent.ExecutionException e) {
                    // one client's failure (e.g. Baileys' connection lost on a loaded machine) leaves the others' rows
                    System.out.printf("%-8s failed: %s%n", client.trim(), e.getMessage().lines().findFirst().orElse(""));
                    failed++;
                    continue;
                }
                System.out.printf("%-8s group of %d members x 2 devices: first send %.0f ms; steady %d sends %.0f msg/s"
                                + " (%.0f us/message%s); receive %s msg/s; decrypted: the first send by all %d phones,"
                                + " the %d later sends by %d witnesses%n", client.trim(), members, m.firstMs, messages,
                        m.sendRate, 1e6 / m.sendRate, m.cpuMicrosPerSend < 0 ? ""
                                : String.format(", client CPU %.0f us/message", m.cpuMicrosPerSend), m.receiveRates,
                        members, messages + warmUp(messages), decrypted.witnesses.size());
            }
        }
        System.out.println("load average at end: " + ProbeSupport.loadAverage());
        if (failed > 0) {
            System.exit(1); // a shortfall of decrypted messages (or a client's failure) is not a figure
        }
    }

    private static int failed;

    private record Measured(double firstMs, double sendRate, double cpuMicrosPerSend, List<Long> receiveRates) {}

    private static int warmUp(int messages) {
        return Math.max(10, messages / 10);
    }

    /**
     * What the group's members decrypted, so a run cannot report sends nobody could read: every member's phone
     * decrypts the first send (which must arrive as an skmsg, i.e. with our sender key distributed in that very
     * stanza, not through a retry), then {@link #WITNESSES} phones spread over the group keep decrypting every later
     * send while the others only ack (their decryption, in this JVM, would weigh on the measured client). A shortfall
     * fails the client's row and the run.
     */
    private static final class Decrypted {
        static final int WITNESSES = 8;
        final List<SimulatedContact> phones;
        final List<SimulatedContact> witnesses = new ArrayList<>();

        Decrypted(List<SimulatedContact> phones) {
            this.phones = phones;
            int step = Math.max(1, phones.size() / WITNESSES);
            for (int i = phones.size() - 1; i >= 0 && witnesses.size() < WITNESSES; i -= step) {
                witnesses.add(phones.get(i));
            }
        }

        /** Every phone decrypts from now on; what they hold from an earlier client is dropped. */
        void allDecrypting() throws InterruptedException {
            for (SimulatedContact phone : phones) {
                phone.decrypting(true);
                while (phone.awaitMessage(Duration.ZERO) != null) {
                    // drained
                }
            }
        }

        /** Only the witnesses decrypt from now on. */
        void witnessesOnly() {
            for (SimulatedContact phone : phones) {
                phone.decrypting(witnesses.contains(phone));
            }
        }

        void checkFirst(SimGroup group) throws InterruptedException {
            for (SimulatedContact phone : phones) {
                io.wabridge.simulator.contact.ContactMessage m = next(phone, group);
                if (m == null) {
                    throw new IllegalStateException(phone.account().phoneNumber() + " did not decrypt the first send");
                }
                if (!"skmsg".equals(m.cipherType())) {
                    throw new IllegalStateException(phone.account().phoneNumber() + " read the first send only through"
                            + " a " + m.cipherType() + " resend: the sender key was not distributed in the first send");
                }
            }
        }

        void checkWitnesses(SimGroup group, int count) throws InterruptedException {
            for (SimulatedContact witness : witnesses) {
                for (int i = 0; i < count; i++) {
                    if (next(witness, group) == null) {
                        throw new IllegalStateException(witness.account().phoneNumber() + " decrypted " + i + " of the "
                                + count + " later sends");
                    }
                }
            }
        }

        private static io.wabridge.simulator.contact.ContactMessage next(SimulatedContact phone, SimGroup group)
                throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                io.wabridge.simulator.contact.ContactMessage m = phone.awaitMessage(Duration.ofMillis(200));
                if (m != null && m.chat().equals(group.jid())) {
                    return m;
                }
            }
            return null;
        }
    }

    /** CPU time of our client's threads (session pool, transport, scheduler), not the simulator's in this JVM. */
    private static long clientCpuNanos() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long total = 0;
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && (info.getThreadName().startsWith("wa-session-")
                    || info.getThreadName().startsWith("wa-transport") || info.getThreadName().startsWith("wa-scheduler-"))) {
                long cpu = threads.getThreadCpuTime(info.getThreadId());
                total += Math.max(0, cpu);
            }
        }
        return total;
    }

    private static Measured ours(WaSimulator simulator, ClientRuntime runtime, PhoneAccount me, List<PhoneAccount> others,
                                 Decrypted decrypted, SimulatedContact alice, int messages, int burst) throws Exception {
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
            decrypted.allDecrypting();
            long t0 = System.nanoTime();
            client.sendMessage(big.jid(), new Text("first")).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            double firstMs = (System.nanoTime() - t0) / 1e6;
            decrypted.checkFirst(big);
            decrypted.witnessesOnly();
            GroupMessagingProbe.send(client, big, warmUp(messages), WINDOW);
            long cpu0 = clientCpuNanos();
            long t1 = System.nanoTime();
            GroupMessagingProbe.send(client, big, messages, WINDOW);
            double rate = messages / ((System.nanoTime() - t1) / 1e9);
            double cpuPerSend = (clientCpuNanos() - cpu0) / 1e3 / messages;
            decrypted.checkWitnesses(big, warmUp(messages) + messages);
            return new Measured(firstMs, rate, cpuPerSend, rates);
        }
    }

    private static Measured baileys(WaSimulator simulator, Path conformance, PhoneAccount me, List<PhoneAccount> others,
                                    Decrypted decrypted, SimulatedContact alice, int messages, int burst) throws Exception {
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
            decrypted.allDecrypting();
            double firstMs = sendBurst(agent, big, 1) / 1e6;
            decrypted.checkFirst(big);
            decrypted.witnessesOnly();
            sendBurst(agent, big, warmUp(messages));
            double rate = messages / (sendBurst(agent, big, messages) / 1e9);
            decrypted.checkWitnesses(big, warmUp(messages) + messages);
            agent.command(JSON.createObjectNode().put("command", "end"));
            return new Measured(firstMs, rate, -1, rates);
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

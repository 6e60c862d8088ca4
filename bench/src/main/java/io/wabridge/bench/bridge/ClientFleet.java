package io.wabridge.bench.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wabridge.bench.sidebyside.AgentProcess;
import io.wabridge.bench.sidebyside.OursAgent;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Our client alone on the bridge harness's workload: N sessions of the client library in a child JVM ({@code OursAgent
 * fleet}, each on its own memory store, one runtime) against the testbed's simulator: after the worker, on the same
 * accounts the worker used (its companion devices unlinked first, see {@link BridgeTestbed#unlinkCompanions}), so the
 * same contacts decrypt and answer with delivery receipts; or beside the worker, on accounts and contacts of its own
 * ({@link BridgeTestbed#shifted}). The child's CPU is measured by pid, as the worker's.
 */
public final class ClientFleet implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AgentProcess agent;
    private final BridgeTestbed bed;
    private final int sessions;
    private final Set<Integer> scanning = ConcurrentHashMap.newKeySet();
    private final Set<Integer> open = ConcurrentHashMap.newKeySet();
    private volatile CountDownLatch opening = new CountDownLatch(0);
    private volatile CompletableFuture<Void> expecting = new CompletableFuture<>();
    private volatile Consumer<JsonNode> onSent = e -> { };
    private volatile Consumer<JsonNode> onReceived = e -> { };
    private volatile RuntimeException failure;

    private ClientFleet(AgentProcess agent, BridgeTestbed bed, int sessions) {
        this.agent = agent;
        this.bed = bed;
        this.sessions = sessions;
        Thread.ofPlatform().daemon().name("client-fleet-events").start(this::readEvents);
    }

    /**
     * Starts the child JVM with {@code jvmOptions} (the worker's measured options, so both run with the same GC,
     * compiler and heap), connected to the testbed's simulator; no session yet.
     */
    public static ClientFleet start(BridgeTestbed bed, int sessions, List<String> jvmOptions) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("--enable-native-access=ALL-UNNAMED");
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), OursAgent.class.getName(), "fleet",
                bed.simulatorUrl().toString(), bed.noiseRootKeyHex(), Integer.toString(sessions)));
        return new ClientFleet(AgentProcess.start("client fleet", Path.of("."), command), bed, sessions);
    }

    public long pid() {
        return agent.pid();
    }

    /**
     * Pairs every session, {@code batch} at a time: each session's account phone scans its QR code (the next one if
     * a scan fails), until the session reports open.
     */
    public void pair(int batch, Duration perBatch) throws IOException, InterruptedException {
        for (int from = 0; from < sessions; from += batch) {
            int to = Math.min(sessions, from + batch);
            opening = new CountDownLatch(to - from);
            agent.command(command("pair").put("from", from).put("to", to));
            long deadline = System.nanoTime() + perBatch.toNanos();
            while (!opening.await(200, TimeUnit.MILLISECONDS)) {
                check();
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("client fleet: sessions " + from + ".." + (to - 1)
                            + " not open within " + perBatch + " (" + opening.getCount() + " left)");
                }
            }
        }
    }

    /**
     * Every session sends {@code messages} texts {@code tag + (session * messages + m)} to its contact at once;
     * {@code produced} gets the time of the command for each. {@code sent} gets the child's report once the server
     * acked the last ({@code count}, {@code failed}, {@code endNanos}: the monotonic clock the machine shares).
     */
    public void send(String tag, int messages, long[] produced, Consumer<JsonNode> sent) throws IOException {
        ObjectNode command = command("send").put("tag", tag).put("messages", messages);
        var to = command.putArray("to");
        for (int s = 0; s < sessions; s++) {
            to.add(bed.contact(s).account().jid().toString());
        }
        onSent = sent;
        java.util.Arrays.fill(produced, System.nanoTime());
        agent.command(command);
    }

    /**
     * Has every session count the next {@code count} messages it receives; returns once the child counts, and
     * {@code received} gets its report ({@code count}, {@code lastNanos}) once every session received them.
     */
    public void expect(int count, Consumer<JsonNode> received) throws IOException, InterruptedException {
        onReceived = received;
        expecting = new CompletableFuture<>();
        agent.command(command("expect").put("count", count));
        try {
            expecting.get(2, TimeUnit.MINUTES);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            check();
            throw new IllegalStateException("client fleet: no answer to expect", e);
        }
    }

    /** Throws what the child reported (an error event, its exit). */
    public void check() {
        RuntimeException failed = failure;
        if (failed != null) {
            throw failed;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (failure == null) {
                agent.command(command("end"));
            }
        } finally {
            agent.close(); // also when the child is gone already (a broken pipe): destroyed and waited for
        }
    }

    private ObjectNode command(String name) {
        return JSON.createObjectNode().put("command", name);
    }

    private void readEvents() {
        try {
            while (true) {
                JsonNode event = agent.poll(Duration.ofSeconds(1));
                if (event == null) {
                    continue;
                }
                switch (event.path("event").asText()) {
                    case "qr" -> scan(event.get("session").asInt(), event.get("qr").asText());
                    case "open" -> {
                        if (open.add(event.get("session").asInt())) {
                            opening.countDown();
                        }
                    }
                    case "expecting" -> expecting.complete(null);
                    case "sent" -> onSent.accept(event);
                    case "received" -> onReceived.accept(event);
                    default -> { }
                }
            }
        } catch (RuntimeException e) {
            failure = e;
            expecting.completeExceptionally(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Scans on the simulator's threads; a failed scan (expired code) waits for the session's next code. */
    private void scan(int session, String qr) {
        if (open.contains(session) || !scanning.add(session)) {
            return;
        }
        bed.account(session).phone().scanQr(qr).whenComplete((device, e) -> {
            if (e != null) {
                System.err.println("client fleet session " + session + ": scan failed, waiting for the next code: " + e);
                scanning.remove(session);
            }
        });
    }
}

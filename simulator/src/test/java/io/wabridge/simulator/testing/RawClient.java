package io.wabridge.simulator.testing;

import io.wabridge.client.binary.Node;
import io.wabridge.client.connection.WaConnection;
import io.wabridge.client.crypto.X25519KeyPair;
import io.wabridge.client.noise.NoiseCertificateVerifier;
import io.wabridge.client.session.SerialExecutor;
import io.wabridge.client.stanza.ExecutorScheduler;
import io.wabridge.client.transport.NoiseSocketConnector;
import io.wabridge.client.transport.TransportConfig;
import io.wabridge.simulator.WaSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A bare protocol client for server tests: our transport, Noise and codec, no client logic. Every stanza the
 * server sends that is not a response to {@link #call} lands in {@link #next}; the test answers by hand.
 */
public final class RawClient implements AutoCloseable {
    public static final Duration WAIT = Duration.ofSeconds(10);
    private static final NoiseSocketConnector CONNECTOR = new NoiseSocketConnector();
    private static final ExecutorService POOL = Executors.newVirtualThreadPerTaskExecutor();
    private static final ExecutorScheduler SCHEDULER = new ExecutorScheduler(1);

    private final WaConnection connection;
    private final SerialExecutor session;
    private final BlockingQueue<Node> inbound;
    private final CompletableFuture<String> closed;

    private RawClient(WaConnection connection, SerialExecutor session, BlockingQueue<Node> inbound,
                      CompletableFuture<String> closed) {
        this.connection = connection;
        this.session = session;
        this.inbound = inbound;
        this.closed = closed;
    }

    /** Connects with this Noise key and ClientPayload, speaking dictionary {@code dictionaryVersion}. */
    public static RawClient connect(WaSimulator simulator, X25519KeyPair noiseKey, byte[] clientPayload,
                                    int dictionaryVersion) throws Exception {
        SerialExecutor session = new SerialExecutor(POOL, "raw-client");
        BlockingQueue<Node> inbound = new LinkedBlockingQueue<>();
        CompletableFuture<String> closed = new CompletableFuture<>();
        TransportConfig config = TransportConfig.defaults().withUrl(simulator.url()).withDictionaryVersion(dictionaryVersion);
        CompletableFuture<WaConnection> opening = new CompletableFuture<>();
        WaConnection.open(CONNECTOR, config, noiseKey, NoiseCertificateVerifier.trusting(simulator.noiseRootKeyHex()),
                server -> clientPayload, SCHEDULER, session, (c, reason, cause) -> closed.complete(reason))
                .whenComplete((connection, failure) -> {
                    // Runs on the session executor before any stanza is dispatched.
                    if (failure != null) {
                        opening.completeExceptionally(failure);
                    } else {
                        connection.router().onUnhandled(inbound::add);
                        opening.complete(connection);
                    }
                });
        return new RawClient(opening.get(WAIT.toSeconds(), TimeUnit.SECONDS), session, inbound, closed);
    }

    public static RawClient connect(WaSimulator simulator, X25519KeyPair noiseKey, byte[] clientPayload) throws Exception {
        return connect(simulator, noiseKey, clientPayload, 3);
    }

    /** The next stanza the server pushed (held ones first); fails the test if none comes in time. */
    public Node next() throws InterruptedException {
        Node node = held.isEmpty() ? inbound.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS) : held.pollFirst();
        if (node == null) {
            throw new AssertionError("no stanza from the server within " + WAIT);
        }
        return node;
    }

    /**
     * The next pushed stanza matching {@code wanted}; those skipped are held for later {@link #next} calls (and
     * listed by {@link #skipped}).
     */
    public Node next(Predicate<Node> wanted) throws InterruptedException {
        for (var it = held.iterator(); it.hasNext(); ) {
            Node node = it.next();
            if (wanted.test(node)) {
                it.remove();
                return node;
            }
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Node node = inbound.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (node == null) {
                throw new AssertionError("no matching stanza within " + WAIT + "; skipped " + skipped);
            }
            if (wanted.test(node)) {
                return node;
            }
            skipped.add(node);
            held.addLast(node);
        }
    }

    private final List<Node> skipped = new ArrayList<>();
    private final java.util.ArrayDeque<Node> held = new java.util.ArrayDeque<>();

    public List<Node> skipped() {
        return skipped;
    }

    /** A pushed stanza (held ones first) within {@code wait}, or null. */
    public Node poll(Duration wait) throws InterruptedException {
        return held.isEmpty() ? inbound.poll(wait.toMillis(), TimeUnit.MILLISECONDS) : held.pollFirst();
    }

    /** Sends an iq and returns its result; an error response throws {@link io.wabridge.client.stanza.IqErrorException}. */
    public Node call(Node iq) throws Exception {
        CompletableFuture<Node> response = new CompletableFuture<>();
        session.execute(() -> connection.router().sendIq(iq, WAIT).whenComplete((r, e) -> {
            if (e != null) {
                response.completeExceptionally(e);
            } else {
                response.complete(r);
            }
        }));
        try {
            return response.get(WAIT.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    public void send(Node stanza) {
        session.execute(() -> connection.router().send(stanza));
    }

    /** Waits until the server closed the connection; returns the close reason. */
    public String awaitClosed() throws Exception {
        return closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        session.execute(() -> connection.close("test done"));
    }
}

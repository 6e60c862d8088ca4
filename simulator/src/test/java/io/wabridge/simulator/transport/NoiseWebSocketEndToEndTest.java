package io.wabridge.simulator.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.crypto.X25519;
import io.wabridge.client.crypto.X25519KeyPair;
import io.wabridge.client.crypto.XEdDsa;
import io.wabridge.client.noise.CertificateChainException;
import io.wabridge.client.noise.MalformedHandshakeException;
import io.wabridge.client.noise.NoiseCertificateVerifier;
import io.wabridge.client.noise.ServerIdentity;
import io.wabridge.client.transport.FrameListener;
import io.wabridge.client.transport.FrameTooLargeException;
import io.wabridge.client.transport.MalformedPreambleException;
import io.wabridge.client.transport.NoiseConnection;
import io.wabridge.client.transport.NoiseSocketConnector;
import io.wabridge.client.transport.TransportConfig;
import io.wabridge.client.transport.TransportEventLoop;
import java.nio.charset.StandardCharsets;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Our client against the simulator listener over real loopback WebSockets. */
class NoiseWebSocketEndToEndTest {

    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofMillis(1500);
    private static final BlockingQueue<SimulatorConnection> OPENED = new LinkedBlockingQueue<>();
    /** Handshake failures by the client's address, so tests never read another test's late failure. */
    private static final Map<SocketAddress, Throwable> FAILURES = new ConcurrentHashMap<>();
    private static NoiseSimulatorListener listener;

    private final NoiseSocketConnector connector = new NoiseSocketConnector();
    private final X25519KeyPair noiseKey = X25519.generateKeyPair();
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

    @BeforeAll
    static void startListener() throws Exception {
        // Load libsignal's native code before any timed handshake.
        XEdDsa.verify(X25519.generateKeyPair().publicKey(), new byte[1], new byte[64]);
        listener = NoiseSimulatorListener.start(SimulatorListenerConfig.defaults().withHandshakeTimeout(HANDSHAKE_TIMEOUT),
                new SimulatorConnectionHandler() {
                    @Override
                    public void onOpen(SimulatorConnection connection) {
                        OPENED.add(connection);
                    }

                    @Override
                    public void onHandshakeFailed(SocketAddress remote, Throwable cause) {
                        FAILURES.put(remote, cause);
                    }

                    @Override
                    public void onFrame(SimulatorConnection connection, byte[] payload) {
                        connection.send(("echo:" + new String(payload, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
                    }
                });
    }

    @AfterAll
    static void stopListener() {
        listener.close();
    }

    private TransportConfig config() {
        return TransportConfig.defaults().withUrl(listener.url()).withHandshakeTimeout(Duration.ofSeconds(5));
    }

    private NoiseCertificateVerifier trustSimulator() {
        return NoiseCertificateVerifier.trusting(listener.rootPublicKeyHex());
    }

    private final FrameListener collect = new FrameListener() {
        @Override
        public void onFrame(NoiseConnection connection, byte[] payload) {
            received.add(new String(payload, StandardCharsets.UTF_8));
        }
    };

    private NoiseConnection connect(TransportConfig config, byte[] clientPayload) throws Exception {
        OPENED.clear();
        return connector.connect(config, noiseKey, trustSimulator(), server -> clientPayload, collect).get(10, TimeUnit.SECONDS);
    }

    /** A full handshake and one echo round trip: proves the listener still serves new clients. */
    private void assertListenerServesANewClient() throws Exception {
        try (NoiseConnection connection = connect(config(), new byte[] {1})) {
            connection.send("ping".getBytes(StandardCharsets.UTF_8));
            assertEquals("echo:ping", received.poll(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void clientCompletesHandshakeAndExchangesEncryptedFramesBothWays() throws Exception {
        AtomicReference<ServerIdentity> seen = new AtomicReference<>();
        byte[] payload = "client-payload".getBytes(StandardCharsets.UTF_8);
        OPENED.clear();
        NoiseConnection connection = connector.connect(config(), noiseKey, trustSimulator(), server -> {
            seen.set(server);
            return payload;
        }, collect).get(10, TimeUnit.SECONDS);
        try {
            assertArrayEquals(listener.staticPublicKey(), seen.get().staticPublicKey());
            SimulatorConnection server = OPENED.poll(5, TimeUnit.SECONDS);
            assertEquals(3, server.dictionaryVersion());
            assertEquals("https://web.whatsapp.com", server.origin());
            assertArrayEquals(payload, server.clientPayload());
            assertArrayEquals(noiseKey.publicKey(), server.clientStaticKey());
            assertNull(server.routingInfo());

            for (int i = 0; i < 5; i++) {
                connection.send(("up-" + i).getBytes(StandardCharsets.UTF_8));
            }
            for (int i = 0; i < 5; i++) {
                assertEquals("echo:up-" + i, received.poll(5, TimeUnit.SECONDS));
            }
            for (int i = 0; i < 3; i++) {
                server.send(("down-" + i).getBytes(StandardCharsets.UTF_8));
            }
            for (int i = 0; i < 3; i++) {
                assertEquals("down-" + i, received.poll(5, TimeUnit.SECONDS));
            }
            // A frame larger than a typical TCP segment, to cross chunk boundaries.
            String big = "x".repeat(200_000);
            connection.sendAsync(big.getBytes(StandardCharsets.UTF_8)).get(5, TimeUnit.SECONDS);
            assertEquals("echo:" + big, received.poll(5, TimeUnit.SECONDS));
        } finally {
            connection.close();
        }
        connection.closeFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void simulatorSeesDeclaredDictionaryVersionAndRoutingInfo() throws Exception {
        byte[] routing = {8, 8, 1};
        try (NoiseConnection ignored = connect(config().withDictionaryVersion(2).withRoutingInfo(routing), new byte[] {2})) {
            SimulatorConnection server = OPENED.poll(5, TimeUnit.SECONDS);
            assertEquals(2, server.dictionaryVersion());
            assertArrayEquals(routing, server.routingInfo());
        }
    }

    @Test
    void clientRejectsAServerOutsideItsTrustAnchor() throws Exception {
        ExecutionException failure = assertThrows(ExecutionException.class, () -> connector
                .connect(config(), noiseKey, NoiseCertificateVerifier.whatsapp(), server -> new byte[0], collect)
                .get(10, TimeUnit.SECONDS));
        CertificateChainException cause = assertInstanceOf(CertificateChainException.class, failure.getCause());
        assertEquals(CertificateChainException.Reason.INTERMEDIATE_SIGNATURE_INVALID, cause.reason());
        assertListenerServesANewClient();
    }

    @Test
    void badInputClosesOnlyThatConnection() throws Exception {
        warmUpEventLoops();
        Set<String> threadsBefore = liveThreads();
        try (NoiseConnection bystander = connect(config(), new byte[] {3})) {
            // Oversized declared length: closed at once, without waiting for the timeout.
            assertClosedBy(FrameTooLargeException.class, "57410603ffffff", Duration.ofMillis(1000));
            // Not a WA header at all.
            assertClosedBy(MalformedPreambleException.class, "474554202f", Duration.ofMillis(1000));
            // A complete first frame that is not a HandshakeMessage.
            assertClosedBy(MalformedHandshakeException.class, "57410603" + "000004" + "ffffffff", Duration.ofMillis(1000));
            // A truncated frame (declares 100 bytes, sends 4): the handshake timeout ends it.
            assertClosedBy(TimeoutException.class, "57410603" + "000064" + "0a0b0c0d", HANDSHAKE_TIMEOUT.plusSeconds(2));

            assertTrue(bystander.isOpen());
            bystander.send("still here".getBytes(StandardCharsets.UTF_8));
            assertEquals("echo:still here", received.poll(5, TimeUnit.SECONDS));
        }
        assertListenerServesANewClient();
        assertEquals(threadsBefore, liveThreads(), "no thread per connection, none leaked");
        assertNoSocketOrBufferLeaks();
    }

    /** Every accepted socket is closed, and Netty found no buffer that was collected without being released. */
    private void assertNoSocketOrBufferLeaks() throws Exception {
        for (int i = 0; i < 500 && listener.openSockets() > 0; i++) {
            Thread.sleep(10);
        }
        assertEquals(0, listener.openSockets(), "sockets left open on the server");
        long leaksBefore = NettyLeakCounter.leaks();
        System.gc();
        Thread.sleep(100);
        // Netty reports leaks of collected buffers when new buffers are tracked: make some.
        for (int i = 0; i < 3; i++) {
            assertListenerServesANewClient();
        }
        assertEquals(leaksBefore, NettyLeakCounter.leaks(), "Netty reported unreleased buffers");
        assertEquals(0, NettyLeakCounter.leaks(), "no buffer leak in this test JVM so far");
    }

    @Test
    void stalledHandshakeIsClosedAfterTheTimeout() throws Exception {
        warmUpEventLoops();
        Set<String> threadsBefore = liveThreads();
        long start = System.nanoTime();
        try (RawWebSocketClient raw = RawWebSocketClient.connect(listener.url())) {
            raw.closed.get(HANDSHAKE_TIMEOUT.plusSeconds(3).toMillis(), TimeUnit.MILLISECONDS);
            long waitedMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(waitedMillis >= HANDSHAKE_TIMEOUT.toMillis() - 100, "closed after " + waitedMillis + " ms");
            assertInstanceOf(TimeoutException.class, failureOf(raw));
        }
        assertListenerServesANewClient();
        assertEquals(threadsBefore, liveThreads());
    }

    private void assertClosedBy(Class<? extends Throwable> expected, String hex, Duration within) throws Exception {
        try (RawWebSocketClient raw = RawWebSocketClient.connect(listener.url())) {
            raw.sendHex(hex);
            raw.closed.get(within.toMillis(), TimeUnit.MILLISECONDS);
            assertInstanceOf(expected, failureOf(raw));
        }
    }

    /** The failure the listener recorded for this raw client (recorded just before it closed the channel). */
    private static Throwable failureOf(RawWebSocketClient raw) throws InterruptedException {
        for (int i = 0; i < 100 && !FAILURES.containsKey(raw.localAddress()); i++) {
            Thread.sleep(10);
        }
        return FAILURES.get(raw.localAddress());
    }

    /** Helper threads that start and stop on their own schedule (JVM, fork-join pools, Netty's global executor). */
    private static final List<String> TRANSIENT_THREADS =
            List.of("Common-Cleaner", "Attach Listener", "process reaper", "ForkJoinPool", "globalEventExecutor");

    /** Names of the live threads that a per-connection thread or a leak would show up in. */
    private static Set<String> liveThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> TRANSIENT_THREADS.stream().noneMatch(name::startsWith))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Starts every event-loop thread (client and listener) so later thread counts compare like with like. */
    private void warmUpEventLoops() throws Exception {
        int rounds = 2 * Math.max(TransportEventLoop.threads(), listener.config().threads());
        for (int i = 0; i < rounds; i++) {
            assertListenerServesANewClient();
        }
    }
}

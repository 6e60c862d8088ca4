package io.wabridge.simulator.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.binary.Node;
import io.wabridge.client.connection.ConnectionListener;
import io.wabridge.client.connection.WaConnection;
import io.wabridge.client.noise.NoiseCertificateVerifier;
import io.wabridge.client.session.SerialExecutor;
import io.wabridge.client.stanza.ExecutorScheduler;
import io.wabridge.client.stanza.KeepAlive;
import io.wabridge.client.stanza.StanzaMatcher;
import io.wabridge.client.transport.NoiseSocketConnector;
import io.wabridge.client.transport.TransportConfig;
import io.wabridge.simulator.WaSimulator;
import io.wabridge.simulator.account.LinkedDevice;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.testing.TestCompanion;
import io.wabridge.simulator.transport.SimulatorListenerConfig;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Our client and our simulator exchange stanzas over a real WebSocket, Noise and the binary codec: iq
 * correlation both ways, server pushes, and a malformed frame closing only the connection that got it.
 */
class StanzaRoundTripTest {
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    private final ExecutorScheduler scheduler = new ExecutorScheduler(1);
    private final NoiseSocketConnector connector = new NoiseSocketConnector();
    private WaSimulator simulator;
    private PhoneAccount account;

    @BeforeEach
    void start() throws Exception {
        simulator = WaSimulator.start(SimulatorListenerConfig.defaults(), session -> {
            session.router().on(StanzaMatcher.iq("get", "test"), iq -> {
                session.send(Node.builder("iq").attr("id", iq.requireAttr("id")).attr("type", "result")
                        .children(Node.builder("echo").attr("dict", session.dictionaryVersion()).build()).build());
                session.send(Node.builder("ib").children(Node.builder("offline").attr("count", "0").build()).build());
            });
            session.router().on(StanzaMatcher.iq("get", "garbage"), iq ->
                    session.connection().send(new byte[] {0, (byte) 0xF8, 0x7F})); // list claims 127 items, has none
        });
        account = simulator.accounts().create("15550002222");
    }

    @AfterEach
    void stop() {
        simulator.close();
        scheduler.close();
        pool.shutdownNow();
    }

    private record Client(WaConnection connection, SerialExecutor session, BlockingQueue<String> closes, BlockingQueue<Node> pushes) {}

    private Client connect(int dictionaryVersion) throws Exception {
        SerialExecutor session = new SerialExecutor(pool, "test-session");
        BlockingQueue<String> closes = new LinkedBlockingQueue<>();
        BlockingQueue<Node> pushes = new LinkedBlockingQueue<>();
        ConnectionListener listener = (connection, reason, cause) -> closes.add(reason);
        TransportConfig config = TransportConfig.defaults().withUrl(simulator.url()).withDictionaryVersion(dictionaryVersion);
        // Every connection must log in: a device linked beforehand, passive so the server pushes nothing unasked.
        TestCompanion companion = new TestCompanion();
        LinkedDevice device = account.phone().linkDevice(companion.noiseKey.publicKey(), companion.identityKey,
                companion.registrationId, companion.signedPreKey(), "CHROME");
        byte[] login = TestCompanion.loginPayload(account.phoneNumber(), device.id(), true);
        CompletableFuture<Node> success = new CompletableFuture<>();
        // Handlers go in as the connection opens, on its executor: <success> follows the handshake at once.
        WaConnection connection = WaConnection.open(connector, config, companion.noiseKey,
                NoiseCertificateVerifier.trusting(simulator.noiseRootKeyHex()), server -> login,
                scheduler, session, listener).thenApply(opened -> {
                    opened.router().on(StanzaMatcher.tag("ib"), pushes::add);
                    opened.router().on(StanzaMatcher.tag("success"), success::complete);
                    return opened;
                }).get(10, TimeUnit.SECONDS);
        success.get(5, TimeUnit.SECONDS);
        return new Client(connection, session, closes, pushes);
    }

    private static Node call(Client client, Node iq) throws Exception {
        CompletableFuture<Node> response = new CompletableFuture<>();
        // Routers are used on their session's executor only.
        client.session().execute(() -> client.connection().router().sendIq(iq, Duration.ofSeconds(5))
                .whenComplete((r, e) -> {
                    if (e != null) {
                        response.completeExceptionally(e);
                    } else {
                        response.complete(r);
                    }
                }));
        return response.get(10, TimeUnit.SECONDS);
    }

    @Test
    void iqRequestsAreAnsweredAndServerPushesAreRoutedInBothDictionaryVersions() throws Exception {
        for (int version : new int[] {3, 2}) {
            Client client = connect(version);
            Node pong = call(client, KeepAlive.pingStanza());
            assertEquals("result", pong.attr("type"));

            Node echo = call(client, Node.builder("iq").attr("xmlns", "test").attr("type", "get").build());
            assertEquals(Integer.toString(version), echo.child("echo").attr("dict"), "served in the declared version");
            Node offline = client.pushes().poll(5, TimeUnit.SECONDS);
            assertEquals("0", offline.child("offline").attr("count"));
            client.session().execute(() -> client.connection().close("done"));
            assertEquals("done", client.closes().poll(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void aMalformedFrameFromTheServerClosesOnlyThatConnection() throws Exception {
        Client victim = connect(3);
        Client bystander = connect(3);

        victim.session().execute(() -> victim.connection().router().send(
                Node.builder("iq").attr("id", "g1").attr("xmlns", "garbage").attr("type", "get").build()));
        String reason = victim.closes().poll(10, TimeUnit.SECONDS);
        assertTrue(reason != null && reason.startsWith("malformed frame"), String.valueOf(reason));

        assertEquals("result", call(bystander, KeepAlive.pingStanza()).attr("type"), "the other connection still works");
        Client newcomer = connect(3);
        assertEquals("result", call(newcomer, KeepAlive.pingStanza()).attr("type"), "new connections are still served");
    }
}

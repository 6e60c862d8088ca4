package io.wabridge.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.ClientRuntime;
import io.wabridge.client.WaClient;
import io.wabridge.client.WaClientConfig;
import io.wabridge.client.binary.Node;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.lifecycle.ReconnectPolicy;
import io.wabridge.client.noise.NoiseCertificateVerifier;
import io.wabridge.client.store.AccountStore;
import io.wabridge.client.store.memory.MemoryStoreProvider;
import io.wabridge.client.testing.TestPhone;
import io.wabridge.client.transport.TransportConfig;
import io.wabridge.simulator.WaSimulator;
import io.wabridge.simulator.server.ServerSession;
import io.wabridge.simulator.transport.SimulatorListenerConfig;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** WaClient over a real socket, Noise and codec against the simulator with the server's part installed. */
class ClientOverSimulatorTest {
    private final ServerPart server = new ServerPart();
    private final TestPhone phone = new TestPhone();
    private final BlockingQueue<ClientEvent> events = new LinkedBlockingQueue<>();
    private final AccountStore store = new MemoryStoreProvider().open("net");
    private WaSimulator simulator;
    private ClientRuntime runtime;
    private WaClient client;

    @BeforeEach
    void start() throws Exception {
        simulator = WaSimulator.start(SimulatorListenerConfig.defaults(), server::install);
        runtime = ClientRuntime.create();
        WaClientConfig config = WaClientConfig.defaults()
                .withTransport(TransportConfig.defaults().withUrl(simulator.url()))
                .withVerifier(NoiseCertificateVerifier.trusting(simulator.noiseRootKeyHex()))
                .withReconnect(new ReconnectPolicy(true, Duration.ofMillis(50), Duration.ofMillis(200), 2.0, 0.1,
                        Duration.ofMinutes(1), 0));
        client = WaClient.create(runtime, config, store, events::add);
    }

    @AfterEach
    void stop() throws Exception {
        client.disconnect().get(10, TimeUnit.SECONDS);
        runtime.close();
        simulator.close();
    }

    @SuppressWarnings("unchecked")
    private <T extends ClientEvent> T await(Class<T> type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            ClientEvent e = events.poll(100, TimeUnit.MILLISECONDS);
            if (type.isInstance(e)) {
                return (T) e;
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " within 20 s");
    }

    private ServerSession pairAndLogin() throws Exception {
        client.connect();
        ClientEvent.Qr qr = await(ClientEvent.Qr.class);
        ServerSession pairing = server.sessions.poll(10, TimeUnit.SECONDS);
        pairing.executor().execute(() -> pairing.send(phone.pairSuccess("ps-1", TestPhone.Qr.parse(qr.code()))));
        await(ClientEvent.Paired.class);
        pairing.executor().execute(() -> pairing.sendAndClose(Node.builder("stream:error").attr("code", "515").build(), "restart"));
        assertEquals(TestPhone.ME, await(ClientEvent.Open.class).me());
        return server.sessions.poll(10, TimeUnit.SECONDS);
    }

    @Test
    void aDroppedConnectionComesBackByItselfAndReplacedStopsIt() throws Exception {
        ServerSession login = pairAndLogin();
        assertNotNull(login);
        assertEquals(812, server.preKeyCount, "the initial batch reached the server");

        login.executor().execute(() -> login.close("network lost (test)"));
        ClientEvent.Close lost = await(ClientEvent.Close.class);
        assertTrue(lost.willReconnect(), lost.toString());
        await(ClientEvent.Open.class);
        ServerSession again = server.sessions.poll(10, TimeUnit.SECONDS);
        assertNotNull(again);

        again.executor().execute(() -> again.send(Node.builder("stream:error")
                .children(Node.builder("conflict").attr("type", "replaced").build()).build()));
        ClientEvent.Close replaced = await(ClientEvent.Close.class);
        assertFalse(replaced.willReconnect());
        assertTrue(replaced.reason().startsWith("replaced"));
        // Idle with no reconnect timer armed (the timing itself is covered in virtual time by the client's tests).
        assertEquals(WaClient.State.IDLE, client.state());
    }

    @Test
    void deviceRemovedWipesTheStore() throws Exception {
        ServerSession login = pairAndLogin();
        login.executor().execute(() -> login.send(Node.builder("stream:error").attr("code", "401")
                .children(Node.builder("conflict").attr("type", "device_removed").build()).build()));
        assertNotNull(await(ClientEvent.LoggedOut.class));
        assertTrue(store.credentials().load().isEmpty());
        assertEquals(0, store.preKeys().count());
    }
}

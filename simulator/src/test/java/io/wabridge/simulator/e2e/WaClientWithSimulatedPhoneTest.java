package io.wabridge.simulator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.ClientRuntime;
import io.wabridge.client.WaClient;
import io.wabridge.client.WaClientConfig;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.lifecycle.ReconnectPolicy;
import io.wabridge.client.noise.NoiseCertificateVerifier;
import io.wabridge.client.store.AccountStore;
import io.wabridge.client.store.memory.MemoryStoreProvider;
import io.wabridge.client.transport.TransportConfig;
import io.wabridge.simulator.WaSimulator;
import io.wabridge.simulator.account.LinkedDevice;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.pairing.PairingForgery;
import io.wabridge.simulator.server.StreamErrorKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Our client against our simulator with a simulated primary phone that owns real account keys: QR and
 * pairing-code linking, login from stored credentials, forged pairings refused, and each stream error class
 * producing its lifecycle behaviour. Everything real: WebSocket, Noise, codec, XEdDSA, the store.
 */
class WaClientWithSimulatedPhoneTest {
    private static final String PHONE = "15550001111";
    private static final String CLIENT_VERSION = io.wabridge.client.auth.ClientProfile.defaults().version().toString();

    private final MemoryStoreProvider stores = new MemoryStoreProvider();
    private final BlockingQueue<ClientEvent> events = new LinkedBlockingQueue<>();
    private final List<WaClient> clients = new ArrayList<>();
    private WaSimulator simulator;
    private ClientRuntime runtime;
    private PhoneAccount account;

    @BeforeEach
    void start() throws Exception {
        simulator = WaSimulator.start();
        account = simulator.accounts().create(PHONE);
        runtime = ClientRuntime.create();
    }

    @AfterEach
    void stop() throws Exception {
        for (WaClient client : clients) {
            client.close();
        }
        runtime.close();
        simulator.close();
    }

    private WaClient client(AccountStore store) {
        WaClientConfig config = WaClientConfig.defaults()
                .withTransport(TransportConfig.defaults().withUrl(simulator.url()))
                .withVerifier(NoiseCertificateVerifier.trusting(simulator.noiseRootKeyHex()))
                .withReconnect(new ReconnectPolicy(true, Duration.ofMillis(50), Duration.ofMillis(200), 2.0, 0.1,
                        Duration.ofMinutes(1), 0));
        WaClient client = WaClient.create(runtime, config, store, events::add);
        clients.add(client);
        return client;
    }

    @SuppressWarnings("unchecked")
    private <T extends ClientEvent> T await(Class<T> type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<ClientEvent> skipped = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            ClientEvent e = events.poll(100, TimeUnit.MILLISECONDS);
            if (type.isInstance(e)) {
                return (T) e;
            }
            if (e != null) {
                skipped.add(e);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " within 30 s; saw " + skipped);
    }

    /** Links a fresh client by QR through the simulated phone and waits until it is open. */
    private LinkedDevice pairByQr(WaClient client) throws Exception {
        client.connect();
        ClientEvent.Qr qr = await(ClientEvent.Qr.class);
        LinkedDevice device = account.phone().scanQr(qr.code()).get(30, TimeUnit.SECONDS);
        ClientEvent.Paired paired = await(ClientEvent.Paired.class);
        assertEquals(device.jid().toString(), paired.me());
        ClientEvent.Open open = await(ClientEvent.Open.class);
        assertEquals(device.jid().toString(), open.me());
        return device;
    }

    @Test
    void qrPairingFollowsThe515IntoALoginAndARestartLogsInFromStoredCredentials() throws Exception {
        AccountStore store = stores.open("acme");
        WaClient first = client(store);
        LinkedDevice device = pairByQr(first);
        assertTrue(device.id() > 0, "a companion device id");
        assertEquals(1, account.devices().size());
        assertTrue(account.preKeyCount(device.id()) > 0, "prekeys were uploaded at login");
        assertTrue(store.credentials().load().orElseThrow().value().registered());
        first.disconnect().get(10, TimeUnit.SECONDS);
        events.clear();

        WaClient restarted = client(store);
        restarted.connect();
        ClientEvent.Open open = await(ClientEvent.Open.class);
        assertEquals(device.jid().toString(), open.me());
        assertTrue(events.stream().noneMatch(ClientEvent.Qr.class::isInstance), "no QR with stored credentials");
    }

    @Test
    void pairingCodeLinksTheDevice() throws Exception {
        WaClient client = client(stores.open("code"));
        client.connect();
        await(ClientEvent.Qr.class); // a registration connection is open
        String code = client.requestPairingCode(PHONE).get(30, TimeUnit.SECONDS);
        assertEquals(code, await(ClientEvent.PairingCode.class).code());
        assertEquals(8, code.replace("-", "").length(), code);

        LinkedDevice device = account.phone().confirmPairingCode(code).get(30, TimeUnit.SECONDS);
        assertEquals(device.jid().toString(), await(ClientEvent.Paired.class).me());
        assertEquals(device.jid().toString(), await(ClientEvent.Open.class).me());
    }

    @Test
    void aForgedAccountSignatureAndABadHmacAreRefusedWithNothingStored() throws Exception {
        for (PairingForgery forgery : new PairingForgery[] {PairingForgery.BAD_ACCOUNT_SIGNATURE, PairingForgery.BAD_HMAC}) {
            events.clear();
            AccountStore store = stores.open("forged-" + forgery);
            WaClient client = client(store);
            client.connect();
            ClientEvent.Qr qr = await(ClientEvent.Qr.class);
            var scan = account.phone().scanQr(qr.code(), forgery);
            ClientEvent.PairingFailed failed = await(ClientEvent.PairingFailed.class);
            assertNotNull(failed.reason());
            assertThrows(ExecutionException.class, () -> scan.get(30, TimeUnit.SECONDS), "the phone sees the refusal");
            assertFalse(store.credentials().load().map(c -> c.value().registered()).orElse(false),
                    forgery + ": no registered credentials after a refused pairing");
            assertTrue(account.devices().isEmpty(), forgery + ": no device linked");
            client.close();
        }
    }

    @Test
    void eachStreamErrorClassHasItsLifecycleBehaviour() throws Exception {
        AccountStore store = stores.open("errors");
        WaClient client = client(store);
        LinkedDevice device = pairByQr(client);

        for (StreamErrorKind kind : new StreamErrorKind[] {
                StreamErrorKind.RESTART_REQUIRED, StreamErrorKind.SERVICE_UNAVAILABLE, StreamErrorKind.DROP}) {
            events.clear();
            assertTrue(account.sendStreamError(device.id(), kind), kind + " sent");
            ClientEvent.Close close = await(ClientEvent.Close.class);
            assertTrue(close.willReconnect(), kind + ": " + close);
            await(ClientEvent.Open.class);
        }

        events.clear();
        account.sendStreamError(device.id(), StreamErrorKind.REPLACED);
        ClientEvent.Close replaced = await(ClientEvent.Close.class);
        assertFalse(replaced.willReconnect(), replaced.toString());
        assertTrue(store.credentials().load().orElseThrow().value().registered(), "replaced keeps the device linked");

        events.clear();
        client.connect();
        await(ClientEvent.Open.class);
        account.sendStreamError(device.id(), StreamErrorKind.CLIENT_TOO_OLD);
        ClientEvent.Close tooOld = await(ClientEvent.Close.class);
        assertFalse(tooOld.willReconnect(), tooOld.toString());
        assertTrue(tooOld.reason().contains(CLIENT_VERSION), "405 names the configured client version: " + tooOld);

        events.clear();
        client.connect();
        await(ClientEvent.Open.class);
        account.phone().removeDevice(device.id());
        ClientEvent.LoggedOut out = await(ClientEvent.LoggedOut.class);
        assertNotNull(out.reason());
        assertTrue(store.credentials().load().isEmpty(), "logged out wipes the session's state");
        assertTrue(account.devices().isEmpty());
    }
}

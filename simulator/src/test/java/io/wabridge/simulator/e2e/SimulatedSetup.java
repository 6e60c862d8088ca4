package io.wabridge.simulator.e2e;

import io.wabridge.client.ClientRuntime;
import io.wabridge.client.WaClient;
import io.wabridge.client.WaClientConfig;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.message.content.Text;
import io.wabridge.client.noise.NoiseCertificateVerifier;
import io.wabridge.client.store.AccountStore;
import io.wabridge.client.store.memory.MemoryStoreProvider;
import io.wabridge.client.transport.TransportConfig;
import io.wabridge.simulator.WaSimulator;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.contact.SimulatedContact;
import io.wabridge.simulator.server.InteropSwitches;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The end-to-end fixture: a simulator, our account (+15550001111) and a contact's phone (+15550002222, "alice",
 * speaking real Signal), and our client linked to the account by QR over a real socket. Tests shape the client's
 * configuration and the server's {@link #interop() switches} before {@link #link()}.
 */
final class SimulatedSetup implements AutoCloseable {
    final MemoryStoreProvider stores = new MemoryStoreProvider();
    final BlockingQueue<ClientEvent> events = new LinkedBlockingQueue<>();
    /** Every event of {@link #client}, in order, kept (the queue's are taken by the awaits). */
    final List<ClientEvent> all = new CopyOnWriteArrayList<>();
    final WaSimulator simulator;
    final ClientRuntime runtime;
    final PhoneAccount me;
    final SimulatedContact alice;
    final AccountStore store;
    private final UnaryOperator<WaClientConfig> configure;
    WaClient client;

    SimulatedSetup() throws Exception {
        this(UnaryOperator.identity());
    }

    SimulatedSetup(UnaryOperator<WaClientConfig> configure) throws Exception {
        this(configure, ClientRuntime.create());
    }

    /** With a runtime of the test's (closed with the setup). */
    SimulatedSetup(UnaryOperator<WaClientConfig> configure, ClientRuntime runtime) throws Exception {
        this.configure = configure;
        simulator = WaSimulator.start();
        me = simulator.accounts().create("15550001111");
        alice = simulator.accounts().messaging().contact(simulator.accounts().create("15550002222"));
        this.runtime = runtime;
        store = stores.open("acme");
    }

    InteropSwitches interop() {
        return simulator.accounts().interop();
    }

    /** A client on {@link #store} (a new one after {@link #restartClient()}), not yet connected. */
    WaClient newClient() {
        return WaClient.create(runtime, config(), store, event -> {
            all.add(event);
            events.add(event);
        });
    }

    private WaClientConfig config() {
        return configure.apply(WaClientConfig.defaults()
                .withTransport(TransportConfig.defaults().withUrl(simulator.url()))
                .withVerifier(NoiseCertificateVerifier.trusting(simulator.noiseRootKeyHex())));
    }

    WaClient newClient(AccountStore accountStore, BlockingQueue<ClientEvent> sink) {
        return WaClient.create(runtime, config(), accountStore, sink::add);
    }

    /**
     * Another companion of our account on {@code accountStore}: connected, linked by our phone's scan of its first QR
     * code, open. The caller closes it.
     */
    WaClient linkCompanion(AccountStore accountStore, BlockingQueue<ClientEvent> sink) throws Exception {
        WaClient companion = newClient(accountStore, sink);
        try {
            companion.connect();
            me.phone().scanQr(awaitOn(sink, ClientEvent.Qr.class).code()).get(30, TimeUnit.SECONDS);
            awaitOn(sink, ClientEvent.Open.class);
            return companion;
        } catch (Exception | Error e) {
            companion.close();
            throw e;
        }
    }

    /** Connects a new client, has our phone scan its first QR code and waits until it is open. */
    SimulatedSetup link() throws Exception {
        client = newClient();
        client.connect();
        me.phone().scanQr(await(ClientEvent.Qr.class).code()).get(30, TimeUnit.SECONDS);
        await(ClientEvent.Open.class);
        return this;
    }

    /** Closes the client and opens a new one on the same store (a process restart); returns its Open event. */
    ClientEvent.Open restartClient() throws InterruptedException {
        client.close();
        events.clear();
        all.clear();
        client = newClient();
        client.connect();
        return await(ClientEvent.Open.class);
    }

    /** The last event of a type seen so far, or null. */
    <T extends ClientEvent> T last(Class<T> type) {
        T found = null;
        for (ClientEvent e : all) {
            if (type.isInstance(e)) {
                found = type.cast(e);
            }
        }
        return found;
    }

    <T extends ClientEvent> T await(Class<T> type) throws InterruptedException {
        return awaitOn(events, type);
    }

    ClientEvent.MessageReceived awaitText(String text) throws InterruptedException {
        return awaitTextOn(events, text);
    }

    static <T extends ClientEvent> T awaitOn(BlockingQueue<ClientEvent> queue, Class<T> type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<ClientEvent> skipped = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            ClientEvent e = queue.poll(100, TimeUnit.MILLISECONDS);
            if (type.isInstance(e)) {
                return type.cast(e);
            }
            if (e != null) {
                skipped.add(e);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " within 30 s; saw " + skipped);
    }

    static ClientEvent.MessageReceived awaitTextOn(BlockingQueue<ClientEvent> queue, String text) throws InterruptedException {
        while (true) {
            ClientEvent.MessageReceived m = awaitOn(queue, ClientEvent.MessageReceived.class);
            if (m.content() instanceof Text t && t.text().equals(text)) {
                return m;
            }
        }
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
        runtime.close();
        simulator.close();
    }

    /**
     * The e2e tests' set-up in one place: {@code @RegisterExtension final SimulatedSetup.PerTest setups = new
     * SimulatedSetup.PerTest();}, then {@link #link()} in the test; what it started is closed after the test, failed
     * or not.
     */
    static final class PerTest implements org.junit.jupiter.api.extension.AfterEachCallback {
        private SimulatedSetup setup;

        /** A new setup with our client linked (the one before, if any, closed). */
        SimulatedSetup link() throws Exception {
            close();
            setup = new SimulatedSetup();
            return setup.link();
        }

        @Override
        public void afterEach(org.junit.jupiter.api.extension.ExtensionContext context) {
            close();
        }

        private void close() {
            if (setup != null) {
                SimulatedSetup s = setup;
                setup = null;
                s.close();
            }
        }
    }
}

package io.wabridge.conformance;

import io.wabridge.client.ClientRuntime;
import io.wabridge.client.WaClient;
import io.wabridge.client.WaClientConfig;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.message.content.ExtendedText;
import io.wabridge.client.message.content.Text;
import io.wabridge.client.noise.NoiseCertificateVerifier;
import io.wabridge.client.store.AccountStore;
import io.wabridge.client.store.memory.MemoryStoreProvider;
import io.wabridge.client.transport.TransportConfig;
import io.wabridge.simulator.WaSimulator;
import io.wabridge.simulator.account.LinkedDevice;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.account.UnknownDeviceException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The setup every conformance test shares when Baileys meets our client through the simulator: our {@link WaClient}
 * linked by QR to a simulated account, its events kept for {@link #await}; and Baileys ({@code baileys-link.mjs})
 * linked by QR to a simulated account through its 515 restart to an open connection ({@link #linkBaileys}).
 *
 * <p>Linking Baileys is the step every Baileys test goes through, and the one that flaked under load (Baileys 6 not
 * reopening within 30 s after its 515 restart). Each linking step waits {@link #LINK_STEP}; a link that still times out
 * (or whose script exits) is tried once more from scratch: the half-linked device is removed from the phone, Baileys
 * starts again in a fresh auth directory and gets a fresh code. Failing twice, the error carries both attempts with
 * their events and Baileys' log tail (the harness logs Baileys to stderr, {@link NodeProcess} keeps the tail).
 */
final class BaileysFixture implements AutoCloseable {
    /** One linking step (a QR, the 515 restart, the reopen) of Baileys, generous for a loaded CI machine. */
    static final Duration LINK_STEP = Duration.ofSeconds(90);
    /** How long our client's events are awaited. */
    static final Duration STEP = Duration.ofSeconds(60);

    private final BlockingQueue<ClientEvent> events = new LinkedBlockingQueue<>();
    private final List<ClientEvent> passedOver = new ArrayList<>();
    private final List<ClientEvent> all = new ArrayList<>();
    private final ClientRuntime runtime;
    private final AccountStore store;
    private final WaClientConfig config;
    private WaClient client;
    private LinkedDevice device;

    private BaileysFixture(WaSimulator simulator, String storeName, UnaryOperator<WaClientConfig> config) {
        runtime = ClientRuntime.create();
        store = new MemoryStoreProvider().open(storeName);
        this.config = config.apply(WaClientConfig.defaults()
                .withTransport(TransportConfig.defaults().withUrl(simulator.url()))
                .withVerifier(NoiseCertificateVerifier.trusting(simulator.noiseRootKeyHex())));
        client = WaClient.create(runtime, this.config, store, events::add);
    }

    /**
     * Our client closed and made again on the same store (what it held in memory is gone, what the store holds stays;
     * {@code whileClosed} may change the store in between), returning once it is open again; {@link #client()} is the
     * new one.
     */
    void restart(Runnable whileClosed) throws InterruptedException {
        client.close();
        whileClosed.run();
        client = WaClient.create(runtime, config, store, events::add);
        client.connect();
        await(ClientEvent.Open.class);
    }

    /** Our client, linked to {@code account} by QR and open. */
    static BaileysFixture linkOurClient(WaSimulator simulator, PhoneAccount account, String storeName) throws Exception {
        return linkOurClient(simulator, account, storeName, UnaryOperator.identity(), true);
    }

    /**
     * Our client linked to {@code account} by QR (the simulator's configuration applied first, then {@code config});
     * with {@code awaitOpen} it returns once the connection is open, else right after the phone scanned the code.
     */
    static BaileysFixture linkOurClient(WaSimulator simulator, PhoneAccount account, String storeName,
                                        UnaryOperator<WaClientConfig> config, boolean awaitOpen) throws Exception {
        BaileysFixture fixture = new BaileysFixture(simulator, storeName, config);
        try {
            fixture.client.connect();
            fixture.device = account.phone().scanQr(fixture.await(ClientEvent.Qr.class).code())
                    .get(LINK_STEP.toSeconds(), TimeUnit.SECONDS);
            if (awaitOpen) {
                fixture.await(ClientEvent.Open.class);
            }
            return fixture;
        } catch (Exception | AssertionError e) {
            fixture.close();
            throw e;
        }
    }

    WaClient client() {
        return client;
    }

    AccountStore store() {
        return store;
    }

    /** Our client's device as the phone linked it. */
    LinkedDevice device() {
        return device;
    }

    /** Every event our client emitted so far, in order (those no {@link #await} took stay available to one). */
    List<ClientEvent> seen() {
        for (ClientEvent e = events.poll(); e != null; e = events.poll()) {
            all.add(e);
            passedOver.add(e);
        }
        return List.copyOf(all);
    }

    /** The first event of {@code type}. */
    <T extends ClientEvent> T await(Class<T> type) throws InterruptedException {
        return await(type, e -> true);
    }

    /**
     * The first event of {@code type} matching {@code wanted}: an event passed over by an earlier await is looked at
     * first (and taken), so the order in which a test awaits need not be the order in which they came.
     */
    <T extends ClientEvent> T await(Class<T> type, Predicate<T> wanted) throws InterruptedException {
        for (ClientEvent e : passedOver) {
            if (type.isInstance(e) && wanted.test(type.cast(e))) {
                passedOver.remove(e);
                return type.cast(e);
            }
        }
        long deadline = System.nanoTime() + STEP.toNanos();
        while (System.nanoTime() < deadline) {
            ClientEvent e = events.poll(100, TimeUnit.MILLISECONDS);
            if (e == null) {
                continue;
            }
            all.add(e);
            if (type.isInstance(e) && wanted.test(type.cast(e))) {
                return type.cast(e);
            }
            passedOver.add(e);
        }
        throw new AssertionError("no matching " + type.getSimpleName() + " within " + STEP + "; client saw " + all);
    }

    /** A received text: Baileys sends an extendedTextMessage (a conversation from older versions); either counts. */
    ClientEvent.MessageReceived awaitText(String text) throws InterruptedException {
        return await(ClientEvent.MessageReceived.class, m -> textOf(m).equals(text));
    }

    /** The text of a received message, or "" for other content. */
    static String textOf(ClientEvent.MessageReceived m) {
        return switch (m.content()) {
            case Text t -> t.text();
            case ExtendedText t -> t.text();
            default -> "";
        };
    }

    /** Polls {@code condition} until it holds or {@code within} passed. */
    static void waitFor(BooleanSupplier condition, Duration within, String what) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + within);
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() {
        client.close();
        runtime.close();
    }

    /** Baileys linked and open: its driver and the device the phone linked. Closing kills the script. */
    record BaileysLink(NodeProcess driver, LinkedDevice device) implements AutoCloseable {
        @Override
        public void close() {
            driver.close();
        }
    }

    /** {@link #linkBaileys(WaSimulator, PhoneAccount, String, Path, Map)} with no extra environment. */
    static BaileysLink linkBaileys(WaSimulator simulator, PhoneAccount account, String baileys, Path authDir)
            throws InterruptedException {
        return linkBaileys(simulator, account, baileys, authDir, Map.of());
    }

    /**
     * Starts Baileys ({@code baileys7} or {@code baileys6}) with its auth state under {@code authDir} and links it to
     * {@code account}: the phone scans its QR, Baileys restarts on the 515 and opens again. Tried twice (see the class
     * comment); the second attempt uses a fresh auth directory and a fresh code.
     */
    static BaileysLink linkBaileys(WaSimulator simulator, PhoneAccount account, String baileys, Path authDir,
                                   Map<String, String> environment) throws InterruptedException {
        AssertionError first = null;
        for (int attempt = 1; attempt <= 2; attempt++) {
            Path auth = directory(authDir.resolve("attempt-" + attempt));
            NodeProcess driver = NodeProcess.start(NodeHarness.fromEnvironment(), environment, "baileys-link.mjs",
                    "--baileys", baileys, "--url", simulator.url().toString(), "--auth", auth.toString());
            LinkedDevice device = null;
            try {
                String qr = driver.await("qr", LINK_STEP).get("qr").asText();
                device = account.phone().scanQr(qr).get(LINK_STEP.toSeconds(), TimeUnit.SECONDS);
                driver.await("restart", LINK_STEP);
                driver.await(e -> "open".equals(e.path("state").asText()), LINK_STEP, "connection open after the restart");
                return new BaileysLink(driver, device);
            } catch (AssertionError | ExecutionException | TimeoutException e) {
                driver.close();
                AssertionError failure = e instanceof AssertionError a ? a
                        : driver.failure("the phone did not link " + baileys + ": " + e);
                if (device != null) {
                    forget(account, device);
                }
                if (first != null) {
                    failure.addSuppressed(first);
                    throw new AssertionError(baileys + " did not link in two attempts (the first is suppressed "
                            + "below): " + failure.getMessage(), failure);
                }
                first = failure;
                System.err.println("[BaileysFixture] " + baileys + " did not link (attempt 1), retrying with a fresh "
                        + "code: " + failure.getMessage());
            }
        }
        throw new IllegalStateException("unreachable");
    }

    /**
     * Baileys' {@code socket[method](...args)} through the harness' {@code call} command (arguments as JSON: strings,
     * lists, ...); its result, or an assertion error with Baileys' error.
     */
    static com.fasterxml.jackson.databind.JsonNode call(NodeProcess driver, String method, Object... args)
            throws IOException, InterruptedException {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode command = json.createObjectNode().put("command", "call")
                .put("method", method);
        com.fasterxml.jackson.databind.node.ArrayNode list = command.putArray("args");
        for (Object a : args) {
            list.add(json.valueToTree(a));
        }
        driver.command(command.toString());
        com.fasterxml.jackson.databind.JsonNode answer = driver.await(e -> ("called".equals(e.path("event").asText())
                && method.equals(e.path("method").asText())) || "error".equals(e.path("event").asText()), STEP, method);
        if (!"called".equals(answer.path("event").asText())) {
            throw driver.failure(method + " failed in Baileys: " + answer);
        }
        return answer.path("result");
    }

    private static void forget(PhoneAccount account, LinkedDevice device) {
        try {
            account.removeDevice(device.id());
        } catch (UnknownDeviceException alreadyGone) {
            // nothing half-linked left behind
        }
    }

    private static Path directory(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

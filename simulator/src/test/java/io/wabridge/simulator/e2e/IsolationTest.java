package io.wabridge.simulator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.client.ClientRuntime;
import io.wabridge.client.WaClient;
import io.wabridge.client.WaClientConfig;
import io.wabridge.client.binary.Node;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.message.content.Text;
import io.wabridge.client.noise.NoiseCertificateVerifier;
import io.wabridge.client.store.AccountStore;
import io.wabridge.client.store.Credentials;
import io.wabridge.client.store.Versioned;
import io.wabridge.client.store.memory.MemoryStoreProvider;
import io.wabridge.client.transport.TransportConfig;
import io.wabridge.simulator.WaSimulator;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.contact.ContactMessage;
import io.wabridge.simulator.contact.SimulatedContact;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Isolation: many sessions on one {@link ClientRuntime} (one event loop, one scheduler, one pool, as on a bridge
 * worker), real sockets, Noise and Signal through the simulator. While every session exchanges messages with its own
 * contact, one session is fed a stream of poisoned stanzas, one has its store fail every Signal write, one is fenced
 * (a newer owner wrote its state). The others must carry every message both ways, with no stall; the poisoned one
 * too; the fenced one stops alone; the failing one works again once its store answers.
 */
class IsolationTest {
    private static final int SESSIONS = 8;
    private static final int MESSAGES = 20;
    private static final int POISONED = 0;
    private static final int FENCED = 1;
    private static final int FAILING = 2;

    private WaSimulator simulator;
    private ClientRuntime runtime;
    private final List<Account> accounts = new ArrayList<>();

    private static final class Account {
        int index;
        PhoneAccount phone;
        SimulatedContact contact;
        AccountStore store;
        WaClient client;
        int device;
        final BlockingQueue<ClientEvent> events = new LinkedBlockingQueue<>();
        final Set<String> received = ConcurrentHashMap.newKeySet();
        final List<ClientEvent> all = new java.util.concurrent.CopyOnWriteArrayList<>();
    }

    @AfterEach
    void stop() {
        accounts.forEach(a -> {
            if (a.client != null) {
                a.client.close();
            }
        });
        if (runtime != null) {
            runtime.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void aPoisonedStanzaAFailingStoreAndAFencedSessionStallNoOtherSession() throws Exception {
        simulator = WaSimulator.start();
        runtime = ClientRuntime.create();
        MemoryStoreProvider stores = new MemoryStoreProvider();
        WaClientConfig config = WaClientConfig.defaults()
                .withTransport(TransportConfig.defaults().withUrl(simulator.url()))
                .withVerifier(NoiseCertificateVerifier.trusting(simulator.noiseRootKeyHex()));
        FailingStore failing = null;
        for (int i = 0; i < SESSIONS; i++) {
            Account a = new Account();
            a.index = i;
            a.phone = simulator.accounts().create(String.format("1555100%04d", i));
            a.contact = simulator.accounts().messaging().contact(simulator.accounts().create(String.format("1555200%04d", i)));
            a.store = stores.open("iso-" + i);
            if (i == FAILING) {
                failing = new FailingStore(a.store);
                a.store = failing;
            }
            a.client = WaClient.create(runtime, config, a.store, event -> {
                a.all.add(event);
                a.events.add(event);
                if (event instanceof ClientEvent.MessageReceived m && m.content() instanceof Text t) {
                    a.received.add(t.text());
                }
            });
            a.client.connect();
            a.phone.phone().scanQr(SimulatedSetup.awaitOn(a.events, ClientEvent.Qr.class).code()).get(30, TimeUnit.SECONDS);
            SimulatedSetup.awaitOn(a.events, ClientEvent.Open.class);
            a.device = a.phone.devices().getFirst().id();
            accounts.add(a);
        }
        // warm-up: a message each way per session (Signal sessions exist on both sides)
        for (Account a : accounts) {
            a.contact.sendText(a.phone.jid(), "warm-up");
            a.client.sendMessage(a.contact.jid(), new Text("warm-up back")).get(30, TimeUnit.SECONDS);
        }
        awaitUntil(Duration.ofSeconds(30), () -> accounts.stream().allMatch(a -> a.received.contains("warm-up")));
        for (Account a : accounts) {
            assertEquals("warm-up back", a.contact.awaitMessage(Duration.ofSeconds(10)).text());
        }

        // the faults
        Account fenced = accounts.get(FENCED);
        AccountStore newOwner = stores.open("iso-" + FENCED, 1);
        Versioned<Credentials> stored = newOwner.credentials().load().orElseThrow();
        newOwner.credentials().save(stored.value(), stored.version());
        failing.failing.set(true);
        Account poisoned = accounts.get(POISONED);

        // traffic: every contact writes MESSAGES texts, every session sends MESSAGES texts, all at once
        long start = System.nanoTime();
        List<CompletableFuture<?>> healthySends = new ArrayList<>();
        for (int n = 0; n < MESSAGES; n++) {
            for (int i = 0; i < SESSIONS; i++) {
                Account a = accounts.get(i);
                a.contact.sendAsync(a.phone.jid(), new Text("in " + i + "-" + n));
                CompletableFuture<?> sent = a.client.sendMessage(a.contact.jid(), new Text("out " + i + "-" + n));
                if (healthy(a)) {
                    healthySends.add(sent);
                }
            }
            for (Node poison : poison(poisoned, n)) {
                poisoned.phone.push(poisoned.device, poison);
            }
        }
        CompletableFuture.allOf(healthySends.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        awaitUntil(Duration.ofSeconds(60), () -> accounts.stream().filter(IsolationTest::healthy)
                .allMatch(a -> a.received.size() >= MESSAGES + 1));
        int out = 0;
        for (Account a : accounts) {
            if (!healthy(a)) {
                continue;
            }
            int i = a.index;
            for (int n = 0; n < MESSAGES; n++) {
                assertTrue(a.received.contains("in " + i + "-" + n), "session " + i + " missed in " + n);
            }
            Set<String> atContact = new java.util.HashSet<>();
            while (atContact.size() < MESSAGES) {
                ContactMessage m = a.contact.awaitMessage(Duration.ofSeconds(30));
                assertTrue(m != null, "session " + i + ": its contact got " + atContact.size() + " of " + MESSAGES);
                atContact.add(m.text());
            }
            out += atContact.size();
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        int in = accounts.stream().filter(IsolationTest::healthy).mapToInt(a -> a.received.size() - 1).sum();
        System.out.printf("isolation: %d healthy sessions (poisoned one included): %d messages in, %d out, in %d ms;"
                + " failing store refused %d writes%n", SESSIONS - 2, in, out, elapsedMs, failing.refused.get());
        assertEquals((SESSIONS - 2) * MESSAGES, in);
        assertEquals((SESSIONS - 2) * MESSAGES, out);

        // the poisoned session is still open and working
        assertEquals(WaClient.State.OPEN, poisoned.client.state());
        // the fenced one stopped alone, for good
        awaitUntil(Duration.ofSeconds(30), () -> fenced.all.stream().anyMatch(ClientEvent.Fenced.class::isInstance));
        awaitUntil(Duration.ofSeconds(10), () -> fenced.client.state() == WaClient.State.IDLE);
        // the failing one refused writes meanwhile and works again once its store answers
        assertTrue(failing.refused.get() > 0, "the failing store was written to");
        failing.failing.set(false);
        Account broken = accounts.get(FAILING);
        awaitUntil(Duration.ofSeconds(60), () -> {
            try {
                broken.client.sendMessage(broken.contact.jid(), new Text("back")).get(10, TimeUnit.SECONDS);
                return true;
            } catch (Exception notYet) {
                return false;
            }
        });
    }

    /** Every session but the fenced and the failing one (the poisoned one included). */
    private static boolean healthy(Account a) {
        return a.index != FENCED && a.index != FAILING;
    }

    /** Stanzas a session must survive: undecryptable, unsendered, unknown, out of place. */
    private static List<Node> poison(Account a, int n) {
        Jid from = a.contact.jid();
        return List.of(
                Node.builder("message").attr("from", from).attr("id", "P" + n).attr("t", "1767225800").attr("type", "text")
                        .children(Node.builder("enc").attr("v", "2").attr("type", "msg").bytes(new byte[] {0x33, 1, 2, 3}).build())
                        .build(),
                Node.builder("message").attr("id", "Q" + n).children(Node.builder("enc").attr("type", "pkmsg")
                        .bytes(new byte[7]).build()).build(),
                Node.builder("notification").attr("type", "devices").children(Node.of("add")).build(),
                Node.builder("iq").attr("type", "set").attr("id", "I" + n).attr("xmlns", "md")
                        .children(Node.of("pair-device")).build(),
                Node.builder("receipt").attr("from", from).attr("id", "nothing-" + n).attr("type", "retry")
                        .children(Node.builder("retry").attr("count", "1").attr("id", "nothing-" + n).build()).build(),
                Node.builder("ib").children(Node.builder("offline").attr("count", "NaN").build()).build(),
                Node.builder("iq").attr("type", "result").attr("id", "unknown-" + n).build(),
                Node.builder("call").attr("from", from).attr("id", "C" + n).children(Node.of("offer")).build());
    }

    private static void awaitUntil(Duration timeout, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout);
            }
            Thread.sleep(50);
        }
    }
}

package io.wabridge.bench;

import io.wabridge.client.ClientRuntime;
import io.wabridge.client.WaClient;
import io.wabridge.client.WaClientConfig;
import io.wabridge.client.auth.CredentialsFactory;
import io.wabridge.client.crypto.X25519;
import io.wabridge.client.crypto.X25519KeyPair;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.message.content.Text;
import io.wabridge.client.store.SignedPreKey;
import io.wabridge.client.store.memory.MemoryStoreProvider;
import io.wabridge.simulator.WaSimulator;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.account.PublishedSignedPreKey;
import io.wabridge.simulator.contact.SimulatedContact;
import io.wabridge.simulator.group.SimGroup;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Group messaging through the in-process simulator on loopback, real crypto everywhere, stores in memory.
 *
 * <p>Send: our client in a group of {@code members} other accounts with two devices each (the phone, which acks
 * without decrypting, and a linked companion that stays offline): the first send (metadata, usync, a prekey bundle per
 * device, our sender key pairwise to every device, the skmsg) in ms, then {@code messages} sends with the key already
 * distributed (at most {@code window} in flight), timed until the server acked the last: messages/s and µs per
 * message. Receive: one contact's burst of pre-encrypted skmsgs into a two-member group, timed from routing until our
 * client handed off the last: messages/s. With {@code fanout=false} the server acks each group message without
 * delivering it ({@code GroupService.fanOut(false)}): the send figures are then the client's own cost (plan, sender-key
 * encryption, stanza encoding, Noise framing) plus the server's decode and ack, without the 512-device fan-out.
 * <pre>
 *   java --enable-native-access=ALL-UNNAMED -Xmx2g -cp bench/target/benchmarks.jar \
 *       io.wabridge.bench.GroupMessagingProbe [members=256] [messages=300] [window=32] [burst=2000] [fanout=true]
 * </pre>
 */
public final class GroupMessagingProbe {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final SecureRandom RANDOM = new SecureRandom();

    public static void main(String[] args) throws Exception {
        int members = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        int messages = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int window = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        int burst = args.length > 3 ? Integer.parseInt(args[3]) : 2000;
        boolean fanOut = args.length <= 4 || Boolean.parseBoolean(args[4]);
        try (WaSimulator simulator = WaSimulator.builder().authenticationDelay(Duration.ZERO).start();
             ClientRuntime runtime = ClientRuntime.create()) {
            WaClientConfig config = ProbeSupport.config(simulator.url(), simulator.noiseRootKeyHex());
            BlockingQueue<ClientEvent> events = new LinkedBlockingQueue<>();
            AtomicInteger received = new AtomicInteger();
            PhoneAccount me = simulator.accounts().create("15550000001");
            try (WaClient client = WaClient.create(runtime, config, new MemoryStoreProvider().open("me"), event -> {
                if (event instanceof ClientEvent.MessageReceived) {
                    received.incrementAndGet();
                } else {
                    events.add(event);
                }
            })) {
                client.connect();
                me.phone().scanQr(ProbeSupport.await(events, ClientEvent.Qr.class, WAIT).code()).get(30, TimeUnit.SECONDS);
                ProbeSupport.await(events, ClientEvent.Open.class, WAIT);
                simulator.accounts().messaging().contact(me).decrypting(false);

                List<PhoneAccount> others = new ArrayList<>(members);
                for (int i = 0; i < members; i++) {
                    PhoneAccount a = simulator.accounts().create(String.format("1555200%04d", i));
                    simulator.accounts().messaging().contact(a).decrypting(false);
                    linkCompanion(a);
                    others.add(a);
                }
                SimGroup big = simulator.accounts().groups().create("bench", me, others, false);
                simulator.accounts().groups().fanOut(fanOut);

                long t0 = System.nanoTime();
                client.sendMessage(big.jid(), new Text("first")).get(120, TimeUnit.SECONDS);
                double firstMs = (System.nanoTime() - t0) / 1e6;
                System.out.printf("group of %d members x 2 devices: first send (metadata, usync, %d bundles, key to"
                        + " every device) %.0f ms%n", members, members * 2 + 1, firstMs);

                send(client, big, Math.max(10, messages / 10), window); // warm-up
                long t1 = System.nanoTime();
                send(client, big, messages, window);
                double seconds = (System.nanoTime() - t1) / 1e9;
                System.out.printf("group send, key distributed: %d messages in %.2f s: %.0f msg/s, %.0f us/message"
                        + " (window %d; metadata queries %d; server fan-out %s)%n", messages, seconds,
                        messages / seconds, seconds * 1e6 / messages, window,
                        simulator.accounts().groups().metadataQueries(), fanOut ? "on" : "off");
                simulator.accounts().groups().fanOut(true);

                SimulatedContact alice = simulator.accounts().messaging().contact(simulator.accounts().create("15550000002"));
                SimGroup pair = simulator.accounts().groups().create("pair", alice.account(), List.of(me), false);
                receive(alice, pair, received, Math.max(100, burst / 10)); // warm-up (and the key)
                for (int round = 1; round <= 3; round++) {
                    double rate = receive(alice, pair, received, burst);
                    System.out.printf("group receive, round %d: %d skmsgs in a burst: %.0f msg/s to the last event"
                            + " (%d cores available)%n", round, burst, rate, Runtime.getRuntime().availableProcessors());
                }
            }
        }
    }

    /** {@code count} texts to the group, at most {@code window} in flight, until the server acked the last. */
    public static void send(WaClient client, SimGroup group, int count, int window) throws Exception {
        Semaphore inFlight = new Semaphore(window);
        for (int i = 0; i < count; i++) {
            inFlight.acquire();
            client.sendMessage(group.jid(), new Text("message " + i)).whenComplete((r, e) -> {
                inFlight.release();
                if (e != null) {
                    System.err.println("send failed: " + e);
                }
            });
        }
        inFlight.acquire(window);
        inFlight.release(window);
    }

    /** A burst of {@code count} pre-encrypted skmsgs from {@code from}: msg/s from routing to the last counted event. */
    public static double receive(SimulatedContact from, SimGroup group, AtomicInteger received, int count)
            throws Exception {
        List<Text> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            texts.add(new Text("burst " + i));
        }
        int target = received.get() + count;
        long start = from.sendGroupBurst(group, texts).get(300, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (received.get() < target && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        if (received.get() < target) {
            throw new IllegalStateException("received " + received.get() + " of " + target);
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }

    /** A second device for the account, linked without a client (it stays offline; its mailbox fills). */
    public static void linkCompanion(PhoneAccount account) {
        X25519KeyPair identity = X25519.generateKeyPair();
        SignedPreKey signed = CredentialsFactory.signedPreKey(CredentialsFactory.keyPair(identity), 1);
        byte[] noise = new byte[32];
        RANDOM.nextBytes(noise);
        account.phone().linkDevice(noise, identity, 1 + RANDOM.nextInt(16380),
                new PublishedSignedPreKey(signed.id(), signed.keyPair().publicKey(), signed.signature()), "CHROME");
    }

    private GroupMessagingProbe() {
    }
}

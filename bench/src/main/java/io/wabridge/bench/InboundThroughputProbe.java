package io.wabridge.bench;

import io.wabridge.client.ClientRuntime;
import io.wabridge.client.WaClient;
import io.wabridge.client.WaClientConfig;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.message.content.Text;
import io.wabridge.client.store.StoreProvider;
import io.wabridge.client.store.encryption.EncryptedStoreProvider;
import io.wabridge.client.store.encryption.Keyring;
import io.wabridge.client.store.encryption.MasterKey;
import io.wabridge.client.store.encryption.PlaintextPolicy;
import io.wabridge.client.store.memory.MemoryStoreProvider;
import io.wabridge.simulator.WaSimulator;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.contact.SimulatedContact;
import io.wabridge.simulator.messaging.MessagingService;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * 1:1 messaging throughput of ONE of our clients, the figure the project's targets are defined on. The client is
 * linked to an account of the in-process simulator; a simulated contact (another account's phone, real Signal) is
 * the other party; stores are in memory.
 *
 * <p>{@code in}: while our client is offline the contact sends N texts, so N {@code <message>} stanzas encrypted
 * for our device wait in its mailbox; all encryption happens before the clock starts. Then the client connects and
 * the server delivers the backlog. Timed from the client's Open event (its login completed; the backlog is the
 * next thing on the wire) to the N-th MessageReceived event, and to the moment the server holds no unacknowledged
 * stanza for the device any more, which includes every decrypt, hand-off, Signal store flush, delivery receipt and
 * ack. The server's cost of sending the backlog (Noise encryption, socket writes) shares the machine.
 *
 * <p>{@code out}: our client sends N texts to the contact (at most W in flight), timed until the server acked them
 * all. The sessions with the contact's phone and our own phone exist already, so each message
 * costs two encryptions (the contact and our phone's deviceSentMessage copy); the simulated phones decrypt their
 * copies concurrently on the same JVM, which is simulator cost inside the timing.
 *
 * <p>By default the client first sends one message to the contact so that the contact's messages arrive as
 * {@code msg} (an established session), as in any running conversation; {@code pkmsg} skips that, so every message
 * arrives as a PreKeySignalMessage. For {@code out} both phones (the contact's and ours) also send one message
 * to us first, so our messages reach them as {@code msg} too. A warm-up round of the same size runs first (JIT).
 * <pre>
 *   taskset -c 0 java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar \
 *       io.wabridge.bench.InboundThroughputProbe [in|out] [messages=4000] [rounds=3] [window=256] [pkmsg]
 * </pre>
 * {@code -Dprobe.encrypt=true} puts the store behind encryption at rest (as the bridge runs by default).
 * {@code -Dprobe.jfr=/tmp/in} records each round's timed part with JFR to {@code /tmp/in-round-N.jfr}. The
 * mailbox keeps at most {@link MessagingService#MAILBOX_CAPACITY} stanzas per device, which caps {@code in}
 * rounds below that.
 */
public final class InboundThroughputProbe {
    /** Process CPU time, so a figure taken on a shared machine can be read per CPU-second too. */
    private static final com.sun.management.OperatingSystemMXBean CPU =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "in";
        int messages = args.length > 1 ? Integer.parseInt(args[1]) : 4_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int window = args.length > 3 ? Integer.parseInt(args[3]) : 256;
        boolean pkmsg = args.length > 4 && "pkmsg".equals(args[4]);
        if (!mode.equals("in") && !mode.equals("out")) {
            throw new IllegalArgumentException("mode is in or out, got " + mode);
        }
        if (mode.equals("in") && messages > MessagingService.MAILBOX_CAPACITY - 10) {
            throw new IllegalArgumentException("at most " + (MessagingService.MAILBOX_CAPACITY - 10)
                    + " messages fit the device's mailbox");
        }
        try (WaSimulator simulator = WaSimulator.builder().authenticationDelay(Duration.ZERO).start();
             ClientRuntime runtime = ClientRuntime.create()) {
            WaClientConfig config = ProbeSupport.config(simulator.url(), simulator.noiseRootKeyHex());
            MessagingService messaging = simulator.accounts().messaging();
            PhoneAccount me = simulator.accounts().create("15550006666");
            SimulatedContact contact = messaging.contact(simulator.accounts().create("15550007777"));
            MessageCounter probe = new MessageCounter();
            StoreProvider stores = new MemoryStoreProvider();
            if (Boolean.getBoolean("probe.encrypt")) { // encryption at rest, as the bridge runs by default
                byte[] key = new byte[MasterKey.LENGTH];
                new SecureRandom().nextBytes(key);
                stores = new EncryptedStoreProvider(stores, new Keyring(List.of(new MasterKey("probe", key))),
                        PlaintextPolicy.REFUSE);
            }
            System.out.println("store encryption at rest: " + (stores instanceof EncryptedStoreProvider ? "on" : "off"));
            try (WaClient client = WaClient.create(runtime, config, stores.open("me"),
                    probe::onEvent)) {
                client.connect();
                me.phone().scanQr(probe.await(ClientEvent.Qr.class).code()).get(30, TimeUnit.SECONDS);
                int device = Jid.parse(probe.await(ClientEvent.Open.class).me()).device();
                if (!pkmsg) {
                    client.sendMessage(contact.jid(), new Text("hello")).get(30, TimeUnit.SECONDS);
                    if (contact.awaitMessage(Duration.ofSeconds(30)) == null) {
                        throw new IllegalStateException("the contact did not receive the first message");
                    }
                    if (mode.equals("out")) {
                        // Both phones answer once, so our messages to them are msg (not pkmsg) from here on.
                        probe.expect(2);
                        contact.sendText(me.jid(), "hello back");
                        messaging.contact(me).sendText(contact.jid(), "hello from my phone");
                        probe.allReceived().get(30, TimeUnit.SECONDS);
                    }
                }
                for (int round = 0; round <= rounds; round++) {
                    String label = round == 0 ? "warm-up" : "round " + round;
                    if (mode.equals("in")) {
                        inbound(label, client, probe, messaging, me, device, contact, messages);
                    } else {
                        outbound(label, client, messaging, me, contact, messages, window);
                    }
                }
            }
        }
    }

    private static void inbound(String label, WaClient client, MessageCounter probe, MessagingService messaging,
                                PhoneAccount me, int device, SimulatedContact contact, int messages) throws Exception {
        client.disconnect().get(30, TimeUnit.SECONDS);
        probe.await(ClientEvent.Close.class);
        List<CompletableFuture<String>> sent = new ArrayList<>(messages);
        Semaphore inFlight = new Semaphore(256);
        for (int i = 0; i < messages; i++) {
            inFlight.acquire();
            CompletableFuture<String> acked = contact.sendAsync(me.jid(), new Text("inbound message " + i));
            acked.whenComplete((id, e) -> inFlight.release());
            sent.add(acked);
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(300, TimeUnit.SECONDS);
        int waiting = messaging.pending(me, device);
        if (waiting < messages) {
            throw new IllegalStateException("only " + waiting + " stanzas wait for the device");
        }
        System.gc();
        probe.expect(messages);
        jdk.jfr.Recording recording = startRecording();
        long connectAt = System.nanoTime();
        long cpuBefore = CPU.getProcessCpuTime();
        client.connect();
        probe.await(ClientEvent.Open.class);
        long openAt = probe.openAt();
        probe.allReceived().get(300, TimeUnit.SECONDS);
        long receivedAt = probe.lastReceivedAt();
        while (messaging.pending(me, device) > 0) {
            Thread.sleep(0, 200_000);
        }
        long ackedAt = System.nanoTime();
        long cpu = CPU.getProcessCpuTime() - cpuBefore;
        stopRecording(recording, label);
        System.out.printf("%s: %d messages in: %.0f msg/s to the last event (%.3f s after Open), %.0f msg/s to the "
                        + "last ack (%.3f s); login took %.1f ms; process CPU %.0f us/msg (login included); %d cores%n",
                label, messages, messages / seconds(openAt, receivedAt), seconds(openAt, receivedAt),
                messages / seconds(openAt, ackedAt), seconds(openAt, ackedAt), seconds(connectAt, openAt) * 1000,
                cpu / 1e3 / messages, Runtime.getRuntime().availableProcessors());
    }

    private static void outbound(String label, WaClient client, MessagingService messaging, PhoneAccount me,
                                 SimulatedContact contact, int messages, int window) throws Exception {
        Semaphore inFlight = new Semaphore(window);
        int[] failed = {0};
        jdk.jfr.Recording recording = startRecording();
        long cpuBefore = CPU.getProcessCpuTime();
        long start = System.nanoTime();
        for (int i = 0; i < messages; i++) {
            inFlight.acquire();
            client.sendMessage(contact.jid(), new Text("outbound message " + i)).whenComplete((r, e) -> {
                if (e != null) {
                    synchronized (failed) {
                        failed[0]++;
                    }
                }
                inFlight.release();
            });
        }
        inFlight.acquire(window);
        inFlight.release(window);
        long end = System.nanoTime();
        long cpu = CPU.getProcessCpuTime() - cpuBefore;
        stopRecording(recording, label);
        if (failed[0] > 0) {
            throw new IllegalStateException(failed[0] + " sends failed");
        }
        System.out.printf("%s: %d messages out: %.0f msg/s until the last server ack (%.3f s, window %d); process "
                        + "CPU %.0f us/msg (phones' decryption partly included); %d cores%n",
                label, messages, messages / seconds(start, end), seconds(start, end), window, cpu / 1e3 / messages,
                Runtime.getRuntime().availableProcessors());
        // Let the phones finish decrypting their copies before the next round, so rounds do not overlap.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while ((messaging.pending(contact.account(), 0) > 0 || messaging.pending(me, 0) > 0)
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    /**
     * With {@code -Dprobe.jfr=PREFIX} each round's timed part alone is recorded with JFR's profile settings plus
     * CPU-time sampling, to {@code PREFIX-<round>.jfr}.
     */
    private static jdk.jfr.Recording startRecording() throws Exception {
        if (System.getProperty("probe.jfr") == null) {
            return null;
        }
        jdk.jfr.Recording recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
        recording.enable("jdk.CPUTimeSample").with("throttle", "1ms");
        recording.start();
        return recording;
    }

    private static void stopRecording(jdk.jfr.Recording recording, String label) throws Exception {
        if (recording != null) {
            recording.stop();
            recording.dump(java.nio.file.Path.of(System.getProperty("probe.jfr") + "-" + label.replace(' ', '-') + ".jfr"));
            recording.close();
        }
    }

    private static double seconds(long from, long to) {
        return (to - from) / 1e9;
    }
}

package io.wabridge.bench.bridge;

import io.wabridge.embedded.EmbeddedKafka;
import io.wabridge.embedded.EmbeddedMongo;
import io.wabridge.simulator.WaSimulator;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.contact.SimulatedContact;
import io.wabridge.testkit.cluster.WorkerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the bridge workers run against, all in the harness JVM: an embedded Kafka broker (temporary storage), an
 * in-memory Mongo-wire server, and the WhatsApp simulator with one phone account per session and, when asked, one
 * contact per session (a second account whose phone speaks real Signal) to message with.
 */
public final class BridgeTestbed implements AutoCloseable {
    public static final String COMMANDS = "wabridge.commands";
    public static final String EVENTS = "wabridge.events";
    private static final long ACCOUNT_BASE = 15_551_000_000L;
    private static final long CONTACT_BASE = 15_552_000_000L;

    private final EmbeddedKafka kafka;
    private final EmbeddedMongo mongo;
    private final WaSimulator simulator;
    private final List<PhoneAccount> accounts = new ArrayList<>();
    private final List<SimulatedContact> contacts = new ArrayList<>();
    private final Path logDir;
    /** Index of this view's session 0 in the accounts and contacts (0 but for {@link #shifted}). */
    private final int offset;
    /** False for a {@link #shifted} view: closing it closes nothing. */
    private final boolean owner;

    private BridgeTestbed(EmbeddedKafka kafka, EmbeddedMongo mongo, WaSimulator simulator, Path logDir) {
        this.kafka = kafka;
        this.mongo = mongo;
        this.simulator = simulator;
        this.logDir = logDir;
        this.offset = 0;
        this.owner = true;
    }

    private BridgeTestbed(BridgeTestbed of, int offset) {
        this.kafka = of.kafka;
        this.mongo = of.mongo;
        this.simulator = of.simulator;
        this.logDir = of.logDir;
        this.accounts.addAll(of.accounts);
        this.contacts.addAll(of.contacts);
        this.offset = of.offset + offset;
        this.owner = false;
    }

    /**
     * The same testbed seen from session {@code by} on: its {@link #account account(i)} and {@link #contact contact(i)}
     * are this one's {@code by + i}. Two processes measured side by side use disjoint accounts and contacts this way
     * (a testbed started with twice the sessions). Closing the view closes nothing: the testbed it views owns it all.
     */
    public BridgeTestbed shifted(int by) {
        if (by < 0 || offset + by > accounts.size()) {
            throw new IllegalArgumentException("shift " + by + " outside the " + accounts.size() + " accounts");
        }
        return new BridgeTestbed(this, by);
    }

    public static BridgeTestbed start(int sessions, boolean withContacts) throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.startTemporary();
        EmbeddedMongo mongo = EmbeddedMongo.inMemory().start();
        // No authentication delay (only Baileys 6 needs it): the bridge's own cost is what is measured.
        WaSimulator simulator = WaSimulator.builder().authenticationDelay(Duration.ZERO).start();
        BridgeTestbed bed = new BridgeTestbed(kafka, mongo, simulator, Files.createTempDirectory("wabridge-bench-"));
        for (int i = 0; i < sessions; i++) {
            bed.accounts.add(simulator.accounts().create(Long.toString(ACCOUNT_BASE + i)));
            if (withContacts) {
                bed.contacts.add(simulator.accounts().messaging()
                        .contact(simulator.accounts().create(Long.toString(CONTACT_BASE + i))));
            }
        }
        return bed;
    }

    /** The session id of the i-th session; its account is {@link #account(int)}. */
    public static String sessionId(int i) {
        return String.format("bench-%05d", i);
    }

    public PhoneAccount account(int i) {
        return accounts.get(offset + i);
    }

    public SimulatedContact contact(int i) {
        return contacts.get(offset + i);
    }

    /** The simulator's media (its HTTPS media host, the contacts' uploads). */
    public io.wabridge.simulator.media.SimulatedMedia media() {
        return simulator.media();
    }

    /** The PEM certificate of the simulator's HTTPS media host (for {@code WABRIDGE_MEDIA_WHATSAPP_TRUST_PEM}). */
    public String mediaCertificatePem() {
        return simulator.media().server().certificatePem();
    }

    /** The simulator's WhatsApp endpoint and Noise root, for a client connecting to it directly. */
    public java.net.URI simulatorUrl() {
        return simulator.url();
    }

    public String noiseRootKeyHex() {
        return simulator.noiseRootKeyHex();
    }

    /**
     * Unlinks every companion device of the first {@code count} accounts (as their phones would): what a worker paired
     * leaves the accounts, so a next client pairing them sends and receives for the same devices as the worker did.
     */
    public void unlinkCompanions(int count) {
        for (int i = 0; i < count; i++) {
            PhoneAccount account = account(i);
            for (int device : account.deviceIds()) {
                if (device != 0) {
                    account.phone().removeDevice(device);
                }
            }
        }
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /**
     * Starts a worker against this testbed (not waiting for it); {@code extra} environment variables go on top of
     * the connection ones, {@code jvmOptions} after testkit's small defaults.
     */
    public WorkerProcess startWorker(String name, Path bridgeJar, List<String> jvmOptions, Map<String, String> extra) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("QUARKUS_MONGODB_CONNECTION_STRING", mongo.connectionString());
        env.put("WABRIDGE_WHATSAPP_URL", simulator.url().toString());
        env.put("WABRIDGE_WHATSAPP_NOISE_ROOT_KEY", simulator.noiseRootKeyHex());
        // The harnesses measure throughput: the per-session outbound rate limits (account protection) are off unless
        // a run sets them (--worker-env WABRIDGE_LIMITS_MESSAGES_PER_SECOND=...).
        env.put("WABRIDGE_LIMITS_MESSAGES_PER_SECOND", "0");
        env.put("WABRIDGE_LIMITS_MESSAGES_PER_DAY", "0");
        env.put("WABRIDGE_LIMITS_MAX_SESSIONS", "0");
        env.putAll(extra);
        WorkerProcess worker = WorkerProcess.start(name, bridgeJar, env, logDir.resolve(name + ".log"), jvmOptions);
        // A harness stopped by a signal must not leave its workers behind.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessHandle.of(worker.pid()).ifPresent(ProcessHandle::destroyForcibly)));
        return worker;
    }

    /**
     * Starts the views alone against this testbed's Kafka ({@code wabridge.mode=views}, the same jar: the views
     * Deployment of deploy/k8s), not waiting for it; {@code extra} on top, {@code jvmOptions} after testkit's defaults.
     */
    public WorkerProcess startViews(String name, Path bridgeJar, List<String> jvmOptions, Map<String, String> extra) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("WABRIDGE_MODE", "views");
        env.put("WABRIDGE_VIEWS_HOST", "127.0.0.1");
        env.put("QUARKUS_MONGODB_CONNECTION_STRING", mongo.connectionString()); // not used in views mode
        env.putAll(extra);
        List<String> jvm = new java.util.ArrayList<>(jvmOptions);
        try {
            jvm.add("-Dkafka-streams.state.dir=" + java.nio.file.Files.createDirectories(logDir.resolve(name + "-state")));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        WorkerProcess views = WorkerProcess.start(name, bridgeJar, env, logDir.resolve(name + ".log"), jvm);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessHandle.of(views.pid()).ifPresent(ProcessHandle::destroyForcibly)));
        return views;
    }

    public Path logDir() {
        return logDir;
    }

    @Override
    public void close() {
        if (!owner) {
            return;
        }
        simulator.close();
        kafka.close();
        mongo.close();
    }
}

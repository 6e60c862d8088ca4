package io.wabridge.bridge.storage;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import com.mongodb.client.MongoClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.wabridge.bridge.config.BridgeConfig;
import io.wabridge.bridge.e2e.KafkaTap;
import io.wabridge.bridge.e2e.SimulatedServer;
import io.wabridge.bridge.e2e.SimulatorResource;
import io.wabridge.bridge.e2e.SimulatorResource.InjectSimulator;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.store.AccountStore;
import io.wabridge.client.store.Credentials;
import io.wabridge.client.store.SignalAddress;
import io.wabridge.client.store.StoreSettings;
import io.wabridge.client.store.encryption.EncryptedStoreProvider;
import io.wabridge.client.store.encryption.Keyring;
import io.wabridge.client.store.encryption.PlaintextPolicy;
import io.wabridge.proto.v1.ConnectionUpdate;
import io.wabridge.proto.v1.EventEnvelope;
import io.wabridge.simulator.contact.ContactMessage;
import io.wabridge.store.mongo.MongoStoreOptions;
import io.wabridge.store.mongo.MongoStoreProvider;
import io.wabridge.testkit.cluster.WorkerProcess;
import io.wabridge.testkit.quarkus.EmbeddedInfra;
import io.wabridge.testkit.quarkus.EmbeddedInfraResource;
import io.wabridge.testkit.quarkus.InjectEmbeddedInfra;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 18 point 3's proof: a session is paired and exchanges messages both ways with the bridge's own logs at DEBUG
 * (written to a file), then its private keys, the Signal session's root and chain keys and the master key are looked
 * for, in hex (both cases) and base64 (standard and URL-safe, with and without padding), in the log file, in every
 * event of the session (bytes and text), in the metrics page and in a thread dump, and, as raw bytes, in what MongoDB
 * stores. The one documented exception: the QR event carries the ADV secret, as every WhatsApp Web QR code does (the
 * phone needs it to sign the pairing); it is looked for everywhere else.
 */
@QuarkusTest
@TestProfile(SecretsStayHiddenTest.DebugLogsToFile.class)
@WithTestResource(EmbeddedInfraResource.class)
@WithTestResource(SimulatorResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecretsStayHiddenTest {

    static final Path LOG = Path.of("target/secrets-test.log");
    private static final String SESSION = "secret-1";

    public static class DebugLogsToFile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.log.file.enabled", "true", "quarkus.log.file.enable", "true", "quarkus.log.file.path", LOG.toString(),
                    "quarkus.log.file.level", "ALL", "quarkus.log.category.\"io.wabridge\".level", "DEBUG");
        }
    }

    @InjectEmbeddedInfra
    EmbeddedInfra infra;

    @InjectSimulator
    SimulatedServer simulator;

    @Inject
    MongoClient mongo;

    @Inject
    BridgeConfig config;

    private KafkaProducer<byte[], byte[]> producer;
    private KafkaTap events;

    @BeforeAll
    void connect() {
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", infra.kafka().bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer());
        events = new KafkaTap(infra.kafka().bootstrapServers(), "wabridge.events");
    }

    @AfterAll
    void close() throws Exception {
        producer.close();
        events.close();
    }

    @Test
    void noPrivateKeyOrSessionSecretInLogsEventsMetricsThreadDumpsOrTheDatabase() throws Exception {
        command("{\"commandId\":\"s-c\",\"connect\":{\"qr\":{}}}");
        EventEnvelope qr = events.awaitEvent(SESSION, EventEnvelope::hasQr);
        simulator.account(SimulatedServer.QR_PHONE).phone().scanQr(qr.getQr().getCode()).get(10, TimeUnit.SECONDS);
        events.awaitEvent(SESSION, e -> e.hasConnectionUpdate()
                && e.getConnectionUpdate().getState() == ConnectionUpdate.State.OPEN);
        String in = simulator.contact().sendText(Jid.parse(SimulatedServer.QR_PHONE + "@s.whatsapp.net"), "secret hello");
        events.awaitEvent(SESSION, e -> e.hasMessage() && in.equals(e.getMessage().getId()));
        command("{\"commandId\":\"s-m\",\"sendMessage\":{\"to\":\"+" + SimulatedServer.CONTACT_PHONE
                + "\",\"content\":{\"text\":\"secret reply\"}}}");
        ContactMessage out = simulator.contact().awaitMessage(Duration.ofSeconds(20));
        assertNotEquals(null, out);

        // the secrets, read back through the encrypting store with the test master key
        MongoStoreProvider raw = new MongoStoreProvider(mongo.getDatabase(config.mongodb().database()),
                new MongoStoreOptions(config.mongodb().collectionPrefix(), StoreSettings.defaults()));
        AccountStore store = new EncryptedStoreProvider(raw, Keyring.parse(WorkerProcess.TEST_MASTER_KEYS),
                PlaintextPolicy.REFUSE).open(SESSION);
        Credentials c = store.credentials().load().orElseThrow().value();
        Map<String, byte[]> secrets = new LinkedHashMap<>();
        secrets.put("noise private key", c.noiseKey().privateKey());
        secrets.put("identity private key", c.identityKey().privateKey());
        secrets.put("signed prekey private key", c.signedPreKey().keyPair().privateKey());
        secrets.put("master key", Keyring.parse(WorkerProcess.TEST_MASTER_KEYS).current().key());
        // the session with the contact, by phone number or (once its LID is known) by LID (user_1), once flushed
        String lidName = simulator.account(SimulatedServer.CONTACT_PHONE).lid() + "_1";
        SignalAddress contact = Awaitility.await("a Signal session with the contact is stored").atMost(Duration.ofSeconds(20))
                .until(() -> {
                    for (String name : List.of(SimulatedServer.CONTACT_PHONE, lidName)) {
                        List<Integer> devices = store.signalSessions().deviceIds(name);
                        if (!devices.isEmpty()) {
                            return new SignalAddress(name, devices.getFirst());
                        }
                    }
                    return null;
                }, java.util.Objects::nonNull);
        sessionSecrets(store.signalSessions().load(contact).orElseThrow(), secrets);
        assertTrue(secrets.keySet().stream().anyMatch(k -> k.startsWith("session root key")), secrets.keySet().toString());
        assertTrue(secrets.keySet().stream().anyMatch(k -> k.contains("chain key")), secrets.keySet().toString());
        byte[] adv = c.advSecret();

        // at rest: none of them in what MongoDB holds
        AccountStore atRest = raw.open(SESSION);
        Credentials stored = atRest.credentials().load().orElseThrow().value();
        byte[] rawRecords = concat(stored.noiseKey().privateKey(), stored.identityKey().privateKey(),
                stored.signedPreKey().keyPair().privateKey(), stored.advSecret(), stored.routingInfo(),
                atRest.signalSessions().load(contact).orElseThrow());
        Map<String, byte[]> withAdv = new LinkedHashMap<>(secrets);
        withAdv.put("ADV secret", adv);
        withAdv.forEach((name, s) -> assertFalse(indexOf(rawRecords, s) >= 0, name + " is stored in plaintext"));

        // the outputs
        String logs = Files.readString(LOG, StandardCharsets.UTF_8);
        assertTrue(logs.contains(SESSION), "the log file captured the session's logs");
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        String threads = threadDump();
        List<byte[]> eventBytes = new ArrayList<>();
        StringBuilder eventText = new StringBuilder();
        StringBuilder eventTextWithoutQr = new StringBuilder();
        for (ConsumerRecord<byte[], byte[]> r : events.records()) {
            if (r.key() == null || !SESSION.equals(new String(r.key(), StandardCharsets.US_ASCII))) {
                continue;
            }
            EventEnvelope e = KafkaTap.parse(r.value());
            eventBytes.add(r.value());
            eventText.append(e).append('\n');
            if (!e.hasQr()) {
                eventTextWithoutQr.append(e).append('\n');
            }
        }
        assertTrue(eventBytes.size() >= 5, "the session's events were captured: " + eventBytes.size());

        Map<String, String> outputs = Map.of("the logs", logs, "the metrics", metrics, "a thread dump", threads,
                "the events", eventText.toString());
        for (Map.Entry<String, byte[]> secret : withAdv.entrySet()) {
            for (Map.Entry<String, String> output : outputs.entrySet()) {
                String text = secret.getKey().equals("ADV secret") && output.getKey().equals("the events")
                        ? eventTextWithoutQr.toString() : output.getValue();
                for (String encoded : encodings(secret.getValue())) {
                    assertFalse(text.contains(encoded), secret.getKey() + " appears in " + output.getKey());
                }
            }
            if (!secret.getKey().equals("ADV secret")) {
                for (byte[] event : eventBytes) {
                    assertFalse(indexOf(event, secret.getValue()) >= 0, secret.getKey() + " appears in an event's bytes");
                }
            }
        }
        // the scan can fail: the QR event does carry the ADV secret in base64
        assertTrue(encodings(adv).stream().anyMatch(eventText.toString()::contains),
                "the scan finds a secret where one is (the ADV secret in the QR code)");
    }

    /**
     * The root key and the chain keys (and our ratchet private key) of a serialized libsignal RecordStructure:
     * currentSession(1) / previousSessions(2) -> SessionStructure: rootKey(4), senderChain(6), receiverChains(7);
     * Chain: senderRatchetKeyPrivate(2), chainKey(3) -> key(2).
     */
    private static void sessionSecrets(byte[] record, Map<String, byte[]> into) throws Exception {
        UnknownFieldSet r = UnknownFieldSet.parseFrom(record);
        int n = 0;
        List<ByteString> sessions = new ArrayList<>(r.getField(1).getLengthDelimitedList());
        sessions.addAll(r.getField(2).getLengthDelimitedList());
        for (ByteString s : sessions) {
            n++;
            UnknownFieldSet session = UnknownFieldSet.parseFrom(s);
            for (ByteString root : session.getField(4).getLengthDelimitedList()) {
                into.put("session root key " + n, root.toByteArray());
            }
            List<ByteString> chains = new ArrayList<>(session.getField(6).getLengthDelimitedList());
            chains.addAll(session.getField(7).getLengthDelimitedList());
            int m = 0;
            for (ByteString ch : chains) {
                m++;
                UnknownFieldSet chain = UnknownFieldSet.parseFrom(ch);
                for (ByteString priv : chain.getField(2).getLengthDelimitedList()) {
                    into.put("ratchet private key " + n + "." + m, priv.toByteArray());
                }
                for (ByteString ck : chain.getField(3).getLengthDelimitedList()) {
                    for (ByteString key : UnknownFieldSet.parseFrom(ck).getField(2).getLengthDelimitedList()) {
                        into.put("chain key " + n + "." + m, key.toByteArray());
                    }
                }
            }
        }
    }

    private static List<String> encodings(byte[] secret) {
        String hex = HexFormat.of().formatHex(secret);
        String b64 = Base64.getEncoder().encodeToString(secret);
        String url = Base64.getUrlEncoder().encodeToString(secret);
        return List.of(hex, hex.toUpperCase(), b64, b64.replace("=", ""), url, url.replace("=", ""));
    }

    private static String threadDump() {
        StringBuilder out = new StringBuilder();
        for (ThreadInfo t : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            out.append(t);
        }
        Thread.getAllStackTraces().forEach((t, stack) -> {
            out.append(t).append('\n');
            for (StackTraceElement e : stack) {
                out.append("\tat ").append(e).append('\n');
            }
        });
        return out.toString();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p == null ? 0 : p.length;
        }
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            if (p != null) {
                System.arraycopy(p, 0, out, o, p.length);
                o += p.length;
            }
        }
        return out;
    }

    private void command(String json) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", "application/json".getBytes(StandardCharsets.US_ASCII));
        producer.send(new ProducerRecord<>("wabridge.commands", null, SESSION.getBytes(StandardCharsets.US_ASCII),
                json.getBytes(StandardCharsets.UTF_8), headers));
    }
}

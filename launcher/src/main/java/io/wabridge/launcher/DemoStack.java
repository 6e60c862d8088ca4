package io.wabridge.launcher;

import io.wabridge.client.store.encryption.Keyring;
import io.wabridge.embedded.EmbeddedKafka;
import io.wabridge.embedded.EmbeddedMongo;
import io.wabridge.embedded.EmbeddedPostgres;
import io.wabridge.simulator.WaSimulator;
import io.wabridge.simulator.control.ControlServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything {@code ./wabridge demo} runs: an embedded Kafka broker and Mongo-wire store persisted under the
 * data directory (or, with {@code --store postgres}, a throw-away PostgreSQL server instead of the Mongo-wire store), the WhatsApp simulator (with its HTTP control API), and the bridge process pointed at them.
 */
final class DemoStack implements AutoCloseable {
    private final DemoOptions options;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private EmbeddedKafka kafka;
    private EmbeddedMongo mongo;
    private EmbeddedPostgres postgres;
    private WaSimulator simulator;
    private ControlServer control;
    private BridgeProcess bridge;
    private int httpPort;
    private final DemoCredentials credentials = DemoCredentials.generate();

    DemoStack(DemoOptions options) {
        this.options = options;
    }

    /** Readiness as the bridge reports it: HTTP status and JSON body. */
    record Readiness(int status, String body) {
        boolean up() {
            return status == 200;
        }
    }

    DemoStack start() throws IOException {
        kafka = EmbeddedKafka.builder()
                .logDir(options.dataDir().resolve("kafka").toAbsolutePath())
                .port(Ports.preferred(options.kafkaPort()))
                .build()
                .start();
        if (options.store() == DemoOptions.Store.POSTGRES) {
            if (!EmbeddedPostgres.available()) {
                throw new IllegalStateException("--store postgres needs PostgreSQL's server binaries: apt-get install -y postgresql"
                        + " (or set WABRIDGE_PG_BIN to the directory holding initdb and postgres)");
            }
            postgres = EmbeddedPostgres.temporary().start();
        } else {
            mongo = EmbeddedMongo.persistent(options.dataDir().resolve("mongo").resolve("wabridge.mv"),
                    Ports.preferred(options.mongoPort())).start();
        }
        try {
            simulator = WaSimulator.start();
            simulator.accounts().appState().shareKeys(true); // phones share app-state keys, as WhatsApp's do
            control = ControlServer.start(simulator, "127.0.0.1", 0);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot start the simulator", e);
        }
        httpPort = Ports.preferred(options.httpPort());
        bridge = BridgeProcess.start(options.bridgeJar(), bridgeEnvironment(),
                options.dataDir().resolve("logs").resolve("bridge.log"));
        return this;
    }

    Map<String, String> bridgeEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        if (postgres != null) {
            env.put("WABRIDGE_STORE_BACKEND", "postgres");
            env.put("QUARKUS_DATASOURCE_REACTIVE_URL", postgresUrl());
            env.put("QUARKUS_DATASOURCE_USERNAME", EmbeddedPostgres.USER);
        } else {
            env.put("QUARKUS_MONGODB_CONNECTION_STRING", mongo.connectionString());
        }
        env.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        env.put("WABRIDGE_WHATSAPP_URL", simulator.url().toString());
        env.put("WABRIDGE_WHATSAPP_NOISE_ROOT_KEY", simulator.noiseRootKeyHex());
        // The views' RocksDB stores next to the rest of the demo's data (a restart then skips the restore).
        env.put("KAFKA_STREAMS_STATE_DIR", options.dataDir().resolve("views").toAbsolutePath().toString());
        env.put("WABRIDGE_VIEWS_HOST", "127.0.0.1");
        // media blobs beside the demo's other state (filesystem blob store, the default)
        env.put("WABRIDGE_MEDIA_FS_ROOT", options.dataDir().resolve("media").toAbsolutePath().toString());
        // encryption at rest: the demo's master keyring, generated on first start (owner-only), kept with its data
        Path keyring = options.dataDir().resolve("master.keys").toAbsolutePath();
        Keyring.readOrCreate(keyring, new SecureRandom());
        env.put("WABRIDGE_STORE_ENCRYPTION_KEY_FILE", keyring.toString());
        // HTTP authentication on, with credentials generated for this run (printed by the welcome text)
        env.putAll(credentials.environment());
        // the bridge's client trusts the simulator's HTTPS media host (its certificate is made per run)
        java.nio.file.Path mediaPem = options.dataDir().resolve("simulator-media.pem").toAbsolutePath();
        try {
            java.nio.file.Files.createDirectories(mediaPem.getParent());
            java.nio.file.Files.writeString(mediaPem, simulator.media().server().certificatePem());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + mediaPem, e);
        }
        env.put("WABRIDGE_MEDIA_WHATSAPP_TRUST_PEM", mediaPem.toString());
        return env;
    }

    /** Waits until the bridge reports ready; fails early if the bridge process dies. */
    Readiness awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Readiness last = new Readiness(0, "bridge not answering yet");
        while (System.nanoTime() < deadline) {
            if (!bridge.isAlive()) {
                throw new IllegalStateException("the bridge exited during start-up; see " + bridge.log());
            }
            last = readiness();
            if (last.up()) {
                return last;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the bridge is not ready after " + timeout.toSeconds() + " s: " + last.body()
                + " (log: " + bridge.log() + ")");
    }

    Readiness readiness() throws InterruptedException {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(bridgeUrl() + "/q/health/ready")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Readiness(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Readiness(0, e.toString());
        }
    }

    /** The session table of the views ({@code GET /views/sessions}), or why it is not available. */
    /**
     * The views' session table. While the views restore or rebalance (503, e.g. right after the broker came back
     * or the tour's topics were created) this waits up to 30 s for them rather than printing a transient error.
     */
    String sessionTable() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(URI.create(bridgeUrl() + "/views/sessions?limit=1000"))
                                .header("Authorization", credentials.authorization())
                                .timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return SessionTable.format(response.body());
                }
                if (response.statusCode() != 503 || System.nanoTime() > deadline) {
                    return "session table not available (" + response.statusCode() + "): " + response.body();
                }
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    return "session table not available: " + e;
                }
            }
            Thread.sleep(250);
        }
    }

    /**
     * The session table once it lists {@code sessionId}: the views are Kafka Streams state stores fed from the
     * events topic, so a session paired a moment ago shows up after their next commit; the last table after
     * {@code timeout} otherwise.
     */
    String awaitSessionTable(String sessionId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String table = sessionTable();
        while (!table.contains(sessionId) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            table = sessionTable();
        }
        return table;
    }

    DemoCredentials credentials() {
        return credentials;
    }

    String bridgeUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    EmbeddedKafka kafka() {
        return kafka;
    }

    /** Null with {@code --store postgres}. */
    EmbeddedMongo mongo() {
        return mongo;
    }

    /** Null unless {@code --store postgres}. */
    EmbeddedPostgres postgres() {
        return postgres;
    }

    String postgresUrl() {
        return "postgresql://" + postgres.host() + ":" + postgres.port() + "/" + EmbeddedPostgres.DATABASE;
    }

    BridgeProcess bridge() {
        return bridge;
    }

    WaSimulator simulator() {
        return simulator;
    }

    ControlServer control() {
        return control;
    }

    @Override
    public void close() {
        if (bridge != null) {
            bridge.close();
        }
        if (control != null) {
            control.close();
        }
        if (simulator != null) {
            simulator.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (mongo != null) {
            mongo.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }
}

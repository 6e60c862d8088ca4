package io.wabridge.embedded;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker running in this JVM in KRaft combined mode (one node that is both broker and
 * controller). Ports and the log directory are fixed at construction, so {@link #stop()} followed by
 * {@link #start()} brings back the same broker with its data: tests use this to cut Kafka away and restore it.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private final Path logDir;
    private final boolean temporaryLogDir;
    private final int brokerPort;
    private final int controllerPort;
    private final Map<String, String> overrides;
    private final int saslPort;
    private final String saslUser;
    private final String saslPassword;
    private SelfSignedTls tls;
    private KafkaRaftServer server;

    private EmbeddedKafka(Builder builder) {
        this.temporaryLogDir = builder.logDir == null;
        this.logDir = temporaryLogDir ? Directories.temporary("wabridge-kafka-") : builder.logDir;
        this.brokerPort = builder.port > 0 ? builder.port : FreePorts.pick();
        this.controllerPort = FreePorts.pick();
        this.overrides = Map.copyOf(builder.overrides);
        this.saslUser = builder.saslUser;
        this.saslPassword = builder.saslPassword;
        this.saslPort = saslUser == null ? 0 : FreePorts.pick();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A broker on random ports with a temporary log directory, already started. */
    public static EmbeddedKafka startTemporary() {
        EmbeddedKafka kafka = builder().build();
        kafka.start();
        return kafka;
    }

    public synchronized EmbeddedKafka start() {
        if (server != null) {
            return this;
        }
        long started = System.nanoTime();
        if (saslPort > 0 && tls == null) {
            tls = SelfSignedTls.create(Directories.temporary("wabridge-kafka-tls-")); // not in the log directory
        }
        KafkaConfig config = new KafkaConfig(brokerProperties(), false);
        formatIfNeeded();
        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        if (saslPort > 0) {
            createScramUser();
        }
        LOG.info("Embedded Kafka (KRaft) up at {} in {} ms, logs in {}", bootstrapServers(),
                (System.nanoTime() - started) / 1_000_000, logDir);
        return this;
    }

    /** Shuts the broker down cleanly; its data and ports are kept for {@link #start()}. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
        LOG.info("Embedded Kafka at {} stopped", bootstrapServers());
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    /** The SASL_SSL listener (SCRAM-SHA-512 over TLS); only with {@link Builder#saslSsl}. */
    public String saslSslBootstrapServers() {
        requireSasl();
        return "127.0.0.1:" + saslPort;
    }

    /**
     * What a client needs, besides {@code bootstrap.servers}, to connect to the SASL_SSL listener as the SCRAM user:
     * security protocol, mechanism, JAAS login and the broker's self-signed certificate as a PEM truststore (host
     * name verification stays on: the certificate names 127.0.0.1 and localhost).
     */
    public Map<String, String> saslSslClientProperties() {
        requireSasl();
        return Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                        + saslUser + "\" password=\"" + saslPassword + "\";",
                "ssl.truststore.type", "PEM",
                "ssl.truststore.certificates", tls.certificatePem());
    }

    private void requireSasl() {
        if (saslPort == 0 || tls == null) {
            throw new IllegalStateException("the broker has no SASL_SSL listener (Builder.saslSsl) or is not started yet");
        }
    }

    /** The SCRAM-SHA-512 credential of the configured user, stored in the cluster metadata (idempotent). */
    private void createScramUser() {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(saslUser,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), saslPassword)))
                    .all().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the SCRAM user " + saslUser + ": " + e, e);
        }
    }

    public Path logDir() {
        return logDir;
    }

    @Override
    public void close() {
        stop();
        if (temporaryLogDir) {
            Directories.deleteRecursively(logDir);
        }
        if (tls != null) {
            Directories.deleteRecursively(tls.keyStore().getParent());
        }
    }

    private Properties brokerProperties() {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        String sasl = saslPort > 0 ? ",SASL_SSL://127.0.0.1:" + saslPort : "";
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + sasl + "," + CONTROLLER_LISTENER + "://127.0.0.1:"
                + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + sasl);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT"
                + (saslPort > 0 ? ",SASL_SSL:SASL_SSL" : ""));
        if (saslPort > 0) {
            // SCRAM-SHA-512 over TLS for clients; the broker's own listeners (inter-broker, controller) stay local plaintext
            props.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
            props.put("listener.name.sasl_ssl.sasl.enabled.mechanisms", "SCRAM-SHA-512");
            props.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;");
            props.put("listener.name.sasl_ssl.ssl.keystore.type", "PKCS12");
            props.put("listener.name.sasl_ssl.ssl.keystore.location", tls.keyStore().toString());
            props.put("listener.name.sasl_ssl.ssl.keystore.password", tls.password());
            props.put("listener.name.sasl_ssl.ssl.key.password", tls.password());
        }
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir.toString());
        // One node: every internal topic has one replica; one offsets partition keeps start-up fast.
        props.put("offsets.topic.num.partitions", "1");
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.num.partitions", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        // Topics are created on purpose (the bridge creates its own), as in production.
        props.put("auto.create.topics.enable", "false");
        props.put("num.partitions", "1");
        props.putAll(overrides);
        return props;
    }

    private void formatIfNeeded() {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        try (PrintStream quiet = new PrintStream(OutputStream.nullOutputStream())) {
            new Formatter()
                    .setPrintStream(quiet)
                    .setNodeId(1)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setIgnoreFormatted(true)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format KRaft storage in " + logDir, e);
        }
    }

    public static final class Builder {
        private Path logDir;
        private int port;
        private String saslUser;
        private String saslPassword;
        private final Map<String, String> overrides = new java.util.HashMap<>();

        /** Persistent log directory (kept across runs); a temporary one, deleted on close, when unset. */
        public Builder logDir(Path logDir) {
            this.logDir = logDir;
            return this;
        }

        /** Client port; a free one when unset. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /**
         * Adds a SASL_SSL listener (SCRAM-SHA-512, TLS with a self-signed certificate made at the first start in a
         * temporary directory) on its own port, with one SCRAM user; the PLAINTEXT listener stays for the broker itself.
         */
        public Builder saslSsl(String user, String password) {
            this.saslUser = java.util.Objects.requireNonNull(user, "user");
            this.saslPassword = java.util.Objects.requireNonNull(password, "password");
            return this;
        }

        /** Any broker setting, e.g. {@code log.retention.ms}. */
        public Builder brokerProperty(String key, String value) {
            overrides.put(key, value);
            return this;
        }

        public EmbeddedKafka build() {
            return new EmbeddedKafka(this);
        }
    }
}

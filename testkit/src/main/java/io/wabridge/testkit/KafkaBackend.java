package io.wabridge.testkit;

/**
 * The Kafka brokers a test class can run against. Use with
 * {@code @ParameterizedClass @EnumSource(KafkaBackend.class)}; a backend that cannot run here skips its run.
 */
public enum KafkaBackend {
    /** A real Apache Kafka broker in this JVM, KRaft mode. Always available. */
    EMBEDDED_KRAFT {
        @Override
        public String bootstrapServers() {
            return SharedServers.embeddedKafka().bootstrapServers();
        }
    },
    /** The apache/kafka image in Docker; skipped when no Docker engine is reachable. */
    DOCKER_KAFKA {
        @Override
        public String bootstrapServers() {
            DockerSupport.assumeAvailable("Kafka " + ContainerImages.KAFKA);
            return SharedServers.dockerKafka().getBootstrapServers();
        }
    };

    /** Bootstrap servers of this backend's broker, started on first use and shared within the JVM. */
    public abstract String bootstrapServers();
}

package io.wabridge.testkit.quarkus;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.wabridge.testkit.ContainerImages;
import java.util.Map;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * Real MongoDB 7 and Apache Kafka images for a Quarkus test. Pair it with
 * {@link io.wabridge.testkit.RequiresDocker} on the test class so nothing is attempted without Docker.
 */
public class DockerInfraResource implements QuarkusTestResourceLifecycleManager {
    private KafkaContainer kafka;
    private MongoDBContainer mongo;

    @Override
    public Map<String, String> start() {
        kafka = new KafkaContainer(ContainerImages.KAFKA);
        mongo = new MongoDBContainer(ContainerImages.MONGO);
        kafka.start();
        mongo.start();
        return Map.of(
                "kafka.bootstrap.servers", kafka.getBootstrapServers(),
                "quarkus.mongodb.connection-string", mongo.getConnectionString());
    }

    @Override
    public void stop() {
        if (kafka != null) {
            kafka.stop();
        }
        if (mongo != null) {
            mongo.stop();
        }
    }
}

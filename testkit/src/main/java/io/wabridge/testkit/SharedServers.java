package io.wabridge.testkit;

import io.wabridge.embedded.EmbeddedKafka;
import io.wabridge.embedded.EmbeddedMongo;
import io.wabridge.embedded.EmbeddedPostgres;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Servers shared by every test class of one JVM (one Surefire fork): started on first use, stopped when the
 * JVM exits. Tests isolate themselves by unique topic and database names, not by servers.
 */
final class SharedServers {
    private static final ConcurrentHashMap<String, Object> STARTED = new ConcurrentHashMap<>();

    private SharedServers() {}

    static EmbeddedKafka embeddedKafka() {
        return shared("embedded-kafka", EmbeddedKafka::startTemporary, EmbeddedKafka::close);
    }

    static EmbeddedMongo embeddedMongo() {
        return shared("embedded-mongo", () -> EmbeddedMongo.inMemory().start(), EmbeddedMongo::close);
    }

    static EmbeddedPostgres embeddedPostgres() {
        return shared("embedded-postgres", () -> EmbeddedPostgres.temporary().start(), EmbeddedPostgres::close);
    }

    static PostgreSQLContainer dockerPostgres() {
        return shared("docker-postgres", () -> {
            PostgreSQLContainer container = new PostgreSQLContainer(ContainerImages.POSTGRES);
            container.start();
            return container;
        }, PostgreSQLContainer::stop);
    }

    static MongoDBContainer dockerMongo() {
        return shared("docker-mongo", () -> {
            MongoDBContainer container = new MongoDBContainer(ContainerImages.MONGO);
            container.start();
            return container;
        }, MongoDBContainer::stop);
    }

    static KafkaContainer dockerKafka() {
        return shared("docker-kafka", () -> {
            KafkaContainer container = new KafkaContainer(ContainerImages.KAFKA);
            container.start();
            return container;
        }, KafkaContainer::stop);
    }

    @SuppressWarnings("unchecked")
    private static <T> T shared(String key, Supplier<T> start, java.util.function.Consumer<T> stop) {
        return (T) STARTED.computeIfAbsent(key, k -> {
            T server = start.get();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop.accept(server), "stop-" + k));
            return server;
        });
    }
}

package io.wabridge.testkit.quarkus;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.wabridge.embedded.EmbeddedKafka;
import io.wabridge.embedded.EmbeddedPostgres;
import java.util.Map;

/**
 * Starts a real Kafka broker (KRaft, in-process) and a real throw-away PostgreSQL server ({@link EmbeddedPostgres})
 * for a Quarkus test and points the application at them with {@code wabridge.store.backend=postgres}. The servers
 * belong to this resource, so a test may stop them: declare {@code @InjectEmbeddedInfra EmbeddedInfra infra;} (Kafka)
 * and {@code @InjectEmbeddedInfra EmbeddedPostgres postgres;}.
 */
public class EmbeddedPostgresInfraResource implements QuarkusTestResourceLifecycleManager {
    private EmbeddedKafka kafka;
    private EmbeddedPostgres postgres;

    @Override
    public Map<String, String> start() {
        kafka = EmbeddedKafka.startTemporary();
        postgres = EmbeddedPostgres.temporary().start();
        return Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "wabridge.store.backend", "postgres",
                "quarkus.datasource.reactive.url", "postgresql://" + postgres.host() + ":" + postgres.port() + "/"
                        + EmbeddedPostgres.DATABASE,
                "quarkus.datasource.username", EmbeddedPostgres.USER,
                "quarkus.datasource.password", "",
                // MongoDB is not used: a port nothing listens on proves it
                "quarkus.mongodb.connection-string", "mongodb://127.0.0.1:1");
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(new EmbeddedInfra(kafka, null),
                new TestInjector.AnnotatedAndMatchesType(InjectEmbeddedInfra.class, EmbeddedInfra.class));
        injector.injectIntoFields(postgres,
                new TestInjector.AnnotatedAndMatchesType(InjectEmbeddedInfra.class, EmbeddedPostgres.class));
    }

    @Override
    public void stop() {
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }
}

package io.wabridge.testkit.quarkus;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.wabridge.embedded.EmbeddedKafka;
import io.wabridge.embedded.EmbeddedMongo;
import java.util.Map;

/**
 * Starts a real Kafka broker (KRaft, in-process) and a Mongo-wire server for a Quarkus test and points the
 * application at them. The servers belong to this resource (not shared), so a test may stop them to watch
 * the bridge react: declare {@code @InjectEmbeddedInfra EmbeddedInfra infra;} in the test class.
 */
public class EmbeddedInfraResource implements QuarkusTestResourceLifecycleManager {
    private EmbeddedKafka kafka;
    private EmbeddedMongo mongo;

    @Override
    public Map<String, String> start() {
        kafka = EmbeddedKafka.startTemporary();
        mongo = EmbeddedMongo.inMemory().start();
        return Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "quarkus.mongodb.connection-string", mongo.connectionString());
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(new EmbeddedInfra(kafka, mongo),
                new TestInjector.AnnotatedAndMatchesType(InjectEmbeddedInfra.class, EmbeddedInfra.class));
    }

    @Override
    public void stop() {
        if (kafka != null) {
            kafka.close();
        }
        if (mongo != null) {
            mongo.close();
        }
    }
}

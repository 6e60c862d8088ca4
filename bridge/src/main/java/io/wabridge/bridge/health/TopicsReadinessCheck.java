package io.wabridge.bridge.health;

import io.wabridge.bridge.kafka.TopicProvisioner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only once the command, event and DLQ topics exist. */
@Readiness
@ApplicationScoped
public class TopicsReadinessCheck implements HealthCheck {
    @Inject
    TopicProvisioner topics;

    @Override
    public HealthCheckResponse call() {
        var missing = topics.missingTopics();
        if (missing.isEmpty()) {
            return HealthCheckResponse.up("kafka-topics");
        }
        return HealthCheckResponse.named("kafka-topics").down()
                .withData("missing", String.join(",", missing))
                .withData("error", String.valueOf(topics.lastError()))
                .build();
    }
}

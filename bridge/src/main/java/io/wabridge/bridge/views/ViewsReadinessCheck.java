package io.wabridge.bridge.views;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while the views run (RUNNING, or REBALANCING: queries then answer 503 for a moment); UP with
 * {@code enabled=false} when they are switched off. Replaces the extension's own checks, which cannot tell "off".
 */
@Readiness
@ApplicationScoped
public class ViewsReadinessCheck implements HealthCheck {

    @Inject
    ViewsBeans views;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("views");
        KafkaStreams.State state = views.state();
        if (state == null) {
            return response.up().withData("enabled", false).build();
        }
        return response.status(state.isRunningOrRebalancing()).withData("state", state.name()).build();
    }
}

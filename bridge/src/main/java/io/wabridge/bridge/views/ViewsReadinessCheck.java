package io.wabridge.bridge.views;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while the views run (RUNNING, or REBALANCING: queries then answer 503 for a moment); UP with
 * {@code enabled=false} when they are switched off (and {@code remote=true} when {@code wabridge.views.url} names where
 * they run: whether those processes answer is their own readiness, not this worker's; the URL itself is only logged). Replaces the extension's own checks, which cannot tell "off".
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
            RemoteViews remote = views.remote();
            return remote == null ? response.up().withData("enabled", false).build()
                    : response.up().withData("enabled", false).withData("remote", true).build();
        }
        return response.status(state.isRunningOrRebalancing()).withData("state", state.name()).build();
    }
}

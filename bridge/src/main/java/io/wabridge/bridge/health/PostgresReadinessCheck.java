package io.wabridge.bridge.health;

import io.wabridge.bridge.config.BridgeConfig;
import io.wabridge.bridge.storage.StorageBackend;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * With {@code wabridge.store.backend=postgres}: ready only while PostgreSQL answers within the health timeout and the
 * schema was migrated; DOWN says why (unreachable, authentication, a failed migration). Reported only on that backend,
 * and UP without a look in a views-only process ({@code wabridge.mode=views}: no database, whatever the backend).
 */
@Readiness
@ApplicationScoped
public class PostgresReadinessCheck implements HealthCheck {
    private final StorageBackend storage;
    private final Duration timeout;
    private final String schema;
    /** A views-only process ({@code wabridge.mode=views}) uses no database: the backend is not even built there. */
    private final boolean viewsOnly;

    @Inject
    public PostgresReadinessCheck(StorageBackend storage, BridgeConfig config) {
        this.storage = storage; // a client proxy: the backend is built at its first call, never in a views-only process
        this.timeout = config.health().timeout();
        this.schema = config.store().postgres().schema();
        this.viewsOnly = !config.runsWorker();
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("postgresql").withData("schema", schema);
        if (viewsOnly) {
            return response.up().withData("backend", "not used (wabridge.mode=views)").build();
        }
        if (storage.kind() != StorageBackend.Kind.POSTGRES) {
            return response.up().withData("backend", "not used (wabridge.store.backend=mongo)").build();
        }
        Optional<String> down = storage.probePostgres(timeout);
        if (down.isPresent()) {
            return response.down().withData("error", down.get()).build();
        }
        Optional<String> notPrepared = storage.notPrepared();
        if (notPrepared.isPresent()) {
            return response.down().withData("error", "schema not migrated yet: " + notPrepared.get()).build();
        }
        return response.up().build();
    }
}

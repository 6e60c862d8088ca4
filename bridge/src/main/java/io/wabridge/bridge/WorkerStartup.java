package io.wabridge.bridge;

import io.quarkus.runtime.StartupEvent;
import io.wabridge.bridge.config.BridgeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Starts the worker (command consumer, sessions, leases) unless this process runs the views only
 * ({@code wabridge.mode=views}), in which case {@link BridgeRuntime} is never created: no producer, no MongoDB.
 */
@ApplicationScoped
public class WorkerStartup {
    private static final Logger LOG = Logger.getLogger(WorkerStartup.class);

    @Inject
    BridgeConfig config;

    @Inject
    Instance<BridgeRuntime> runtime;

    void onStart(@Observes StartupEvent start) {
        if (config.runsWorker()) {
            runtime.get().start();
        } else {
            if (!config.views().enabled()) {
                throw new IllegalStateException("wabridge.mode=views with wabridge.views.enabled=false runs nothing");
            }
            LOG.info("wabridge.mode=views: this process runs the views only (no command consumer, no sessions)");
        }
    }

    /** True when this process runs sessions (for endpoints and checks that only make sense in a worker). */
    public boolean worker() {
        return config.runsWorker();
    }
}

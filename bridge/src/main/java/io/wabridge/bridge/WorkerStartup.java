package io.wabridge.bridge;

import io.quarkus.runtime.StartupEvent;
import io.wabridge.bridge.config.BridgeConfig;
import io.wabridge.bridge.views.RemoteViews;
import io.wabridge.bridge.views.ViewsBeans;
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

    @Inject
    ViewsBeans views;

    void onStart(@Observes StartupEvent start) {
        if (config.runsWorker()) {
            RemoteViews remote = views.remote(); // a malformed wabridge.views.url fails the start, not a query
            if (remote != null) {
                LOG.infof("the views run elsewhere: view queries go to %s", remote.url());
            } else if (!config.views().enabled()) {
                LOG.info("the views are off here and wabridge.views.url is unset: view queries answer 404");
            }
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

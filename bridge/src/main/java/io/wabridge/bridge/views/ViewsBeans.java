package io.wabridge.bridge.views;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.lookup.LookupIfProperty;
import io.wabridge.bridge.config.BridgeConfig;
import io.wabridge.bridge.contract.WireFormat;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Hands the views topology to Quarkus' Kafka Streams extension, which configures, starts and closes it (waiting for
 * its topics first). With {@code wabridge.views.enabled=false} there is no Topology bean and the extension starts
 * nothing.
 */
@ApplicationScoped
public class ViewsBeans {
    private static final Logger LOG = Logger.getLogger(ViewsBeans.class);

    @Inject
    BridgeConfig config;

    @Inject
    Instance<KafkaStreams> streams;

    @Inject
    io.wabridge.bridge.security.Credentials credentials;

    @ConfigProperty(name = "quarkus.kafka-streams.application-server")
    Optional<String> applicationServer;

    private volatile ViewsQueries queries;
    private volatile RemoteViews remote;

    @Produces
    @Singleton
    @LookupIfProperty(name = "wabridge.views.enabled", stringValue = "true", lookupIfMissing = true)
    Topology topology(MeterRegistry metrics) {
        return ViewsTopology.build(settings(config), new ViewsMetrics(metrics));
    }

    /** A stream thread that dies of an unexpected exception is replaced: the views never stop on one record. */
    @Produces
    @Singleton
    StreamsUncaughtExceptionHandler uncaught() {
        return e -> {
            LOG.errorf(e, "a views stream thread failed; replacing it");
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        };
    }

    static ViewsSettings settings(BridgeConfig config) {
        BridgeConfig.Views v = config.views();
        return new ViewsSettings(config.topics().events(), config.topics().sessions(),
                config.topics().viewsDlq(), WireFormat.ofConfig(config.events().format()), v.typedTopics(),
                v.dedupeWindow(), v.loggedOutRetention(), v.purgeInterval());
    }

    /** True when this process runs the views. */
    public boolean enabled() {
        return config.views().enabled();
    }

    /** The queries over the running views; only when {@link #enabled()}. */
    private ViewsQueries queries() {
        ViewsQueries q = queries;
        if (q == null) {
            HostInfo self = applicationServer.filter(s -> !s.isBlank()).map(HostInfo::buildFromEndpoint).orElse(null);
            q = new ViewsQueries(streams.get(), self, config.views().forwardTimeout(),
                    credentials.peerAuthorization().orElse(null));
            queries = q;
        }
        return q;
    }

    /**
     * Where this process sends view queries when it does not run the views: the processes at
     * {@code wabridge.views.url}; null when it runs them, or when no URL is set (it then answers them 404).
     */
    public RemoteViews remote() {
        if (enabled() || config.views().url().filter(u -> !u.isBlank()).isEmpty()) {
            return null;
        }
        RemoteViews r = remote;
        if (r == null) {
            r = new RemoteViews(config.views().url().get(), config.views().forwardTimeout(),
                    credentials.peerAuthorization().orElse(null));
            remote = r;
        }
        return r;
    }

    /** One session's status: from the views this process runs, else from {@link #remote}; null without either. */
    public ViewsQueries.Answer session(String id, boolean forwarded) {
        if (enabled()) {
            return queries().session(id, forwarded);
        }
        RemoteViews r = remote();
        return r == null ? null : r.session(id);
    }

    /** A page of one session's chats, as {@link #session} answers. */
    public ViewsQueries.Answer chats(String id, int limit, String cursor, boolean forwarded) {
        if (enabled()) {
            return queries().chats(id, limit, cursor, forwarded);
        }
        RemoteViews r = remote();
        return r == null ? null : r.chats(id, limit, cursor);
    }

    /** A page of the session list, as {@link #session} answers. */
    public ViewsQueries.Answer sessions(int limit, String cursor, boolean forwarded) {
        if (enabled()) {
            return queries().sessions(limit, cursor, forwarded);
        }
        RemoteViews r = remote();
        return r == null ? null : r.sessions(limit, cursor);
    }

    /** The views' Kafka Streams state, for readiness; null when the views are off. */
    public KafkaStreams.State state() {
        return enabled() ? streams.get().state() : null;
    }
}

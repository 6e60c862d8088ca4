package io.wabridge.bridge.kafka;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.wabridge.bridge.config.BridgeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

/**
 * Makes sure the command, event and DLQ topics exist, and with the views on, the compacted sessions topic, the
 * views DLQ and (when configured) the typed event topics. Runs in the background and retries until it succeeds,
 * so a worker started before Kafka comes up on its own once Kafka does; readiness stays DOWN until then.
 */
@ApplicationScoped
public class TopicProvisioner {
    private static final Logger LOG = Logger.getLogger(TopicProvisioner.class);
    private static final long RETRY_SECONDS = 2;

    private final BridgeConfig config;
    private final Map<String, Object> adminConfig;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("wabridge-topics").daemon().factory());
    private volatile Set<String> missing;
    private volatile String lastError = "not checked yet";

    @Inject
    public TopicProvisioner(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, BridgeConfig config) {
        this.config = config;
        this.adminConfig = new HashMap<>(kafkaConfig);
        adminConfig.put(AdminClientConfig.CLIENT_ID_CONFIG, "wabridge-topics");
        adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        adminConfig.keySet().retainAll(AdminClientConfig.configNames());
        this.missing = Set.copyOf(topicNames());
    }

    void onStart(@Observes StartupEvent start) {
        retries.execute(this::attempt);
    }

    void onStop(@Observes ShutdownEvent stop) {
        retries.shutdownNow();
    }

    /** Topics that do not exist yet (empty once provisioning succeeded). */
    public Set<String> missingTopics() {
        return missing;
    }

    public String lastError() {
        return lastError;
    }

    List<String> topicNames() {
        List<String> names = new ArrayList<>(List.of(config.topics().commands(), config.topics().events(),
                config.topics().dlq()));
        if (config.views().enabled()) {
            names.add(config.topics().sessions());
            names.add(config.topics().viewsDlq());
            if (config.views().typedTopics()) {
                for (String type : io.wabridge.bridge.contract.EventEncoder.typeNames()) {
                    names.add(config.topics().events() + "." + type);
                }
            }
        }
        return List.copyOf(names);
    }

    /** Topic settings of a created topic: the sessions topic is compacted (latest status per session id). */
    Map<String, String> topicConfig(String name) {
        return name.equals(config.topics().sessions()) && config.views().enabled()
                ? Map.of("cleanup.policy", "compact")
                : Map.of();
    }

    private void attempt() {
        try (Admin admin = Admin.create(adminConfig)) {
            Set<String> absent = new LinkedHashSet<>(topicNames());
            absent.removeAll(admin.listTopics().names().get(10, TimeUnit.SECONDS));
            if (!absent.isEmpty() && config.topics().create()) {
                create(admin, absent);
                absent.clear();
            }
            missing = Set.copyOf(absent);
            if (absent.isEmpty()) {
                lastError = null;
                LOG.infof("Kafka topics ready: %s", topicNames());
                return;
            }
            lastError = "missing topics " + absent + " and wabridge.topics.create=false";
            LOG.warnf("%s; an operator must create them", lastError);
        } catch (Exception e) {
            lastError = io.wabridge.bridge.health.Failures.describe(e);
            LOG.debugf("topic provisioning failed, retrying in %ds: %s", RETRY_SECONDS, lastError);
        }
        if (!retries.isShutdown()) {
            retries.schedule(this::attempt, RETRY_SECONDS, TimeUnit.SECONDS);
        }
    }

    private void create(Admin admin, Set<String> absent) throws Exception {
        List<NewTopic> topics = new ArrayList<>();
        for (String name : absent) {
            topics.add(new NewTopic(name, config.topics().partitions(), config.topics().replicationFactor())
                    .configs(topicConfig(name)));
        }
        var results = admin.createTopics(topics).values();
        for (var entry : results.entrySet()) {
            try {
                entry.getValue().get(10, TimeUnit.SECONDS);
                LOG.infof("created topic %s (%d partitions, replication %d)", entry.getKey(),
                        config.topics().partitions(), config.topics().replicationFactor());
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e; // another worker creating it at the same time is fine; anything else is not
                }
            }
        }
    }
}

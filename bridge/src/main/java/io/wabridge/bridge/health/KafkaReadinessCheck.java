package io.wabridge.bridge.health;

import io.smallrye.common.annotation.Identifier;
import io.wabridge.bridge.config.BridgeConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the Kafka cluster answers a metadata request within the health timeout. */
@Readiness
@ApplicationScoped
public class KafkaReadinessCheck implements HealthCheck {
    private final Admin admin;
    private final long timeoutMillis;
    private final String bootstrap;

    @Inject
    public KafkaReadinessCheck(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, BridgeConfig config) {
        this.timeoutMillis = config.health().timeout().toMillis();
        Map<String, Object> adminConfig = new HashMap<>(kafkaConfig);
        adminConfig.put(AdminClientConfig.CLIENT_ID_CONFIG, "wabridge-health");
        adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeoutMillis);
        adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeoutMillis);
        // Quarkus passes every kafka.* key; keep those the admin client knows, so it logs no warnings.
        adminConfig.keySet().retainAll(AdminClientConfig.configNames());
        this.bootstrap = String.valueOf(adminConfig.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
        this.admin = Admin.create(adminConfig);
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("kafka").withData("bootstrap.servers", bootstrap);
        try {
            var cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeoutMillis));
            int nodes = cluster.nodes().get(timeoutMillis, TimeUnit.MILLISECONDS).size();
            return response.up()
                    .withData("cluster.id", cluster.clusterId().get(timeoutMillis, TimeUnit.MILLISECONDS))
                    .withData("brokers", nodes)
                    .build();
        } catch (Exception e) {
            return response.down().withData("error", Failures.describe(e)).build();
        }
    }

    @PreDestroy
    void close() {
        admin.close(java.time.Duration.ofSeconds(1));
    }
}

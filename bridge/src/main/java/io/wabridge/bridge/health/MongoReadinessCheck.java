package io.wabridge.bridge.health;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.wabridge.bridge.config.BridgeConfig;
import io.wabridge.bridge.storage.StorageBackend;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while MongoDB answers a ping within the health timeout (always UP, saying so, when
 * {@code wabridge.store.backend=postgres}). The probe has its own one-connection
 * client with short timeouts: the store's client waits up to 30 s for a server, far longer than a probe may.
 */
@Readiness
@ApplicationScoped
public class MongoReadinessCheck implements HealthCheck {
    private final MongoClient probeClient;
    private final String database;

    @Inject
    public MongoReadinessCheck(@ConfigProperty(name = "quarkus.mongodb.connection-string") String connectionString,
                               BridgeConfig config) {
        long timeout = config.health().timeout().toMillis();
        this.database = config.mongodb().database();
        if (StorageBackend.Kind.POSTGRES == storageKind(config)) {
            this.probeClient = null; // MongoDB is not used: no client that would try to reach it
            return;
        }
        this.probeClient = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(connectionString))
                .applicationName("wabridge-health")
                .applyToClusterSettings(c -> c.serverSelectionTimeout(timeout, TimeUnit.MILLISECONDS))
                .applyToSocketSettings(s -> s.connectTimeout((int) timeout, TimeUnit.MILLISECONDS)
                        .readTimeout((int) timeout, TimeUnit.MILLISECONDS))
                .applyToConnectionPoolSettings(p -> p.maxSize(1).minSize(0))
                .build());
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("mongodb").withData("database", database);
        if (probeClient == null) {
            return response.up().withData("backend", "not used (wabridge.store.backend=postgres)").build();
        }
        try {
            probeClient.getDatabase(database).runCommand(new Document("ping", 1));
            return response.up().build();
        } catch (Exception e) {
            return response.down().withData("error", Failures.describe(e)).build();
        }
    }

    private static StorageBackend.Kind storageKind(BridgeConfig config) {
        try {
            return StorageBackend.kindOf(config.store().backend());
        } catch (IllegalArgumentException e) {
            return StorageBackend.Kind.MONGO; // the storage bean reports the bad value
        }
    }

    @PreDestroy
    void close() {
        if (probeClient != null) {
            probeClient.close();
        }
    }
}

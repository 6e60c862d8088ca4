package io.wabridge.store.mongo;

import io.wabridge.client.store.StoreSettings;
import java.util.Objects;

/**
 * @param collectionPrefix prepended to every collection name, so several deployments can share a database
 * @param settings         clock and message TTL
 */
public record MongoStoreOptions(String collectionPrefix, StoreSettings settings) {

    public static final String DEFAULT_PREFIX = "wa_";

    public MongoStoreOptions {
        Objects.requireNonNull(collectionPrefix, "collectionPrefix");
        Objects.requireNonNull(settings, "settings");
        if (collectionPrefix.contains("$") || collectionPrefix.indexOf('\0') >= 0 || collectionPrefix.startsWith("system.")) {
            throw new IllegalArgumentException("invalid collection prefix: " + collectionPrefix);
        }
    }

    public static MongoStoreOptions defaults() {
        return new MongoStoreOptions(DEFAULT_PREFIX, StoreSettings.defaults());
    }

    public MongoStoreOptions withSettings(StoreSettings newSettings) {
        return new MongoStoreOptions(collectionPrefix, newSettings);
    }
}

package io.wabridge.bridge.storage;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.wabridge.bridge.config.BridgeConfig;
import io.wabridge.client.store.StoreProvider;
import io.wabridge.client.store.encryption.EncryptedStoreProvider;
import io.wabridge.client.store.encryption.EncryptionStats;
import io.wabridge.client.store.encryption.KeyProvider;
import io.wabridge.client.store.encryption.Keyring;
import io.wabridge.client.store.encryption.PlaintextPolicy;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.jboss.logging.Logger;

/**
 * The worker's encryption at rest ({@code wabridge.store.encryption.*}): the keyring is read when the worker is built,
 * so a worker with encryption on and no usable master key fails at start-up with a message saying what to set.
 */
public final class StoreEncryption {

    private static final Logger LOG = Logger.getLogger(StoreEncryption.class);

    private final KeyProvider keys;
    private final PlaintextPolicy plaintext;

    private StoreEncryption(KeyProvider keys, PlaintextPolicy plaintext) {
        this.keys = keys;
        this.plaintext = plaintext;
    }

    public static StoreEncryption from(BridgeConfig.Store.Encryption config) {
        PlaintextPolicy plaintext = switch (config.plaintext().strip().toLowerCase(Locale.ROOT)) {
            case "migrate" -> PlaintextPolicy.MIGRATE;
            case "refuse" -> PlaintextPolicy.REFUSE;
            default -> throw new IllegalArgumentException("wabridge.store.encryption.plaintext must be migrate or refuse, got '"
                    + config.plaintext() + "'");
        };
        if (!config.enabled()) {
            LOG.warn("encryption at rest is OFF (wabridge.store.encryption.enabled=false): private keys and Signal sessions "
                    + "are stored in plaintext");
            return new StoreEncryption(null, plaintext);
        }
        Keyring keys;
        if (config.keyFile().isPresent() && !config.keyFile().get().isBlank()) {
            keys = Keyring.read(Path.of(config.keyFile().get().strip()));
        } else if (config.keys().isPresent() && !config.keys().get().isBlank()) {
            try {
                keys = Keyring.parse(config.keys().get());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("wabridge.store.encryption.keys: " + e.getMessage(), e);
            }
        } else {
            throw new IllegalStateException("encryption at rest is on but no master key is configured: set "
                    + "wabridge.store.encryption.key-file (a keyring file, lines <id>:<base64 of 32 random bytes>) or "
                    + "WABRIDGE_STORE_ENCRYPTION_KEYS, or turn it off explicitly with wabridge.store.encryption.enabled=false");
        }
        LOG.infof("encryption at rest on: current master key '%s' (%s), plaintext records: %s", keys.current().id(),
                keys, plaintext.name().toLowerCase(Locale.ROOT));
        return new StoreEncryption(keys, plaintext);
    }

    public boolean enabled() {
        return keys != null;
    }

    /** {@code provider} with its secrets encrypted (counted in {@code metrics}), or as it is when encryption is off. */
    public StoreProvider apply(StoreProvider provider, MeterRegistry metrics) {
        if (keys == null) {
            return provider;
        }
        EncryptedStoreProvider encrypted = new EncryptedStoreProvider(provider, keys, plaintext);
        EncryptionStats stats = encrypted.stats();
        counter(metrics, "wabridge.store.encryption.sealed", "Secret records written encrypted", stats, EncryptionStats::sealed);
        counter(metrics, "wabridge.store.encryption.opened", "Encrypted secret records read", stats, EncryptionStats::opened);
        counter(metrics, "wabridge.store.encryption.plaintext.reads",
                "Secret records read in plaintext (stored before encryption was on), sealed on their next write", stats,
                EncryptionStats::plaintextReads);
        counter(metrics, "wabridge.store.encryption.rewrapped",
                "Session data keys re-wrapped under the current master key (rotation, migration)", stats,
                EncryptionStats::rewrapped);
        counter(metrics, "wabridge.store.encryption.failures",
                "Secret records that could not be read: unknown master key, record from another session, tampering",
                stats, EncryptionStats::failures);
        return encrypted;
    }

    private static void counter(MeterRegistry metrics, String name, String description, EncryptionStats stats,
                                ToDoubleFunction<EncryptionStats> value) {
        FunctionCounter.builder(name, stats, value).description(description).register(metrics);
    }
}

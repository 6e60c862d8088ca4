package io.wabridge.bridge.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The bridge's own settings (prefix {@code wabridge}); Kafka and MongoDB connections use Quarkus' keys. */
@ConfigMapping(prefix = "wabridge")
public interface BridgeConfig {

    Topics topics();

    Mongodb mongodb();

    Whatsapp whatsapp();

    Health health();

    interface Topics {
        /** Command records in, keyed by sessionId. */
        @WithDefault("wabridge.commands")
        String commands();

        /** Event records out, keyed by sessionId. */
        @WithDefault("wabridge.events")
        String events();

        /** Commands that could not be executed, with the reason in headers. */
        @WithDefault("wabridge.commands.dlq")
        String dlq();

        /** Create missing topics at start-up. */
        @WithDefault("true")
        boolean create();

        /** Partitions of created topics: the upper bound on workers sharing the load. */
        @WithDefault("12")
        int partitions();

        @WithDefault("1")
        short replicationFactor();
    }

    interface Mongodb {
        @WithDefault("wabridge")
        String database();

        /** Prefix of every collection the bridge owns, so several deployments can share a database. */
        @WithDefault("wa_")
        String collectionPrefix();
    }

    interface Whatsapp {
        @WithDefault("wss://web.whatsapp.com/ws/chat")
        String url();

        /** Hex public key of the trusted Noise certificate root. */
        String noiseRootKey();
    }

    interface Health {
        /** Longest a readiness probe waits on Kafka or MongoDB before reporting DOWN. */
        @WithDefault("2s")
        Duration timeout();
    }
}

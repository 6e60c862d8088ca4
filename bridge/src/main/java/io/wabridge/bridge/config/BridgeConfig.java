package io.wabridge.bridge.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The bridge's own settings (prefix {@code wabridge}); Kafka, MongoDB and PostgreSQL connections use Quarkus' keys
 * ({@code kafka.*}, {@code quarkus.mongodb.connection-string}, {@code quarkus.datasource.*}).
 */
@ConfigMapping(prefix = "wabridge")
public interface BridgeConfig {

    Topics topics();

    Mongodb mongodb();

    Store store();

    Whatsapp whatsapp();

    Health health();

    Events events();

    Commands commands();

    Sessions sessions();

    Views views();

    /**
     * What this process runs: {@code worker} (the default: commands, sessions and, unless switched off, the views)
     * or {@code views} (the views only: no command consumer, no WhatsApp sessions, no MongoDB), for operators who
     * scale the views separately from the same jar.
     */
    @WithDefault("worker")
    String mode();

    /** True when this process runs the command consumer and the sessions ({@code mode=worker}). */
    default boolean runsWorker() {
        return switch (mode().strip().toLowerCase(java.util.Locale.ROOT)) {
            case "worker" -> true;
            case "views" -> false;
            default -> throw new IllegalArgumentException("wabridge.mode must be worker or views, not \"" + mode()
                    + "\"");
        };
    }
    Limits limits();

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

        /** The views' compacted session status topic, keyed by sessionId. */
        @WithDefault("wabridge.sessions")
        String sessions();

        /** Event records the views could not read, with the reason in headers. */
        @WithDefault("wabridge.views.dlq")
        String viewsDlq();

        /** Create missing topics at start-up. */
        @WithDefault("true")
        boolean create();

        /** Partitions of created topics: the upper bound on workers sharing the load. */
        @WithDefault("12")
        int partitions();

        @WithDefault("1")
        short replicationFactor();
    }

    interface Views {
        /** Run the Kafka Streams views (session status, chats) in this process. */
        @WithDefault("true")
        boolean enabled();

        /** Copy every event to {@code <events topic>.<type>} (e.g. wabridge.events.message), same key and headers. */
        @WithDefault("false")
        boolean typedTopics();

        /** How long a message id is remembered, so a message published twice counts once. */
        @WithDefault("7d")
        Duration dedupeWindow();

        /** How long a logged-out session stays in the views before it is removed (tombstone on the sessions topic). */
        @WithDefault("7d")
        Duration loggedOutRetention();

        /** How often logged-out sessions past the retention are looked for. */
        @WithDefault("10m")
        Duration purgeInterval();

        /** How long a query forwarded to the worker holding a session's partition may take. */
        @WithDefault("5s")
        Duration forwardTimeout();

        /**
         * Where a process without the views ({@code enabled=false}) sends the view queries it is asked (the views
         * API and the console's session table): the base URL of the processes running them, e.g. the views
         * Service {@code http://wabridge-views:8080} of the Kubernetes manifests. Unset: such a process answers
         * them 404. Ignored where the views run.
         */
        Optional<String> url();
    }

    interface Mongodb {
        @WithDefault("wabridge")
        String database();

        /** Prefix of every collection the bridge owns, so several deployments can share a database. */
        @WithDefault("wa_")
        String collectionPrefix();
    }

    interface Store {
        /**
         * Where the account stores, the session registry, the leases and the command results live: {@code mongo}
         * (MongoDB, {@code quarkus.mongodb.connection-string}) or {@code postgres} (PostgreSQL,
         * {@code quarkus.datasource.reactive.url} or {@code quarkus.datasource.jdbc.url}, with
         * {@code quarkus.datasource.username} and {@code quarkus.datasource.password}).
         */
        @WithDefault("mongo")
        String backend();

        Postgres postgres();

        /** The retention of each session's message archive (README "Message archive and app-state recovery"). */
        Archive archive();

        interface Archive {
            /** The newest messages kept per session; older ones are deleted as new ones are archived. */
            @WithDefault("10000")
            int maxMessages();

            /** Messages older than this (by their own timestamp) are not returned and are reclaimed. */
            @WithDefault("30d")
            java.time.Duration maxAge();
        }

        /** Encryption at rest of the secrets in the account stores (README "Keys at rest"). */
        Encryption encryption();

        interface Encryption {
            /**
             * On unless set to false: every private key, Signal session, sender key and app-state key is stored
             * AES-256-GCM-encrypted under a per-session data key wrapped by the master key. A worker with encryption
             * on and no master key configured does not start.
             */
            @WithDefault("true")
            boolean enabled();

            /**
             * A keyring file: lines {@code <id>:<base64 of 32 bytes>}, the first the current master key, the others
             * previous keys still accepted for unwrapping (rotation). Read at start-up.
             */
            java.util.Optional<String> keyFile();

            /**
             * The keyring as a value (entries separated by {@code ;} or new lines), typically from the environment
             * variable {@code WABRIDGE_STORE_ENCRYPTION_KEYS} (a Kubernetes secret); used when no key file is set.
             */
            java.util.Optional<String> keys();

            /**
             * Secret records found in plaintext (stored before encryption was on): {@code migrate} reads them and
             * seals them on their next write (credentials at once, when the session starts); {@code refuse} fails
             * the read.
             */
            @WithDefault("migrate")
            String plaintext();
        }

        interface Postgres {
            /** Schema of every table (created and migrated at start-up): separates deployments sharing a database. */
            @WithDefault("wabridge")
            String schema();

            /** Connections of the reactive pool shared by every session of the worker. */
            @WithDefault("16")
            int poolSize();

            /**
             * Longest one store call waits for PostgreSQL, retrying a lost connection, before it fails (the command
             * fails, the inbound ack is withheld); as long as the MongoDB driver waits for a server.
             */
            @WithDefault("30s")
            java.time.Duration timeout();
        }
    }

    interface Whatsapp {
        @WithDefault("wss://web.whatsapp.com/ws/chat")
        String url();

        /** Hex public key of the trusted Noise certificate root. */
        String noiseRootKey();

        /** One-time prekey upkeep of every session's device. */
        PreKeys prekeys();

        /**
         * History a newly linked device asks its phone for: {@code none}, {@code recent} (the phone's default, about
         * three months) or {@code full} (requireFullSync). Applies at pairing; linked sessions keep what they got.
         */
        @WithDefault("recent")
        String historyScope();

        /** App-state sync of every session. */
        AppState appState();

        /**
         * Users whose LID mapping each session keeps in memory (each direction, absent ones too); past it the least
         * recently used are read from the store again. The default covers WhatsApp's largest group (1,024) and some
         * more, so a send to it finds every member's mapping in memory; at the bound a session holds about 0.4 MiB.
         */
        @WithDefault("1152")
        int lidCacheUsers();

        interface AppState {
            /**
             * The wait before a collection whose patch's changes could not be stored (app_state_error STORE) syncs
             * again; doubled after each further failure in a row, up to {@link #storeRetryMax()}.
             */
            @WithDefault("30s")
            Duration storeRetry();

            /** The longest wait between two such retries: reached, the collection is retried at this interval. */
            @WithDefault("15m")
            Duration storeRetryMax();
        }

        interface PreKeys {
            /**
             * One-time prekeys uploaded when a device is new (the server holds none). 812 is what the official
             * clients and Baileys upload; each one is a stored record per account, so an operator of many accounts
             * may choose fewer (whatsmeow uploads 50): a contact who finds none left starts a session without one.
             */
            @WithDefault("812")
            int initialUpload();

            /** One-time prekeys uploaded when the server reports fewer than {@link #minOnServer()}. */
            @WithDefault("50")
            int uploadBatch();

            /** The server-side count below which a batch is uploaded. */
            @WithDefault("5")
            int minOnServer();
        }
    }

    interface Health {
        /** Longest a readiness probe waits on Kafka, MongoDB or PostgreSQL before reporting DOWN. */
        @WithDefault("2s")
        Duration timeout();
    }

    interface Events {
        /** Value format of published events: {@code protobuf} (binary) or {@code json} (protobuf's JSON mapping). */
        @WithDefault("protobuf")
        String format();
    }

    interface Commands {
        /** Consumer group of the command consumer: every worker of one deployment uses the same. */
        @WithDefault("wabridge")
        String groupId();

        /** How often finished commands' offsets are committed (also on revocation and shutdown). */
        @WithDefault("1s")
        Duration commitInterval();

        /** Commands consumed but not finished, across all partitions, above which consuming pauses. */
        @WithDefault("10000")
        int maxInFlight();

        /** On revocation and shutdown: how long unfinished commands get before their partitions are let go. */
        @WithDefault("15s")
        Duration drainTimeout();

        /** How long executed commands' results are kept for answering redeliveries (command_id dedupe). */
        @WithDefault("7d")
        Duration dedupeRetention();
    }

    interface Sessions {
        /** Sessions reconnecting at the same time after a partition assignment (handshake, login). */
        @WithDefault("32")
        int resumeConcurrency();

        /** How long one resuming session holds its slot at most before the next one starts. */
        @WithDefault("30s")
        Duration resumeTimeout();

        /** How long connect {pairing_code} waits for the connection to reach pairing before failing with TIMEOUT. */
        @WithDefault("30s")
        Duration pairingCodeTimeout();

        /**
         * How long a command that needs an open connection (send_message, mark_read, ...) waits while its session,
         * wanted connected, is (re)connecting (after a hand-over, a dropped socket) before failing NOT_CONNECTED.
         */
        @WithDefault("30s")
        Duration openWait();

        /** Sessions started per second at most after a partition assignment (no reconnect storm). */
        @WithDefault("200")
        int resumesPerSecond();

        /**
         * How long a session's lease lasts without renewal: the longest a dead worker's sessions wait before another
         * worker may take them (when it was not shut down cleanly), and how long a worker cut off from MongoDB keeps
         * running its sessions.
         */
        @WithDefault("30s")
        Duration leaseTtl();

        /** How often a worker renews all its leases (one update); at most a third of the lease TTL. */
        @WithDefault("5s")
        Duration leaseRenewInterval();
    }

    /** Account and worker protection (see the README's "Account protection and sizing"); 0 turns a limit off. */
    interface Limits {
        /** Messages (send_message) per second one session may send on average; over it: RATE_LIMITED. */
        @WithDefault("10")
        double messagesPerSecond();

        /** Messages one session may send at once after a quiet spell (the token bucket's size). */
        @WithDefault("20")
        int messageBurst();

        /** Messages one session may send in any 24 hours (rolling, counted by hour); over it: RATE_LIMITED. */
        @WithDefault("10000")
        int messagesPerDay();

        /** Sessions this worker runs at most (clients started: connected, connecting or pairing); over it: SESSION_LIMIT. */
        @WithDefault("10000")
        int maxSessions();
    }
}

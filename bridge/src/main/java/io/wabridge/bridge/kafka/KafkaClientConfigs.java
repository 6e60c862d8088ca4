package io.wabridge.bridge.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Configurations of the bridge's Kafka clients, built on every {@code kafka.*} key (SASL, TLS, ...) with the
 * settings the bridge's guarantees depend on forced on top: those are not the operator's to change.
 */
public final class KafkaClientConfigs {

    private KafkaClientConfigs() {
    }

    /**
     * The event producer: idempotent with acks=all, so a retried send neither duplicates nor reorders a session's
     * events; a send blocks at most 10 s on missing metadata or a full buffer before it fails.
     */
    public static Map<String, Object> producer(Map<String, Object> kafka, String clientId) {
        Map<String, Object> config = only(kafka, ProducerConfig.configNames());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.putIfAbsent(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        return config;
    }

    /**
     * The command consumer: manual commits only (the bridge commits what it finished), cooperative-sticky
     * assignment (a rebalance moves only the partitions that must move), and a new group starts at the earliest
     * command so commands written before the first worker started are not skipped.
     */
    public static Map<String, Object> consumer(Map<String, Object> kafka, String groupId, String clientId) {
        Map<String, Object> config = only(kafka, ConsumerConfig.configNames());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        config.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        return config;
    }

    /** Quarkus hands every kafka.* key to every client; keep those this client knows, so it logs no warnings. */
    private static Map<String, Object> only(Map<String, Object> kafka, Set<String> names) {
        Map<String, Object> config = new HashMap<>(kafka);
        config.keySet().retainAll(names);
        return config;
    }
}

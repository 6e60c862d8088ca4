package io.wabridge.bridge.kafka;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wabridge.testkit.EmbeddedKafkaExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Membership as the lease keeper sees it, read from a real consumer in a real group. */
class GroupMembershipTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    @Test
    void aPollingMemberStaysFreshLongPastItsSessionTimeoutAndGoesStaleWhenItStopsHearingFromTheGroup() throws Exception {
        Duration sessionTimeout = Duration.ofSeconds(6); // the broker's minimum
        GroupMembership membership = new GroupMembership(sessionTimeout);
        try (Consumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "membership",
                ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic",
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) sessionTimeout.toMillis(),
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1000,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            consumer.subscribe(List.of("membership-topic"));
            long until = System.nanoTime() + sessionTimeout.multipliedBy(2).toNanos();
            while (System.nanoTime() < until) {
                consumer.poll(Duration.ofMillis(100));
                membership.observe(consumer);
                assertTrue(membership.fresh(), "fresh while the consumer polls and heartbeats");
            }

            // The consumer thread held up (a rebalance callback draining and disconnecting sessions on a loaded
            // machine) for longer than the session timeout: the heartbeat thread keeps the membership, and so the keeper
            // its leases. Before, the metric was read only after a poll and every lease was given up.
            long busyUntil = System.nanoTime() + sessionTimeout.plusSeconds(2).toNanos();
            while (System.nanoTime() < busyUntil) {
                assertTrue(membership.fresh(), "fresh while only the heartbeat thread runs");
                Thread.sleep(100);
            }

            KAFKA.broker().stop(); // no coordinator: heartbeats stop going out
            long staleBy = System.nanoTime() + sessionTimeout.multipliedBy(3).toNanos();
            while (membership.fresh() && System.nanoTime() < staleBy) {
                consumer.poll(Duration.ofMillis(100));
                membership.observe(consumer);
            }
            assertFalse(membership.fresh(), "stale once no heartbeat went out for the session timeout");
        } finally {
            if (!KAFKA.broker().isRunning()) {
                KAFKA.broker().start();
            }
        }
    }
}

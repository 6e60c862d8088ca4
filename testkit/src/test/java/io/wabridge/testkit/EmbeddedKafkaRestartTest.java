package io.wabridge.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A broker of the class's own can be stopped and restarted with its data and address unchanged. */
class EmbeddedKafkaRestartTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    private static Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000));
    }

    @Test
    void topicsSurviveAStopAndTheBrokerIsUnreachableMeanwhile() throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic("kept", 2, (short) 1))).all().get();
        }

        KAFKA.broker().stop();
        assertFalse(KAFKA.broker().isRunning());
        try (Admin admin = admin()) {
            ExecutionException down = assertThrows(ExecutionException.class,
                    () -> admin.describeCluster().nodes().get(5, TimeUnit.SECONDS));
            assertTrue(down.getCause() instanceof org.apache.kafka.common.errors.TimeoutException, down.toString());
        }

        KAFKA.broker().start();
        try (Admin admin = admin()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            Set<String> names = Set.of();
            while (!names.contains("kept") && System.nanoTime() < deadline) {
                try {
                    names = admin.listTopics().names().get(3, TimeUnit.SECONDS);
                } catch (ExecutionException | java.util.concurrent.TimeoutException retry) {
                    Thread.sleep(100);
                }
            }
            assertTrue(names.contains("kept"), "topic created before the restart is still there: " + names);
            assertEquals(2, admin.describeTopics(List.of("kept")).allTopicNames().get().get("kept").partitions().size());
        }
    }
}

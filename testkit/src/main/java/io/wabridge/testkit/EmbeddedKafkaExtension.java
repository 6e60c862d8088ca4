package io.wabridge.testkit;

import io.wabridge.embedded.EmbeddedKafka;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Kafka broker of the test class's own, for tests that stop and restart it. Register it as
 * {@code @RegisterExtension static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();}.
 * Tests that only need a broker should prefer the shared {@link KafkaBackend}.
 */
public final class EmbeddedKafkaExtension implements BeforeAllCallback, AfterAllCallback {
    private EmbeddedKafka kafka;

    @Override
    public void beforeAll(ExtensionContext context) {
        kafka = EmbeddedKafka.startTemporary();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
    }

    public EmbeddedKafka broker() {
        if (kafka == null) {
            throw new IllegalStateException("the broker runs only between beforeAll and afterAll");
        }
        return kafka;
    }

    public String bootstrapServers() {
        return broker().bootstrapServers();
    }
}

package io.wabridge.bridge.e2e;

import io.quarkus.test.common.WithTestResource;
import io.wabridge.bridge.e2e.SimulatorResource.InjectSimulator;
import io.wabridge.testkit.quarkus.EmbeddedInfra;
import io.wabridge.testkit.quarkus.EmbeddedInfraResource;
import io.wabridge.testkit.quarkus.InjectEmbeddedInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The skeleton of an end-to-end test of one session through the bridge: the Quarkus app with the embedded Kafka and
 * Mongo and the simulated WhatsApp server (one app and one simulator for all such tests: each test keeps its own
 * session id and simulated phone numbers), a {@link KafkaSession} for the session before the tests, and after them the
 * session disconnected (the app is shared: no session is left open) and the Kafka clients closed. Quarkus finds the
 * test resources of this superclass and injects its fields ({@code infra}, {@code simulator}) as a test class's own,
 * but makes a bean only of a class annotated {@code @QuarkusTest} itself: each subclass carries that annotation.
 */
@WithTestResource(EmbeddedInfraResource.class)
@WithTestResource(SimulatorResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SessionBridgeTest {
    private final String session;
    private final String disconnectId;

    @InjectEmbeddedInfra
    EmbeddedInfra infra;

    @InjectSimulator
    SimulatedServer simulator;

    KafkaSession kafka;
    KafkaTap events;
    KafkaTap dlq;

    /** For the session {@code session}, disconnected after the tests by the command {@code disconnectId}. */
    SessionBridgeTest(String session, String disconnectId) {
        this.session = session;
        this.disconnectId = disconnectId;
    }

    /** The session's id (the Kafka record key of its commands and events). */
    final String session() {
        return session;
    }

    @BeforeAll
    final void connectToKafka() {
        kafka = new KafkaSession(infra, session);
        events = kafka.events();
        dlq = kafka.dlq();
    }

    @AfterAll
    final void disconnectAndClose() throws Exception {
        try {
            kafka.disconnect(disconnectId);
        } finally {
            kafka.close();
        }
    }
}

package io.wabridge.bridge;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.wabridge.bridge.e2e.SimulatorResource;
import io.wabridge.testkit.quarkus.EmbeddedInfra;
import io.wabridge.testkit.quarkus.EmbeddedInfraResource;
import io.wabridge.testkit.quarkus.InjectEmbeddedInfra;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

@QuarkusTest
@WithTestResource(EmbeddedInfraResource.class)
// The same resources as BridgeLoopTest, so both run in one application boot (a boot costs more than the tests).
@WithTestResource(SimulatorResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmbeddedReadinessTest extends ReadinessContract {

    @InjectEmbeddedInfra
    EmbeddedInfra infra;

    @Test
    @Order(1)
    void topicsAreCreatedWithTheConfiguredPartitions() throws Exception {
        awaitReady();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", infra.kafka().bootstrapServers()))) {
            var topics = admin.describeTopics(List.of("wabridge.commands", "wabridge.events", "wabridge.commands.dlq"))
                    .allTopicNames().get();
            topics.values().forEach(t -> assertEquals(12, t.partitions().size(), t.name()));
        }
    }

    @Test
    @Order(10)
    void readinessGoesDownWhileKafkaIsStoppedAndComesBack() {
        awaitReady();
        infra.kafka().stop();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    given().get("/q/health/ready").then()
                            .statusCode(503)
                            .body("status", equalTo("DOWN"))
                            .body("checks.find { it.name == 'kafka' }.status", equalTo("DOWN"))
                            .body("checks.find { it.name == 'mongodb' }.status", equalTo("UP")));
            given().get("/q/health/live").then().statusCode(200);
        } finally {
            infra.kafka().start();
        }
        awaitReady();
    }

    @Test
    @Order(11)
    void readinessGoesDownWhileMongoIsStoppedAndComesBack() {
        awaitReady();
        infra.mongo().stop();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    given().get("/q/health/ready").then()
                            .statusCode(503)
                            .body("checks.find { it.name == 'mongodb' }.status", equalTo("DOWN"))
                            .body("checks.find { it.name == 'kafka' }.status", equalTo("UP")));
        } finally {
            infra.mongo().start();
        }
        awaitReady();
    }
}

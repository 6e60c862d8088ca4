package io.wabridge.bridge.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.wabridge.bridge.e2e.KafkaTap;
import io.wabridge.bridge.e2e.SimulatorResource;
import io.wabridge.embedded.EmbeddedKafka;
import io.wabridge.embedded.EmbeddedMongo;
import io.wabridge.proto.v1.ConnectionUpdate;
import io.wabridge.proto.v1.EventEnvelope;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Issue 18 point 4 (Kafka): the worker talks to Kafka only over SASL_SSL (SCRAM-SHA-512, TLS with host name
 * verification against the broker's self-signed certificate made for the test), with the broker's authorizer on and
 * the worker's principal granted exactly the ACLs README "Kafka security" lists for a worker; the producing
 * application is another principal with its own two ACLs. connect -> command result and QR event over it; the
 * application's principal cannot read what it was not granted. Views are off here (their ACLs are documented, not
 * enforced by this test).
 */
@QuarkusTest
@WithTestResource(SaslSslKafkaTest.SecuredKafka.class)
@WithTestResource(SimulatorResource.class)
class SaslSslKafkaTest {

    static final String WORKER = "wabridge-worker";
    static final String APP = "crm-app";
    static volatile EmbeddedKafka kafka;

    /** Kafka with a SASL_SSL listener and the standard authorizer (the broker itself is a super user), and MongoDB. */
    public static class SecuredKafka implements QuarkusTestResourceLifecycleManager {
        private EmbeddedMongo mongo;

        @Override
        public Map<String, String> start() {
            kafka = EmbeddedKafka.builder().saslSsl(WORKER, "worker-secret")
                    .brokerProperty("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                    .brokerProperty("super.users", "User:ANONYMOUS")
                    .build().start();
            mongo = EmbeddedMongo.inMemory().start();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                admin.alterUserScramCredentials(List.of(new org.apache.kafka.clients.admin.UserScramCredentialUpsertion(
                        APP, new org.apache.kafka.clients.admin.ScramCredentialInfo(
                                org.apache.kafka.clients.admin.ScramMechanism.SCRAM_SHA_512, 8192), "app-secret")))
                        .all().get(30, TimeUnit.SECONDS);
                List<AclBinding> acls = new ArrayList<>();
                // the worker (README "Kafka security")
                allow(acls, WORKER, ResourceType.TOPIC, "wabridge.commands", AclOperation.DESCRIBE, AclOperation.CREATE,
                        AclOperation.READ);
                allow(acls, WORKER, ResourceType.TOPIC, "wabridge.events", AclOperation.DESCRIBE, AclOperation.CREATE,
                        AclOperation.WRITE);
                allow(acls, WORKER, ResourceType.TOPIC, "wabridge.commands.dlq", AclOperation.DESCRIBE, AclOperation.CREATE,
                        AclOperation.WRITE);
                allow(acls, WORKER, ResourceType.GROUP, "wabridge", AclOperation.READ);
                // the application producing commands and reading events
                allow(acls, APP, ResourceType.TOPIC, "wabridge.commands", AclOperation.DESCRIBE, AclOperation.WRITE);
                allow(acls, APP, ResourceType.TOPIC, "wabridge.events", AclOperation.DESCRIBE, AclOperation.READ);
                admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("cannot set up the secured broker", e);
            }
            Map<String, String> config = new HashMap<>();
            config.put("kafka.bootstrap.servers", kafka.saslSslBootstrapServers());
            kafka.saslSslClientProperties().forEach((k, v) -> config.put("kafka." + k, v));
            config.put("quarkus.mongodb.connection-string", mongo.connectionString());
            config.put("wabridge.views.enabled", "false");
            return config;
        }

        private static void allow(List<AclBinding> acls, String user, ResourceType type, String name, AclOperation... ops) {
            for (AclOperation op : ops) {
                acls.add(new AclBinding(new ResourcePattern(type, name, PatternType.LITERAL),
                        new AccessControlEntry("User:" + user, "*", op, AclPermissionType.ALLOW)));
            }
        }

        @Override
        public void stop() {
            if (kafka != null) {
                kafka.close();
            }
            if (mongo != null) {
                mongo.close();
            }
        }
    }

    /** The application's client settings: SASL_SSL as {@link #APP}. */
    private static Map<String, Object> app() {
        Map<String, Object> props = new HashMap<>(kafka.saslSslClientProperties());
        props.put("bootstrap.servers", kafka.saslSslBootstrapServers());
        props.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + APP + "\" password=\"app-secret\";");
        return props;
    }

    @Test
    void aCommandAndItsEventsTravelOverSaslSslWithOnlyTheDocumentedAcls() throws Exception {
        Map<String, Object> producerProps = app();
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        Map<String, Object> consumerProps = app();
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<EventEnvelope> events = new CopyOnWriteArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps);
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps)) {
            List<TopicPartition> partitions = Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> consumer.partitionsFor("wabridge.events"), p -> p != null && !p.isEmpty()).stream()
                    .map(p -> new TopicPartition("wabridge.events", p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);

            RecordHeaders headers = new RecordHeaders();
            headers.add("content-type", "application/json".getBytes(StandardCharsets.US_ASCII));
            producer.send(new ProducerRecord<>("wabridge.commands", null, "tls-1".getBytes(StandardCharsets.US_ASCII),
                    "{\"commandId\":\"c-tls\",\"connect\":{\"qr\":{}}}".getBytes(StandardCharsets.UTF_8), headers))
                    .get(30, TimeUnit.SECONDS);
            Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() != null && "tls-1".equals(new String(r.key(), StandardCharsets.US_ASCII))) {
                        events.add(KafkaTap.parse(r.value()));
                    }
                }
                return events.stream().anyMatch(EventEnvelope::hasQr)
                        && events.stream().anyMatch(e -> e.hasCommandResult() && "c-tls".equals(e.getCausationId()));
            });
            EventEnvelope result = events.stream().filter(EventEnvelope::hasCommandResult).findFirst().orElseThrow();
            assertTrue(result.getCommandResult().hasOk(), result.toString());
            assertTrue(events.stream().anyMatch(e -> e.hasConnectionUpdate()
                    && e.getConnectionUpdate().getState() == ConnectionUpdate.State.CONNECTING));
            assertEquals("c-tls", events.stream().filter(EventEnvelope::hasQr).findFirst().orElseThrow().getCausationId());

            // the application's principal was not granted the dead-letter topic: the broker enforces the ACLs
            ExecutionException denied = assertThrows(ExecutionException.class, () -> producer.send(new ProducerRecord<>(
                    "wabridge.commands.dlq", new byte[] {1})).get(30, TimeUnit.SECONDS));
            assertTrue(denied.getCause() instanceof TopicAuthorizationException, denied.toString());
        }
    }
}

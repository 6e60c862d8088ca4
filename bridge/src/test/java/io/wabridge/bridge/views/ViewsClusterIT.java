package io.wabridge.bridge.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.util.Timestamps;
import io.wabridge.bridge.contract.EventEncoder;
import io.wabridge.bridge.contract.WireFormat;
import io.wabridge.bridge.kafka.SessionPartitioner;
import io.wabridge.embedded.EmbeddedKafka;
import io.wabridge.embedded.EmbeddedMongo;
import io.wabridge.proto.v1.ConnectionUpdate;
import io.wabridge.proto.v1.EventEnvelope;
import io.wabridge.proto.v1.Me;
import io.wabridge.proto.v1.MessageContent;
import io.wabridge.proto.v1.MessageEvent;
import io.wabridge.proto.v1.Sender;
import io.wabridge.testkit.cluster.WorkerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The views as their own processes ({@code wabridge.mode=views}, the packaged jar) on the in-process broker: two
 * instances answer every query the same (each holds half the partitions and forwards the rest), so does a worker
 * without the views that sends the queries to one of them ({@code wabridge.views.url}; 503 once none answers, 508 for
 * a query another worker sent on), a fresh instance (reading a PostgreSQL backend setting it has no database for)
 * with an empty state directory restores the stores from their changelogs and answers the same again, and the
 * log cleaner leaves one record per session on the compacted {@code wabridge.sessions} topic.
 */
class ViewsClusterIT {
    private static final int PARTITIONS = 4;
    private static final int SESSIONS = 12;
    private static final String SESSIONS_TOPIC = "wabridge.sessions";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    private EmbeddedKafka kafka;
    private EmbeddedMongo mongo;
    private final List<WorkerProcess> workers = new ArrayList<>();
    private int seq;

    @BeforeEach
    void startKafka() throws Exception {
        kafka = EmbeddedKafka.builder()
                .brokerProperty("group.min.session.timeout.ms", "1000")
                .brokerProperty("log.cleaner.backoff.ms", "200")
                .brokerProperty("log.cleaner.dedupe.buffer.size", "4194304")
                .build().start();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            // As an operator would for this test: the compacted topic with a tiny segment and eager cleaning.
            admin.createTopics(List.of(
                    new NewTopic("wabridge.commands", PARTITIONS, (short) 1),
                    new NewTopic("wabridge.events", PARTITIONS, (short) 1),
                    new NewTopic("wabridge.commands.dlq", PARTITIONS, (short) 1),
                    new NewTopic("wabridge.views.dlq", PARTITIONS, (short) 1),
                    new NewTopic(SESSIONS_TOPIC, PARTITIONS, (short) 1).configs(Map.of(
                            "cleanup.policy", "compact", "segment.ms", "500", "min.cleanable.dirty.ratio", "0.01",
                            "delete.retention.ms", "100")))).all().get();
        }
    }

    @AfterEach
    void stop() {
        workers.forEach(WorkerProcess::kill);
        if (kafka != null) {
            kafka.close();
        }
        if (mongo != null) {
            mongo.close();
        }
    }

    @Test
    void twoInstancesAnswerTheSameRestartRestoresAndTheSessionsTopicIsCompacted() throws Exception {
        WorkerProcess a = start();
        WorkerProcess b = start();
        a.awaitReady(Duration.ofSeconds(120));
        b.awaitReady(Duration.ofSeconds(120));

        Instant t0 = Instant.now();
        EventEncoder encoder = new EventEncoder("wabridge.events", WireFormat.PROTOBUF, "worker-x");
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (int s = 0; s < SESSIONS; s++) {
                String session = "cluster-" + s;
                int n = 0;
                // Several status changes per session, so the topic holds several records per key before cleaning.
                for (ConnectionUpdate.State state : List.of(ConnectionUpdate.State.CONNECTING,
                        ConnectionUpdate.State.OPEN, ConnectionUpdate.State.CLOSED, ConnectionUpdate.State.OPEN)) {
                    producer.send(encoder.encode(event(session, t0, n++).setConnectionUpdate(
                            ConnectionUpdate.newBuilder().setState(state).setReason("r" + n)).build()));
                }
                for (int m = 0; m < 3; m++) {
                    String chat = "1555000300" + m + "@s.whatsapp.net";
                    producer.send(encoder.encode(event(session, t0, n++).setMessage(MessageEvent.newBuilder()
                            .setId(session + "-M" + m).setChat(chat).setSender(Sender.newBuilder().setPn(chat))
                            .setTimestamp(Timestamps.fromMillis(t0.toEpochMilli() + n))
                            .setContent(MessageContent.newBuilder().setText("m" + m))).build()));
                }
            }
            producer.flush();
        }

        Map<String, String> expected = Awaitility.await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300)).until(() -> everything(a), r -> complete(r));
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> assertEquals(expected, everything(b), "both instances answer the same"));
        JsonNode one = JSON.readTree(expected.get("/views/sessions/cluster-3"));
        assertEquals("OPEN", one.path("state").asText());
        assertEquals("3", one.path("messagesIn").asText());

        // A worker without the views (as deployed by deploy/k8s) answers the same by asking them at wabridge.views.url.
        WorkerProcess worker = startWorkerWithoutViews(a.url());
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> assertEquals(expected, everything(worker), "the worker passes the views' answers"));
        // A query another worker sent on (its wabridge.views.url naming a worker) is not sent on again.
        HttpResponse<String> loop = HTTP.send(HttpRequest.newBuilder(URI.create(worker.url() + "/views/sessions"))
                .header(RemoteViews.HOP_HEADER, "1").timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(508, loop.statusCode(), loop.body());

        // Both go away: the worker answers 503 (retry), and says where it asked.
        assertTrue(a.stop(Duration.ofSeconds(30)));
        assertTrue(b.stop(Duration.ofSeconds(30)));
        HttpResponse<String> gone = HTTP.send(HttpRequest.newBuilder(URI.create(worker.url() + "/views/sessions/cluster-3"))
                .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(503, gone.statusCode(), gone.body());
        assertTrue(gone.body().contains("the views (wabridge.views.url) did not answer"), gone.body());
        assertEquals("1", gone.headers().firstValue("Retry-After").orElse(""));

        // A new instance with an empty state directory restores everything from the changelogs.
        // It reads the ConfigMap the workers do, here with the PostgreSQL backend: a views-only process uses no
        // database, whichever is named, and is ready without one.
        WorkerProcess c = start(Map.of("WABRIDGE_STORE_BACKEND", "postgres"));
        c.awaitReady(Duration.ofSeconds(120));
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> assertEquals(expected, everything(c), "restored from the changelogs"));

        // One more status per partition rolls each segment, so the cleaner may compact the older ones.
        Thread.sleep(600);
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (int p = 0; p < PARTITIONS; p++) {
                producer.send(encoder.encode(event(sessionIn(p), Instant.now(), 0).setConnectionUpdate(
                        ConnectionUpdate.newBuilder().setState(ConnectionUpdate.State.OPEN)).build()));
            }
            producer.flush();
        }
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Map<String, Integer> perKey = recordsPerKey();
            assertEquals(SESSIONS + PARTITIONS, perKey.size());
            perKey.forEach((key, count) -> assertEquals(1, count, "records of " + key + " after compaction"));
        });
    }

    /** Every query's answer from one instance: the session list, each session and each session's chats. */
    private Map<String, String> everything(WorkerProcess w) throws Exception {
        Map<String, String> answers = new LinkedHashMap<>();
        answers.put("/views/sessions?limit=1000", get(w, "/views/sessions?limit=1000"));
        for (int s = 0; s < SESSIONS; s++) {
            String path = "/views/sessions/cluster-" + s;
            answers.put(path, get(w, path));
            answers.put(path + "/chats", get(w, path + "/chats"));
        }
        return answers;
    }

    private static boolean complete(Map<String, String> answers) {
        try {
            JsonNode list = JSON.readTree(answers.get("/views/sessions?limit=1000"));
            if (list.path("sessions").size() != SESSIONS) {
                return false;
            }
            for (JsonNode s : list.path("sessions")) {
                if (s.path("messagesIn").asInt() != 3 || !s.path("state").asText().equals("OPEN")) {
                    return false;
                }
            }
            return answers.values().stream().noneMatch(v -> v.startsWith("!"));
        } catch (Exception e) {
            return false;
        }
    }

    private static String get(WorkerProcess w, String path) throws Exception {
        HttpResponse<String> r;
        try {
            r = HTTP.send(HttpRequest.newBuilder(URI.create(w.url() + path))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.net.http.HttpTimeoutException e) { // a busy machine: the caller polls again
            return "!timeout " + path;
        }
        if (r.statusCode() != 200) {
            return "!" + r.statusCode() + " " + r.body();
        }
        return JSON.readTree(r.body()).toString(); // normalized
    }

    private Map<String, Integer> recordsPerKey() {
        Map<String, Integer> counts = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            List<TopicPartition> parts = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                parts.add(new TopicPartition(SESSIONS_TOPIC, p));
            }
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (parts.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    counts.merge(new String(r.key(), StandardCharsets.US_ASCII), 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    private static String sessionIn(int partition) {
        for (int i = 0; ; i++) {
            String id = "roll-" + i;
            if (SessionPartitioner.partitionOf(id, PARTITIONS) == partition) {
                return id;
            }
        }
    }

    private WorkerProcess start() throws Exception {
        return start(Map.of());
    }

    private WorkerProcess start(Map<String, String> extra) throws Exception {
        String name = "views-" + (++seq);
        Path state = Files.createDirectories(dir.resolve(name + "-state"));
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("WABRIDGE_MODE", "views");
        env.put("WABRIDGE_VIEWS_HOST", "127.0.0.1");
        env.put("WABRIDGE_TOPICS_PARTITIONS", Integer.toString(PARTITIONS));
        env.put("QUARKUS_MONGODB_CONNECTION_STRING", "mongodb://127.0.0.1:1"); // never used in views mode
        env.put("QUARKUS_SHUTDOWN_TIMEOUT", "10s");
        env.putAll(extra);
        WorkerProcess w = WorkerProcess.start(name, Path.of(System.getProperty("wabridge.bridge.jar")), env,
                dir.resolve(name + ".log"), List.of(
                        // A stopped instance's partitions move within seconds, not the 45 s default.
                        "-Dkafka-streams.consumer.session.timeout.ms=3000",
                        "-Dkafka-streams.consumer.heartbeat.interval.ms=500",
                        "-Dkafka-streams.state.dir=" + state));
        workers.add(w);
        return w;
    }

    /** A worker (sessions, command consumer) with the views off and {@code wabridge.views.url} naming them. */
    private WorkerProcess startWorkerWithoutViews(String viewsUrl) {
        mongo = EmbeddedMongo.inMemory().start();
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("QUARKUS_MONGODB_CONNECTION_STRING", mongo.connectionString());
        env.put("WABRIDGE_TOPICS_PARTITIONS", Integer.toString(PARTITIONS));
        env.put("WABRIDGE_VIEWS_ENABLED", "false");
        env.put("WABRIDGE_VIEWS_URL", viewsUrl + "/");
        env.put("WABRIDGE_VIEWS_FORWARD_TIMEOUT", "3s");
        env.put("QUARKUS_SHUTDOWN_TIMEOUT", "10s");
        WorkerProcess w = WorkerProcess.start("worker", Path.of(System.getProperty("wabridge.bridge.jar")), env,
                dir.resolve("worker.log"));
        workers.add(w);
        return w.awaitReady(Duration.ofSeconds(120));
    }

    private static EventEnvelope.Builder event(String session, Instant t0, int n) {
        return EventEnvelope.newBuilder().setEventId(String.format("01JCLUSTER%016d", n)).setSessionId(session)
                .setMe(Me.newBuilder().setPn("1555000999" + session.length() + "@s.whatsapp.net"))
                .setOccurredAt(Timestamps.fromMillis(t0.toEpochMilli() + n));
    }

    private KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
    }
}

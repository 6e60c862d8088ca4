package io.wabridge.bench;

import com.google.protobuf.util.Timestamps;
import io.wabridge.bench.bridge.HarnessArgs;
import io.wabridge.bench.bridge.Percentiles;
import io.wabridge.embedded.EmbeddedKafka;
import io.wabridge.proto.v1.EventEnvelope;
import io.wabridge.proto.v1.MessageContent;
import io.wabridge.proto.v1.MessageEvent;
import io.wabridge.proto.v1.Sender;
import io.wabridge.proto.v1.SessionStatus;
import io.wabridge.testkit.cluster.WorkerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
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
import org.apache.kafka.common.utils.Utils;

/**
 * The views' figures on a real broker (in this JVM) with the views as their own process (the packaged bridge jar,
 * {@code wabridge.mode=views}, exactly_once_v2, one stream thread, as deployed):
 * <ol>
 *   <li>throughput: {@code --chats} message events (each to a new chat, over {@code --sessions} sessions) produced
 *       before the views start; events/s from the first committed offset to the whole backlog committed;</li>
 *   <li>lag: {@code --rate} events/s for {@code --seconds}; per status record (a session's latest status, published at
 *       most once per views commit), the time from its newest event's {@code occurredAt} to the record being readable
 *       (read_committed) on {@code wabridge.sessions}: p50 / p99;</li>
 *   <li>restore: a new views process with an empty state directory; time from its start until a chat query for a
 *       session of every partition answers (the chat store restored from its changelog), and its readiness time.</li>
 * </ol>
 * Run: {@code java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar io.wabridge.bench.ViewsHarness
 * --chats 1000000 --sessions 1000 --rate 1000 --seconds 30} (after {@code ./mvnw -B -pl bridge,bench -am package
 * -DskipTests}).
 */
public final class ViewsHarness {
    private static final int PARTITIONS = 12;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ViewsHarness() {
    }

    public static void main(String[] argv) throws Exception {
        HarnessArgs args = new HarnessArgs(argv);
        int chats = args.integer("chats", 1_000_000);
        int sessions = args.integer("sessions", 1000);
        int rate = args.integer("rate", 1000);
        int seconds = args.integer("seconds", 30);
        Path work = Files.createTempDirectory("views-harness");
        try (EmbeddedKafka kafka = EmbeddedKafka.startTemporary()) {
            createTopics(kafka);
            long t0 = System.nanoTime();
            long failed = produceBacklog(kafka, chats, sessions);
            long backlog = endOffsets(kafka);
            System.out.printf("backlog: %,d message events (%,d chats over %,d sessions) produced in %.1f s"
                    + " (%,d sends failed; %,d on the topic)%n", chats, chats, sessions,
                    (System.nanoTime() - t0) / 1e9, failed, backlog);

            WorkerProcess a = start(kafka, args, work, "views-a");
            long started = System.nanoTime();
            a.awaitReady(Duration.ofMinutes(3));
            System.out.printf("views-a ready %.1f s after start%n", (System.nanoTime() - started) / 1e9);
            throughput(kafka, backlog);

            lag(kafka, sessions, rate, seconds);

            a.stop(Duration.ofSeconds(60));
            WorkerProcess b = start(kafka, args, work, "views-b");
            long bStart = System.nanoTime();
            b.awaitReady(Duration.ofMinutes(3));
            double ready = (System.nanoTime() - bStart) / 1e9;
            List<String> probes = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                probes.add(sessionIn(p, sessions));
            }
            for (String s : probes) {
                while (status(b, "/views/sessions/" + s + "/chats?limit=1") != 200) {
                    Thread.sleep(100);
                }
            }
            System.out.printf("restore: %,d chats (+ %,d sessions, %,d message ids): every partition answers %.1f s"
                    + " after the process started (ready after %.1f s)%n", chats, sessions, chats,
                    (System.nanoTime() - bStart) / 1e9, ready);
            b.stop(Duration.ofSeconds(60));
        } finally {
            Utils.delete(work.toFile());
        }
    }

    private static void throughput(EmbeddedKafka kafka, long total) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            long firstAt = 0;
            long firstCommitted = 0;
            while (true) {
                long committed = committed(admin);
                long now = System.nanoTime();
                if (firstAt == 0 && committed > 0) {
                    firstAt = now;
                    firstCommitted = committed;
                }
                if (committed >= total) {
                    double secs = (now - firstAt) / 1e9;
                    System.out.printf("throughput: %,d events in %.1f s = %,.0f events/s%n", total - firstCommitted,
                            secs, (total - firstCommitted) / secs);
                    return;
                }
                Thread.sleep(200);
            }
        }
    }

    private static long committed(Admin admin) throws Exception {
        long sum = 0;
        var offsets = admin.listConsumerGroupOffsets("wabridge-views").partitionsToOffsetAndMetadata().get();
        for (var e : offsets.entrySet()) {
            if (e.getKey().topic().equals("wabridge.events") && e.getValue() != null) {
                sum += e.getValue().offset();
            }
        }
        return sum;
    }

    /** Whether every session's newest published status is at least as new as its last produced event. */
    private static boolean covered(Map<String, Long> lastProduced, Map<String, Long> newest) {
        return lastProduced.entrySet().stream()
                .allMatch(e -> newest.getOrDefault(e.getKey(), Long.MIN_VALUE) >= e.getValue());
    }

    private static void lag(EmbeddedKafka kafka, int sessions, int rate, int seconds) throws Exception {
        List<Long> lags = java.util.Collections.synchronizedList(new ArrayList<>());
        Map<String, Long> lastProduced = new java.util.concurrent.ConcurrentHashMap<>();
        int total = rate * seconds;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            List<TopicPartition> parts = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                parts.add(new TopicPartition("wabridge.sessions", p));
            }
            consumer.assign(parts);
            consumer.seekToEnd(parts);
            parts.forEach(consumer::position);
            Thread producerThread = Thread.ofPlatform().name("paced").start(() -> {
                try (KafkaProducer<byte[], byte[]> producer = producer(kafka, 0)) {
                    long interval = 1_000_000_000L / rate;
                    long next = System.nanoTime();
                    for (int i = 0; i < total; i++) {
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                        next += interval;
                        ProducerRecord<byte[], byte[]> record = message("live", i % sessions, "live-chat-" + i, "L" + i);
                        lastProduced.put(sessionId(i % sessions),
                                Timestamps.toMillis(EventEnvelope.parseFrom(record.value()).getOccurredAt()));
                        producer.send(record);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                    throw new IllegalStateException("the harness's own event does not parse", e);
                }
            });
            // A session's latest status is normally published once per views commit (the events folded since the
            // last one in it): each record's lag is its newest event's (the events before it in the same commit
            // waited up to one commit interval longer). Done once the producer finished and every session's
            // latest status covers its last event (or the deadline: the sessions left are reported).
            long deadline = System.nanoTime() + Duration.ofSeconds(seconds + 30).toNanos();
            Map<String, Long> newest = new HashMap<>();
            while (System.nanoTime() < deadline && (producerThread.isAlive() || !covered(lastProduced, newest))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    long received = System.currentTimeMillis();
                    if (r.value() != null) {
                        SessionStatus s = SessionStatus.parseFrom(r.value());
                        long updated = Timestamps.toMillis(s.getUpdatedAt());
                        newest.merge(s.getSessionId(), updated, Math::max);
                        lags.add((received - updated) * 1_000_000L);
                    }
                }
            }
            long uncovered = lastProduced.entrySet().stream()
                    .filter(e -> newest.getOrDefault(e.getKey(), Long.MIN_VALUE) < e.getValue()).count();
            if (uncovered > 0) {
                System.out.printf("lag: %d sessions' last event not in a status record by the deadline%n", uncovered);
            }
            producerThread.join();
        }
        long[] nanos = lags.stream().mapToLong(Long::longValue).toArray();
        System.out.printf("lag at %,d events/s for %d s: %,d status records, event -> readable on wabridge.sessions %s"
                + " (max %.1f ms)%n", rate, seconds, nanos.length, Percentiles.p50p99(nanos),
                Percentiles.millis(nanos, 100));
    }

    /** Produces the backlog; returns how many sends failed (the broker shares this JVM's CPU). */
    private static long produceBacklog(EmbeddedKafka kafka, int chats, int sessions) {
        java.util.concurrent.atomic.AtomicLong failed = new java.util.concurrent.atomic.AtomicLong();
        try (KafkaProducer<byte[], byte[]> producer = producer(kafka, 20)) {
            for (int i = 0; i < chats; i++) {
                producer.send(message("s", i % sessions, (1_000_000_000L + i) + "@s.whatsapp.net", "M" + i),
                        (metadata, e) -> {
                            if (e != null) {
                                failed.incrementAndGet();
                            }
                        });
            }
            producer.flush();
        }
        return failed.get();
    }

    /** Records on the event topic: the sum of its partitions' end offsets. */
    private static long endOffsets(EmbeddedKafka kafka) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> spec = new HashMap<>();
            for (int p = 0; p < PARTITIONS; p++) {
                spec.put(new TopicPartition("wabridge.events", p), org.apache.kafka.clients.admin.OffsetSpec.latest());
            }
            long sum = 0;
            for (var info : admin.listOffsets(spec).all().get().values()) {
                sum += info.offset();
            }
            return sum;
        }
    }

    private static ProducerRecord<byte[], byte[]> message(String prefix, int session, String chat, String id) {
        String sessionId = sessionId(session);
        long now = System.currentTimeMillis();
        EventEnvelope e = EventEnvelope.newBuilder().setEventId(id).setSessionId(sessionId)
                .setOccurredAt(Timestamps.fromMillis(now))
                .setMessage(MessageEvent.newBuilder().setId(prefix + id).setChat(chat)
                        .setSender(Sender.newBuilder().setPn(chat)).setTimestamp(Timestamps.fromMillis(now))
                        .setContent(MessageContent.newBuilder().setText("hello " + id))).build();
        RecordHeaders headers = new RecordHeaders();
        headers.add("type", "message".getBytes(StandardCharsets.US_ASCII));
        headers.add("content-type", "application/x-protobuf".getBytes(StandardCharsets.US_ASCII));
        return new ProducerRecord<>("wabridge.events", null, sessionId.getBytes(StandardCharsets.US_ASCII),
                e.toByteArray(), headers);
    }

    private static String sessionId(int i) {
        return "bench-" + i;
    }

    private static String sessionIn(int partition, int sessions) {
        for (int i = 0; i < sessions; i++) {
            String id = sessionId(i);
            if (Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.US_ASCII))) % PARTITIONS == partition) {
                return id;
            }
        }
        throw new IllegalStateException("no session in partition " + partition);
    }

    private static int status(WorkerProcess w, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(w.url() + path)).timeout(Duration.ofSeconds(10))
                    .GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return 0;
        }
    }

    private static WorkerProcess start(EmbeddedKafka kafka, HarnessArgs args, Path work, String name)
            throws Exception {
        Map<String, String> env = new HashMap<>(args.workerEnv());
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("WABRIDGE_MODE", "views");
        env.put("WABRIDGE_VIEWS_HOST", "127.0.0.1");
        env.put("QUARKUS_MONGODB_CONNECTION_STRING", "mongodb://127.0.0.1:1");
        List<String> jvm = new ArrayList<>(args.workerJvmOptions());
        jvm.add("-Dkafka-streams.state.dir=" + Files.createDirectories(work.resolve(name + "-state")));
        jvm.add("-Dkafka-streams.consumer.session.timeout.ms=6000");
        return WorkerProcess.start(name, args.bridgeJar(), env, work.resolve(name + ".log"), jvm);
    }

    private static KafkaProducer<byte[], byte[]> producer(EmbeddedKafka kafka, int lingerMs) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, lingerMs, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
    }

    private static void createTopics(EmbeddedKafka kafka) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            List<NewTopic> topics = new ArrayList<>();
            for (String t : List.of("wabridge.commands", "wabridge.events", "wabridge.commands.dlq",
                    "wabridge.views.dlq")) {
                topics.add(new NewTopic(t, PARTITIONS, (short) 1));
            }
            topics.add(new NewTopic("wabridge.sessions", PARTITIONS, (short) 1)
                    .configs(Map.of("cleanup.policy", "compact")));
            admin.createTopics(topics).all().get();
            // Created is not yet served: an idempotent producer whose first batches meet a partition its broker does
            // not host yet retries them behind later ones and then stalls on an out-of-order sequence. Every
            // partition answers an offsets request from its leader before anything is produced.
            Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> spec = new HashMap<>();
            for (NewTopic t : topics) {
                for (int p = 0; p < PARTITIONS; p++) {
                    spec.put(new TopicPartition(t.name(), p), org.apache.kafka.clients.admin.OffsetSpec.latest());
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                try {
                    admin.listOffsets(spec).all().get();
                    return;
                } catch (java.util.concurrent.ExecutionException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the topics' partitions are not served after 60 s", e);
                    }
                    Thread.sleep(100);
                }
            }
        }
    }
}

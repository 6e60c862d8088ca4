package io.wabridge.bridge.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.Timestamps;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.wabridge.bridge.contract.EventEncoder;
import io.wabridge.bridge.contract.WireFormat;
import io.wabridge.proto.v1.ConnectionUpdate;
import io.wabridge.proto.v1.EventEnvelope;
import io.wabridge.proto.v1.MessageContent;
import io.wabridge.proto.v1.MessageEvent;
import io.wabridge.proto.v1.Sender;
import io.wabridge.proto.v1.SessionStatus;
import io.wabridge.testkit.KafkaBackend;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sessions topic gets a session's latest status once per commit, in the commit's transaction, on a real broker
 * with a real {@link KafkaStreams} (exactly_once_v2): what TopologyTestDriver cannot show, since it commits after
 * every record.
 */
class ViewsCommitPublishingTest {
    private static final Duration PATIENCE = Duration.ofSeconds(90); // a loaded machine; never a speed assertion
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    /** A record cache that holds a few sessions' statuses and chats many times over, not a thousand message ids. */
    private static final long SMALL_CACHE = 64 * 1024;

    @TempDir
    Path stateDir;

    private final String bootstrap = KafkaBackend.EMBEDDED_KRAFT.bootstrapServers();
    private final String app = "views-commit-" + UUID.randomUUID().toString().substring(0, 8);
    private final ViewsSettings settings = new ViewsSettings(app + ".events", app + ".sessions",
            app + ".dlq", WireFormat.PROTOBUF, false, Duration.ofDays(7), Duration.ofDays(7), Duration.ofMinutes(10));
    private final EventEncoder encoder = new EventEncoder(settings.events(), WireFormat.PROTOBUF, "worker-1");
    private final AtomicInteger ids = new AtomicInteger();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    /** The test's own sends not checked yet by {@link #sent}, each with its record (sent again if refused). */
    private final List<Map.Entry<ProducerRecord<byte[], byte[]>, Future<RecordMetadata>>> sends = new ArrayList<>();
    /** The streams instance's state changes (a rebalance, a replaced thread; not a task revived within a thread). */
    private final List<KafkaStreams.State> states = new CopyOnWriteArrayList<>();
    private KafkaProducer<byte[], byte[]> producer;
    private KafkaStreams streams;
    private int produced;

    @BeforeEach
    void topics() throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(settings.events(), settings.sessions(), settings.dlq())
                    .stream().map(t -> new NewTopic(t, 1, (short) 1)).toList()).all().get();
        }
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
    }

    @AfterEach
    void stop() {
        if (streams != null) {
            streams.close(PATIENCE);
        }
        producer.close();
    }

    @Test
    void aBurstOfEventsPublishesEachSessionsLatestStatusOnceInTheCommitsTransaction() throws Exception {
        // Before: one status record per event (a send's result and its receipt made two).
        Map<String, String> lastIds = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            for (String session : List.of("s-a", "s-b")) {
                lastIds.put(session, produce(session, i));
            }
        }
        assertEquals(0, sent(), "no record was sent again (the expectations follow the produced order)");
        // No commit while the events are folded: the first one comes with the clean close.
        streams = start(Duration.ofMinutes(5), t -> { }, null);
        awaitFolded(lastIds);
        assertTrue(committedSessions().isEmpty(), "nothing is published before the commit");
        streams.close(PATIENCE);

        List<ConsumerRecord<byte[], byte[]>> published = committedSessions();
        assertEquals(2, published.size(), "one status per session and commit, not one per event");
        Map<String, SessionStatus> latest = latest(published);
        assertEquals(lastIds.keySet(), latest.keySet());
        for (Map.Entry<String, String> e : lastIds.entrySet()) {
            SessionStatus s = latest.get(e.getKey());
            assertEquals(e.getValue(), s.getLastEventId(), "the session's latest status");
            assertEquals(10, s.getMessagesIn(), "every event of the burst folded into it");
        }
        assertEquals(latest, latestOnChangelog(), "the sessions topic holds what the store committed");
        assertEquals("application/x-protobuf", new String(published.get(0).headers().lastHeader("content-type")
                .value(), StandardCharsets.US_ASCII));
    }

    @Test
    void manyNewMessageIdsLeaveTheRecordCacheToTheStatusesWhichArePublishedOncePerSessionAndCommit() throws Exception {
        // Before: every message id went through the record cache the stores share and stayed in it; with the cache
        // full of ids, a status entering it evicted (wrote down and published) another: one record per event.
        for (int i = 0; i < 1000; i++) { // more new ids than the cache holds
            produce("s-0", 1); // a message with a new id
        }
        for (int round = 0; round < 10; round++) {
            for (int n = 1; n <= 10; n++) {
                produce("s-" + n, 1);
            }
        }
        // The expectations are what the topic holds (CI once counted 936 of 1,000 messages of s-0 while the test
        // ignored its producer's results: one refused batch of ~64 records would do that): a record sent again by
        // sent comes later in the topic, and if it was there already, it is a copy the views must not count.
        sent();
        OnTopic onTopic = onTopic();
        Map<String, String> lastIds = onTopic.lastIds();
        Map<String, Long> messages = onTopic.messages();
        assertEquals(1100, messages.values().stream().mapToLong(Long::longValue).sum(), "every message is on the topic");
        streams = start(Duration.ofMinutes(5), SMALL_CACHE, t -> { }, null); // first commit: the clean close
        awaitFolded(lastIds);
        String folded = counted();
        assertTrue(committedSessions().isEmpty(), "nothing is published before the commit");
        streams.close(PATIENCE);

        List<ConsumerRecord<byte[], byte[]>> published = committedSessions();
        assertEquals(lastIds.size(), published.size(), "one status per session and commit, not one per event");
        Map<String, SessionStatus> latest = latest(published);
        assertEquals(lastIds.keySet(), latest.keySet());
        for (Map.Entry<String, String> e : lastIds.entrySet()) {
            SessionStatus s = latest.get(e.getKey());
            assertEquals(e.getValue(), s.getLastEventId(), e.getKey() + ": its latest status");
            assertEquals(messages.get(e.getKey()), s.getMessagesIn(), e.getKey() + ": every message counted once ("
                    + folded + ")");
        }
        assertEquals(onTopic.copies(), (long) registry.counter("wabridge.views.duplicates").count(),
                "only a copy of a message is a duplicate: " + folded);
        assertEquals(latest, latestOnChangelog(), "the sessions topic holds what the store committed");
    }

    @Test
    void aStreamThreadThatDiesBeforeItsCommitLeavesEveryCommittedStatusPublishedAndTheRestIsReplayed()
            throws Exception {
        AtomicBoolean crashed = new AtomicBoolean();
        AtomicInteger replaced = new AtomicInteger();
        // A processor beside the views on the event topic throws on the first record of session "s-crash", after
        // the views folded it: the thread dies with its transaction open (statuses folded, not yet committed).
        streams = start(Duration.ofMillis(100), t -> t.addProcessor("crash",
                () -> new Processor<byte[], byte[], Void, Void>() {
                    @Override
                    public void process(Record<byte[], byte[]> record) {
                        if ("s-crash".equals(new String(record.key(), StandardCharsets.US_ASCII))
                                && crashed.compareAndSet(false, true)) {
                            throw new IllegalStateException("simulated crash of the stream thread");
                        }
                    }
                }, "events"), replaced);

        Map<String, String> lastIds = new LinkedHashMap<>();
        for (int i = 0; i < 10; i++) {
            lastIds.put("s-a", produce("s-a", i));
        }
        assertEquals(0, sent(), "no record was sent again (the expectations follow the produced order)");
        awaitCommitted(produced); // s-a's statuses are committed; s-a gets no event after this
        for (int i = 0; i < 10; i++) {
            lastIds.put("s-b", produce("s-b", i));
            if (i == 4) {
                lastIds.put("s-crash", produce("s-crash", i));
            }
        }
        assertEquals(0, sent(), "no record was sent again (the expectations follow the produced order)");
        awaitCommitted(produced);
        assertTrue(crashed.get(), "the thread crashed once");
        assertEquals(1, replaced.get(), "and was replaced");
        String counted = counted(); // before the close, which removes the threads' metrics
        streams.close(PATIENCE);

        Map<String, SessionStatus> latest = latest(committedSessions());
        assertEquals(lastIds.keySet(), latest.keySet());
        for (Map.Entry<String, String> e : lastIds.entrySet()) {
            assertEquals(e.getValue(), latest.get(e.getKey()).getLastEventId(), e.getKey() + ": its latest status");
        }
        // The replayed messages are counted once: what the dead thread folded but did not commit is gone with its
        // transaction, in every store (a message id it saw is not taken for a duplicate on the replay).
        assertEquals(Map.of("s-a", 5L, "s-b", 5L, "s-crash", 0L), Map.of("s-a", latest.get("s-a").getMessagesIn(),
                "s-b", latest.get("s-b").getMessagesIn(), "s-crash", latest.get("s-crash").getMessagesIn()),
                "messages counted per session (" + counted + ")");
        assertEquals(latest, latestOnChangelog(), "the sessions topic holds what the store committed");
    }

    // --- helpers ---

    /** Starts the views topology, extended by the test; a failed stream thread is counted and replaced. */
    private KafkaStreams start(Duration commitInterval, Consumer<Topology> extend, AtomicInteger replaced) {
        return start(commitInterval, null, extend, replaced);
    }

    /** The same with a record cache of {@code cacheBytes} (null: Kafka Streams' default). */
    private KafkaStreams start(Duration commitInterval, Long cacheBytes, Consumer<Topology> extend,
                               AtomicInteger replaced) {
        Properties p = new Properties();
        if (cacheBytes != null) {
            p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, cacheBytes);
        }
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, app);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, (int) commitInterval.toMillis());
        p.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG),
                (int) commitInterval.plusMinutes(5).toMillis());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        // A dead thread does not leave the group: its replacement is assigned the task once the old member times out.
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6000); // the broker's minimum
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1000);
        Topology t = ViewsTopology.build(settings, new ViewsMetrics(registry));
        extend.accept(t);
        KafkaStreams s = new KafkaStreams(t, p);
        s.setStateListener((now, before) -> states.add(now));
        s.setUncaughtExceptionHandler((StreamsUncaughtExceptionHandler) e -> {
            if (replaced != null) {
                replaced.incrementAndGet();
            }
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        s.start();
        return s;
    }

    private String produce(String session, int i) {
        EventEnvelope.Builder e = EventEnvelope.newBuilder()
                .setEventId(String.format("01JTEST%019d", ids.incrementAndGet())).setSessionId(session)
                .setOccurredAt(Timestamps.fromMillis(T0.plusSeconds(ids.get()).toEpochMilli()));
        if (i % 2 == 0) {
            e.setConnectionUpdate(ConnectionUpdate.newBuilder().setState(ConnectionUpdate.State.OPEN));
        } else {
            e.setMessage(MessageEvent.newBuilder().setId("M" + ids.get()).setChat("15550002222@s.whatsapp.net")
                    .setSender(Sender.newBuilder().setPn("15550002222@s.whatsapp.net"))
                    .setTimestamp(e.getOccurredAt()).setContent(MessageContent.newBuilder().setText("hi " + i)));
        }
        EventEnvelope event = e.build();
        ProducerRecord<byte[], byte[]> record = encoder.encode(event);
        sends.add(Map.entry(record, producer.send(record)));
        produced++;
        return event.getEventId();
    }

    /**
     * Flushes the test's sends; a record the producer gave up on is sent again, alone and waited for (at most three
     * times, then the test fails saying so), and reported on stderr. The topic then holds every record at least once.
     *
     * @return how many records were sent again (0: the topic holds exactly what was produced, in order)
     */
    private int sent() throws Exception {
        producer.flush();
        int again = 0;
        for (Map.Entry<ProducerRecord<byte[], byte[]>, Future<RecordMetadata>> send : sends) {
            Future<RecordMetadata> result = send.getValue();
            for (int attempt = 1; ; attempt++) {
                try {
                    result.get();
                    break;
                } catch (ExecutionException e) {
                    if (attempt == 3) {
                        throw new AssertionError("the broker refused the test's event record three times", e.getCause());
                    }
                    again++;
                    System.err.println("ViewsCommitPublishingTest: sending an event record again: " + e.getCause());
                    result = producer.send(send.getKey());
                    producer.flush();
                }
            }
        }
        sends.clear();
        TopicPartition events = new TopicPartition(settings.events(), 0);
        long end;
        try (Admin admin = admin()) {
            end = admin.listOffsets(Map.of(events, OffsetSpec.latest())).all().get().get(events).offset();
        }
        if (again == 0) {
            assertEquals(produced, end, "every event the test produced is on the topic, once");
        } else { // a record given up on after a timeout may be there twice
            assertTrue(end >= produced, "every event the test produced is on the topic: " + end + " of " + produced);
        }
        return again;
    }

    /**
     * What the events topic holds, in its order: each session's last event id, its distinct messages (what the views
     * count) and the copies of messages already on the topic (what the views judge duplicates).
     */
    private record OnTopic(Map<String, String> lastIds, Map<String, Long> messages, long copies) {
    }

    private OnTopic onTopic() throws Exception {
        Map<String, String> lastIds = new LinkedHashMap<>();
        Map<String, Long> messages = new HashMap<>();
        Set<String> seen = new HashSet<>();
        long copies = 0;
        for (ConsumerRecord<byte[], byte[]> r : readCommitted(settings.events())) {
            EventEnvelope e = EventEnvelope.parseFrom(r.value());
            lastIds.put(e.getSessionId(), e.getEventId());
            if (e.hasMessage()) {
                if (seen.add(e.getSessionId() + "|" + e.getMessage().getChat() + "|" + e.getMessage().getId())) {
                    messages.merge(e.getSessionId(), 1L, Long::sum);
                } else {
                    copies++;
                }
            }
        }
        return new OnTopic(lastIds, messages, copies);
    }

    /** What the views counted, and how the streams instance went, for a failure's message. */
    private String counted() {
        String tasks;
        try {
            tasks = streams == null ? "-" : streams.metrics().entrySet().stream()
                    .filter(m -> m.getKey().name().equals("task-created-total")
                            || m.getKey().name().equals("task-closed-total"))
                    .map(m -> m.getKey().name() + "{" + m.getKey().tags().get("thread-id") + "}="
                            + m.getValue().metricValue()).sorted().toList().toString();
        } catch (RuntimeException e) {
            tasks = "unknown (" + e + ")";
        }
        return "applied " + (long) registry.counter("wabridge.views.events.applied").count() + ", produced " + produced
                + ", duplicates " + (long) registry.counter("wabridge.views.duplicates").count() + ", dlq "
                + (long) registry.counter("wabridge.views.dlq.records").count() + ", states " + states
                + ", tasks " + tasks;
    }

    private void awaitFolded(Map<String, String> lastIds) {
        Awaitility.await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
            ReadOnlyKeyValueStore<String, byte[]> store = streams.store(StoreQueryParameters.fromNameAndType(
                    ViewsSettings.SESSIONS_STORE, QueryableStoreTypes.<String, byte[]>keyValueStore()));
            for (Map.Entry<String, String> e : lastIds.entrySet()) {
                byte[] v = store.get(e.getKey());
                if (v == null || !SessionStatus.parseFrom(v).getLastEventId().equals(e.getValue())) {
                    return false;
                }
            }
            return true;
        });
    }

    private void awaitCommitted(long offset) {
        TopicPartition events = new TopicPartition(settings.events(), 0);
        Awaitility.await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).until(() -> {
            try (Admin admin = admin()) {
                OffsetAndMetadata o = admin.listConsumerGroupOffsets(app).partitionsToOffsetAndMetadata().get()
                        .get(events);
                return o != null && o.offset() >= offset;
            }
        });
    }

    /** Every record on the sessions topic a read_committed consumer sees, in order. */
    private List<ConsumerRecord<byte[], byte[]>> committedSessions() throws Exception {
        return readCommitted(settings.sessions());
    }

    /** The latest value per key of the sessions store's changelog (what a restore would rebuild). */
    private Map<String, SessionStatus> latestOnChangelog() throws Exception {
        return latest(readCommitted(app + "-" + ViewsSettings.SESSIONS_STORE + "-changelog"));
    }

    private List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic) throws Exception {
        TopicPartition tp = new TopicPartition(topic, 0);
        long end;
        try (Admin admin = admin()) {
            end = admin.listOffsets(Map.of(tp, OffsetSpec.latest()),
                    new org.apache.kafka.clients.admin.ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get()
                    .get(tp).offset();
        }
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (c.position(tp) < end && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            assertTrue(c.position(tp) >= end, "read " + topic + " to its last committed offset");
        }
        return out;
    }

    private static Map<String, SessionStatus> latest(List<ConsumerRecord<byte[], byte[]>> records)
            throws InvalidProtocolBufferException {
        Map<String, SessionStatus> latest = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            String key = new String(r.key(), StandardCharsets.US_ASCII);
            if (r.value() == null) {
                latest.remove(key);
            } else {
                latest.put(key, SessionStatus.parseFrom(r.value()));
            }
        }
        return latest;
    }

    private Admin admin() {
        return Admin.create(Map.of("bootstrap.servers", bootstrap));
    }
}

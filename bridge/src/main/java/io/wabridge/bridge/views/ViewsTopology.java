package io.wabridge.bridge.views;

import io.wabridge.bridge.contract.ContractHeaders;
import io.wabridge.bridge.contract.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.TopicNameExtractor;
import org.apache.kafka.streams.state.Stores;

/**
 * The views topology: {@code wabridge.events} in (a {@code mark_read}'s ok result names the chat it read);
 * the session status and chat stores (each with a changelog topic), the compacted {@code wabridge.sessions} topic,
 * the views DLQ and, when configured, the typed topics {@code wabridge.events.<type>} out. Values are read as bytes
 * and parsed by the first processor, so an unreadable record becomes a DLQ record inside the same transaction
 * (exactly_once_v2) instead of an exception in the consumer.
 */
public final class ViewsTopology {

    private ViewsTopology() {
    }

    public static Topology build(ViewsSettings settings, ViewsMetrics metrics) {
        DeadLetters deadLetters = new DeadLetters(settings.dlq(), InstantSource.system());
        ByteArrayDeserializer bytesIn = new ByteArrayDeserializer();
        ByteArraySerializer bytesOut = new ByteArraySerializer();
        Topology t = new Topology();
        t.addSource("events", bytesIn, bytesIn, settings.events());
        t.addProcessor("views", () -> new ViewsProcessor(settings, deadLetters, metrics), "events");
        // Cached: a session's status changes with every event (updated_at) and a busy chat's with every message; the
        // cache keeps the last value of a key per commit, so RocksDB and the changelog get one write per key and
        // commit instead of one per event (reads see the cache first). The sessions store's cache also decides when a
        // status goes to the sessions topic: when it is written down (ViewsProcessor, OnCacheFlush).
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ViewsSettings.SESSIONS_STORE),
                Serdes.String(), Serdes.ByteArray()).withCachingEnabled(), "views");
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ViewsSettings.CHATS_STORE),
                Serdes.String(), Serdes.ByteArray()).withCachingEnabled(), "views");
        // Not cached: each message id is written once, and the look-up before that write misses unless a copy came,
        // so a cache would save no RocksDB or changelog write, only add its own work per id; and its entries, written
        // down but kept until evicted, would fill the record cache the stores share, whose full state evicts (writes
        // and publishes) the sessions and chats entries per event instead of per commit.
        t.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(ViewsSettings.SEEN_STORE,
                settings.dedupeWindow(), settings.dedupeWindow(), false), Serdes.String(), Serdes.Long()),
                "views");
        t.addSink(ViewsProcessor.SESSIONS_SINK, settings.sessions(), bytesOut, bytesOut, "views");
        t.addSink(ViewsProcessor.DLQ_SINK, settings.dlq(), bytesOut, bytesOut, "views");
        if (settings.typedTopics()) {
            TopicNameExtractor<byte[], byte[]> byType = (key, value, context) -> {
                Header type = context.headers().lastHeader(ContractHeaders.TYPE);
                return settings.typedTopic(new String(type.value(), StandardCharsets.US_ASCII));
            };
            t.addSink(ViewsProcessor.TYPED_SINK, byType, bytesOut, bytesOut, "views");
        }
        return t;
    }
}

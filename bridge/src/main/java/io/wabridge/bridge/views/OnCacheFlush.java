package io.wabridge.bridge.views;

import java.util.function.Consumer;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorNode;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * Hears a cached key-value store write its dirty entries down: at every commit of the task, before the task's
 * records are flushed and its transaction commits, and when the thread's record cache evicts. What the callback
 * forwards is therefore part of the same transaction as the store's changelog records and the input offsets
 * (exactly_once_v2), and a key changed many times between two commits is heard once, with its last value.
 *
 * <p>This is how Kafka Streams' own DSL emits a KTable's changes on commit ({@code TimestampedCacheFlushListener});
 * the Processor API has no public hook for it, so this class uses the same internal types (Kafka Streams 4.1:
 * {@code WrappedStateStore.setFlushListener}, {@code InternalProcessorContext.setCurrentNode}). A Kafka Streams
 * upgrade that changes them fails the build or {@link #attach}, never silently: {@code ViewsTopologyTest} and
 * {@code ViewsCommitPublishingTest} publish through it.
 */
final class OnCacheFlush {

    private OnCacheFlush() {
    }

    /**
     * Calls {@code written} with each key the store writes down and its new value (null: deleted), as the processor
     * whose {@code init} calls this, so {@code context.forward} in the callback reaches that processor's sinks. The
     * record's timestamp and headers are those of the input record that last changed the key.
     *
     * @return false if the store has no record cache (built without one, or {@code statestore.cache.max.bytes=0}):
     *         then nothing is ever heard and the caller must act on each put itself
     * @throws IllegalStateException if the store or the context is not Kafka Streams' own
     */
    static boolean attach(ProcessorContext<?, ?> context, StateStore store, Consumer<Record<String, byte[]>> written) {
        if (!(context instanceof InternalProcessorContext<?, ?> internal)
                || !(store instanceof WrappedStateStore<?, ?, ?> wrapped)) {
            throw new IllegalStateException("store " + store.name() + ": not a Kafka Streams store and context");
        }
        ProcessorNode<?, ?, ?, ?> node = internal.currentNode();
        if (node == null) {
            throw new IllegalStateException("attach from the processor's init");
        }
        @SuppressWarnings("unchecked")
        WrappedStateStore<?, String, byte[]> typed = (WrappedStateStore<?, String, byte[]>) wrapped;
        boolean cached = typed.setFlushListener(record -> {
            ProcessorNode<?, ?, ?, ?> current = internal.currentNode();
            internal.setCurrentNode(node);
            try {
                written.accept(record.withValue(record.value().newValue));
            } finally {
                internal.setCurrentNode(current);
            }
        }, false);
        return cached;
    }
}

package io.wabridge.bridge.views;

import com.google.protobuf.util.Timestamps;
import io.wabridge.bridge.contract.CommandDecoder;
import io.wabridge.bridge.contract.InvalidCommandException;
import io.wabridge.proto.v1.CommandEnvelope;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Remembers the {@code mark_read} commands on the command topic until their {@code command_result} arrives on the
 * event topic: an ok result marks the chat read in {@link ViewsProcessor} (this account's own read receipts, sent
 * by the bridge). Other commands, and records the bridge itself rejects (its DLQ has them), are skipped.
 */
final class ReadsProcessor implements Processor<byte[], byte[], Void, Void> {

    private final CommandDecoder decoder = new CommandDecoder();
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, byte[]> pendingReads;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.pendingReads = context.getStateStore(ViewsSettings.PENDING_READS_STORE);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (record.value() == null) {
            return;
        }
        CommandEnvelope command;
        try {
            command = decoder.decode(record.key(), record.value(), record.headers());
        } catch (InvalidCommandException | RuntimeException e) {
            return;
        }
        if (!command.hasMarkRead()) {
            return;
        }
        String id = command.getCommandId();
        if (id.isEmpty()) { // the bridge's default command id: the record's coordinates
            RecordMetadata where = context.recordMetadata().orElseThrow();
            id = where.topic() + "-" + where.partition() + "@" + where.offset();
        }
        pendingReads.put(ViewsSettings.chatKey(command.getSessionId(), id), command.toBuilder()
                .setIssuedAt(Timestamps.fromMillis(record.timestamp())).build().toByteArray());
    }
}

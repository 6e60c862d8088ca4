package io.wabridge.bridge.views;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import io.wabridge.bridge.contract.CommandDecoder;
import io.wabridge.bridge.contract.InvalidCommandException;
import io.wabridge.bridge.contract.WireFormat;
import io.wabridge.proto.v1.ChatView;
import io.wabridge.proto.v1.CommandEnvelope;
import io.wabridge.proto.v1.SessionStatus;
import java.io.IOException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Remembers the {@code mark_read} commands on the command topic until their {@code command_result} arrives on the
 * event topic: an ok result marks the chat read in {@link ViewsProcessor} (this account's own read receipts, sent
 * by the bridge). The two topics are read side by side, so the result may come first: then {@link ViewsProcessor}
 * leaves a marker and the command, when it comes, reads the chat at the result's time. Other commands, and records
 * the bridge itself rejects (its DLQ has them), are skipped.
 */
final class ReadsProcessor implements Processor<byte[], byte[], Void, Void> {

    private final CommandDecoder decoder = new CommandDecoder();
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, byte[]> pendingReads;
    private KeyValueStore<String, byte[]> chats;
    private KeyValueStore<String, byte[]> sessions;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.pendingReads = context.getStateStore(ViewsSettings.PENDING_READS_STORE);
        this.chats = context.getStateStore(ViewsSettings.CHATS_STORE);
        this.sessions = context.getStateStore(ViewsSettings.SESSIONS_STORE);
    }

    /**
     * What {@link ViewsProcessor} keeps when an ok {@code command_result} arrives before its command: a command
     * envelope with no command, stamped with the result's time (stale ones are purged with the pending reads).
     */
    static byte[] resultMarker(String session, Timestamp resultAt) {
        return CommandEnvelope.newBuilder().setSessionId(session).setIssuedAt(resultAt).build().toByteArray();
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (record.value() == null || !mayBeMarkRead(record.value(), record.headers())) {
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
        String key = ViewsSettings.chatKey(command.getSessionId(), id);
        byte[] marker = pendingReads.get(key);
        if (marker != null) { // its ok result came first: the read happened at the result's time
            pendingReads.delete(key);
            applyRead(command, parse(marker).getIssuedAt());
            return;
        }
        pendingReads.put(key, command.toBuilder()
                .setIssuedAt(Timestamps.fromMillis(record.timestamp())).build().toByteArray());
    }

    /**
     * False only when the record cannot decode to a {@code mark_read}: a protobuf value whose top-level fields (walked
     * without parsing them) hold no {@code mark_read} field, or a content type the decoder refuses. Every
     * {@code send_message} is skipped here instead of being decoded and validated for nothing. JSON values and
     * anything the walk cannot read go to the decoder, as before.
     */
    static boolean mayBeMarkRead(byte[] value, Headers headers) {
        WireFormat format;
        try {
            format = WireFormat.of(headers);
        } catch (InvalidCommandException e) {
            return false; // the decoder refuses it too
        }
        if (format != WireFormat.PROTOBUF) {
            return true;
        }
        try {
            CodedInputStream in = CodedInputStream.newInstance(value);
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                if (tag >>> 3 == CommandEnvelope.MARK_READ_FIELD_NUMBER || !in.skipField(tag)) {
                    return true; // a mark_read field, or an end-group tag the decoder will judge
                }
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return true; // malformed: the decoder rejects it as before
        }
    }

    private void applyRead(CommandEnvelope command, Timestamp at) {
        byte[] status = sessions.get(command.getSessionId());
        if (status != null && parseStatus(status).getLoggedOut()) {
            return;
        }
        String chat = command.getMarkRead().getChat();
        String chatKey = ViewsSettings.chatKey(command.getSessionId(), chat);
        byte[] before = chats.get(chatKey);
        if (before != null) { // as ViewsProcessor: a read of a chat never seen says nothing worth keeping
            chats.put(chatKey, ChatRules.read(parseChat(before), chat, at, command.getMarkRead().getMessageIdsCount())
                    .toByteArray());
        }
    }

    private static CommandEnvelope parse(byte[] bytes) {
        try {
            return CommandEnvelope.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("unreadable pending read", e);
        }
    }

    private static SessionStatus parseStatus(byte[] bytes) {
        try {
            return SessionStatus.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("unreadable session status", e);
        }
    }

    private static ChatView parseChat(byte[] bytes) {
        try {
            return ChatView.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("unreadable chat view", e);
        }
    }
}

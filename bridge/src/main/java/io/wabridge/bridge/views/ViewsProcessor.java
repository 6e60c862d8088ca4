package io.wabridge.bridge.views;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import com.google.protobuf.util.Timestamps;
import io.wabridge.bridge.contract.ContractHeaders;
import io.wabridge.bridge.contract.DeadLetters;
import io.wabridge.bridge.contract.EventEncoder;
import io.wabridge.bridge.contract.SessionIds;
import io.wabridge.bridge.contract.WireFormat;
import io.wabridge.proto.v1.ChatView;
import io.wabridge.proto.v1.CommandResult;
import io.wabridge.proto.v1.ErrorCode;
import io.wabridge.proto.v1.EventEnvelope;
import io.wabridge.proto.v1.MessageEvent;
import io.wabridge.proto.v1.ReceiptEvent;
import io.wabridge.proto.v1.ReceiptType;
import io.wabridge.proto.v1.SessionStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

/**
 * Folds the event stream into the session status and chat stores, publishes the changed statuses to the compacted
 * sessions topic, copies events to typed topics (when configured) and sends records it cannot read to the views DLQ
 * (in the same transaction as everything else: exactly once). One instance per stream task; Kafka Streams calls it
 * from one thread.
 *
 * <p>A status is published when the sessions store's record cache writes it down ({@link OnCacheFlush}): at each
 * commit, before the transaction commits, only the latest status of each session changed since the last commit (a
 * send's two events made two records before). The record and the store's changelog record are written in the same
 * flush and transaction, so there is no moment at which a committed status is not on the topic, whatever crashes.
 * Without a record cache ({@code statestore.cache.max.bytes=0}) every changed status is published as it is put.
 *
 * <p>Rules: see {@link SessionRules} and {@link ChatRules}; a message id counts once within the dedupe window
 * ({@link SeenMessages}); a logged-out session's chats are dropped (its account state is wiped); a null value on the
 * event topic (an operator's tombstone) removes the session from the views, and so does the purge for sessions
 * logged out longer than the retention: both publish a tombstone on the sessions topic.
 */
final class ViewsProcessor implements Processor<byte[], byte[], byte[], byte[]> {
    private static final Logger LOG = Logger.getLogger(ViewsProcessor.class);
    private static final JsonFormat.Printer JSON = JsonFormat.printer().omittingInsignificantWhitespace();
    private static final StringSerializer KEYS = new StringSerializer();
    private static final byte[] NO_SESSION = SessionIds.NO_SESSION.getBytes(StandardCharsets.US_ASCII);

    static final String SESSIONS_SINK = "sessions-out";
    static final String DLQ_SINK = "views-dlq-out";
    static final String TYPED_SINK = "typed-out";

    private final ViewsSettings settings;
    private final DeadLetters deadLetters;
    private final ViewsMetrics metrics;
    private final byte[] contentType;
    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<String, byte[]> sessions;
    private KeyValueStore<String, byte[]> chats;
    private SeenMessages seen;
    /** False when the sessions store has no record cache ({@code statestore.cache.max.bytes=0}): each put publishes. */
    private boolean publishOnFlush;
    private byte[] lastWorkerBytes;
    private String lastWorker;
    /**
     * The statuses of the sessions folded lately, decoded: what the sessions store holds for them. This processor is
     * the store's only writer and every put and delete goes through here too; the store changes behind it only by a
     * restore, which comes before {@link #init}, and init starts this empty. So a status kept here is answered without
     * the store's look-up (the metered store, its cache, a key serialization: 6% of the views' thread's CPU samples at
     * 500 sessions outbound before); the others are read from the store and decoded once.
     */
    private final Map<String, SessionStatus> decoded = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SessionStatus> eldest) {
            return size() > DECODED_STATUSES;
        }
    };

    /** Statuses kept decoded per stream task (one task per partition); the least recently folded go first. */
    static final int DECODED_STATUSES = 1024;

    ViewsProcessor(ViewsSettings settings, DeadLetters deadLetters, ViewsMetrics metrics) {
        this.settings = settings;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.contentType = settings.format().contentType().getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        decoded.clear(); // a task re-initialized after a dirty close starts from its restored stores
        this.sessions = context.getStateStore(ViewsSettings.SESSIONS_STORE);
        this.chats = context.getStateStore(ViewsSettings.CHATS_STORE);
        // New at every init: a task re-initialized after a dirty close (an aborted transaction) starts from its
        // restored stores, and what the previous instance proved in memory may not be in them.
        this.seen = new SeenMessages(context.getStateStore(ViewsSettings.SEEN_STORE),
                settings.dedupeWindow().toMillis(), metrics);
        publishOnFlush = OnCacheFlush.attach(context, sessions, this::written);
        context.schedule(settings.purgeInterval(), PunctuationType.WALL_CLOCK_TIME, this::purge);
    }

    @Override
    public void close() {
        decoded.clear();
        if (seen != null) {
            seen.forget();
        }
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        byte[] key = record.key();
        if (key != null && Arrays.equals(key, NO_SESSION)) {
            typed(record, null); // errors about records that named no session: no session to fold them into
            return;
        }
        String session = SessionIds.ofKey(key);
        if (session == null) {
            deadLetter(record, key == null || key.length == 0 ? ErrorCode.MISSING_SESSION_ID
                    : ErrorCode.INVALID_SESSION_ID, "the record key is not a session id");
            return;
        }
        if (record.value() == null) {
            remove(session, record.timestamp(), "tombstone on " + settings.events());
            return;
        }
        EventEnvelope event;
        try {
            event = EventReader.read(record.value(), record.headers());
        } catch (EventReader.Unreadable e) {
            deadLetter(record, e.code, e.getMessage());
            return;
        }
        if (!event.getSessionId().isEmpty() && !event.getSessionId().equals(session)) {
            deadLetter(record, ErrorCode.SESSION_ID_MISMATCH, "session_id \"" + event.getSessionId()
                    + "\" differs from the record key");
            return;
        }
        if (event.getSessionId().isEmpty()) {
            event = event.toBuilder().setSessionId(session).build();
        }
        typed(record, event);
        fold(session, event, worker(record.headers()), record.timestamp());
        metrics.applied();
    }

    private void fold(String session, EventEnvelope event, String worker, long recordTime) {
        SessionStatus previous = status(session);
        SessionStatus next = SessionRules.apply(previous, event, worker);
        switch (event.getEventCase()) {
            case MESSAGE -> {
                MessageEvent m = event.getMessage();
                String chatKey = ViewsSettings.chatKey(session, m.getChat());
                boolean inChat = ChatRules.isChatMessage(m) && !next.getLoggedOut();
                ChatView chat = inChat ? load(chats, chatKey, ChatView.parser()) : null;
                if (seen.firstSight(chatKey, m, recordTime, chat, next)) {
                    next = SessionRules.countMessage(next, m.getFromMe());
                    if (inChat) {
                        Timestamp at = valid(m.hasTimestamp(), m.getTimestamp(), event.getOccurredAt());
                        store(chats, chatKey, ChatRules.message(chat, m, at));
                    }
                } else {
                    metrics.duplicate();
                }
            }
            case RECEIPT -> {
                ReceiptEvent r = event.getReceipt();
                if (r.getType() == ReceiptType.READ_SELF && !r.getChat().isEmpty() && !next.getLoggedOut()) {
                    read(session, r.getChat(), valid(r.hasTimestamp(), r.getTimestamp(), event.getOccurredAt()),
                            r.getMessageIdsCount(), false);
                }
            }
            case COMMAND_RESULT -> {
                // A mark_read's ok names the chat it read (the command topic is not read: one record less per send).
                CommandResult result = event.getCommandResult();
                if (result.getOk().hasMarkedRead() && !next.getLoggedOut()) {
                    CommandResult.MarkedRead marked = result.getOk().getMarkedRead();
                    if (!marked.getChat().isEmpty()) { // a uint32 above Integer.MAX_VALUE reads as negative here
                        int messages = marked.getMessageCount() < 0 ? Integer.MAX_VALUE : marked.getMessageCount();
                        read(session, marked.getChat(), valid(marked.hasReadAt(), marked.getReadAt(),
                                event.getOccurredAt()), messages, true);
                    }
                }
            }
            case LOGGED_OUT -> {
                if (next.getLoggedOut()) {
                    deleteChats(session);
                }
            }
            default -> {
            }
        }
        if (!next.equals(previous)) { // published when the store writes it down (written), at the latest at the commit
            byte[] bytes = next.toByteArray();
            decoded.remove(session); // a put that throws halfway (the cache evicting) leaves the store to be read
            sessions.put(session, bytes);
            decoded.put(session, next);
            if (!publishOnFlush) {
                publish(session, encode(bytes), recordTime);
            }
        }
    }

    /**
     * An event's own time when it has a valid one, else its {@code occurred_at} (valid: {@link EventReader}): the
     * rules compare times, and an out-of-range one would fail the stream thread on this record and every retry.
     */
    private static Timestamp valid(boolean has, Timestamp own, Timestamp occurredAt) {
        return has && Timestamps.isValid(own) ? own : occurredAt;
    }

    /** The stored status of a session (null: none): the one kept decoded, else read from the store and decoded. */
    private SessionStatus status(String session) {
        SessionStatus kept = decoded.get(session);
        if (kept != null) {
            return kept;
        }
        byte[] bytes = sessions.get(session);
        if (bytes == null) {
            return null;
        }
        SessionStatus status = parse(bytes, SessionStatus.parser());
        decoded.put(session, status);
        return status;
    }

    /**
     * The sessions store wrote a status down (a commit, or the record cache evicting it): published with the time of
     * the event that last changed it. A deleted status publishes nothing here: {@link #remove} published its tombstone.
     */
    private void written(Record<String, byte[]> status) {
        if (status.value() == null) {
            return;
        }
        publish(status.key(), encode(status.value()), status.timestamp());
    }

    /**
     * This account read {@code messages} messages of {@code chat} at {@code at}. With {@code once} (a mark_read's
     * result) a read not newer than the chat's last read changes nothing: a result published again for a redelivered
     * command carries the read's first time, which the chat's last read already has (or passed).
     */
    private void read(String session, String chat, Timestamp at, int messages, boolean once) {
        String chatKey = ViewsSettings.chatKey(session, chat);
        ChatView before = load(chats, chatKey, ChatView.parser());
        if (before == null) { // a read of a chat the views never saw a message of says nothing worth keeping
            return;
        }
        if (once && before.hasLastReadAt() && Timestamps.compare(at, before.getLastReadAt()) <= 0) {
            return;
        }
        store(chats, chatKey, ChatRules.read(before, chat, at, messages));
    }

    private void typed(Record<byte[], byte[]> record, EventEnvelope event) {
        if (!settings.typedTopics()) {
            return;
        }
        String type = header(record.headers(), ContractHeaders.TYPE);
        Headers headers = record.headers();
        if (type == null) {
            if (event == null) {
                return;
            }
            headers = new RecordHeaders(record.headers().toArray());
            headers.add(ContractHeaders.TYPE, EventEncoder.typeName(event.getEventCase())
                    .getBytes(StandardCharsets.US_ASCII));
        }
        context.forward(record.withHeaders(headers), TYPED_SINK);
    }

    /** Publishes a status already encoded in the configured format (protobuf: the bytes the store holds). */
    private void publish(String session, byte[] status, long timestamp) {
        byte[] key = session.getBytes(StandardCharsets.US_ASCII);
        RecordHeaders headers = new RecordHeaders();
        headers.add(ContractHeaders.SESSION_ID, key);
        headers.add(ContractHeaders.CONTENT_TYPE, contentType);
        context.forward(new Record<>(key, status, timestamp, headers), SESSIONS_SINK);
    }

    /** A stored status in the configured format (protobuf: the stored bytes themselves). */
    private byte[] encode(byte[] stored) {
        if (settings.format() == WireFormat.PROTOBUF) {
            return stored;
        }
        try {
            return JSON.print(parse(stored, SessionStatus.parser())).getBytes(StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a session status is always printable", e);
        }
    }

    /** Removes a session and its chats from the views and publishes a tombstone for it. */
    private void remove(String session, long timestamp, String why) {
        boolean known = sessions.get(session) != null;
        decoded.remove(session);
        sessions.delete(session);
        deleteChats(session);
        RecordHeaders headers = new RecordHeaders();
        headers.add(ContractHeaders.SESSION_ID, session.getBytes(StandardCharsets.US_ASCII));
        context.forward(new Record<>(session.getBytes(StandardCharsets.US_ASCII), null, timestamp, headers),
                SESSIONS_SINK);
        metrics.removed();
        LOG.debugf("[%s] removed from the views (%s; was %s)", session, why, known ? "known" : "unknown");
    }

    private void deleteChats(String session) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = chats.prefixScan(ViewsSettings.chatPrefix(session), KEYS)) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        keys.forEach(chats::delete);
    }

    /** Drops sessions logged out longer than the retention. */
    private void purge(long now) {
        Timestamp cutoff = Timestamps.fromMillis(now - settings.loggedOutRetention().toMillis());
        keysWhere(sessions, SessionStatus.parser(), s -> s.getLoggedOut()
                && Timestamps.compare(s.getLoggedOutAt(), cutoff) < 0)
                .forEach(session -> remove(session, now, "logged out for longer than "
                        + settings.loggedOutRetention()));
    }

    /** The keys whose values match (collected first: the store is changed only after the scan). */
    private static <T> List<String> keysWhere(KeyValueStore<String, byte[]> store, com.google.protobuf.Parser<T> parser,
                                              java.util.function.Predicate<T> match) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                if (match.test(parse(kv.value, parser))) {
                    keys.add(kv.key);
                }
            }
        }
        return keys;
    }

    private void deadLetter(Record<byte[], byte[]> record, ErrorCode code, String reason) {
        RecordMetadata where = context.recordMetadata().orElse(null);
        Headers headers = deadLetters.headers(record.headers(), where == null ? settings.events() : where.topic(),
                where == null ? -1 : where.partition(), where == null ? -1 : where.offset(), code, reason);
        context.forward(new Record<>(record.key(), record.value(), record.timestamp(), headers), DLQ_SINK);
        metrics.deadLetter();
        LOG.warnf("event record %s-%d@%d sent to %s: %s %s", where == null ? "?" : where.topic(),
                where == null ? -1 : where.partition(), where == null ? -1 : where.offset(), settings.dlq(), code,
                reason);
    }

    /** The worker-id header as text; one worker publishes most events, so its last decoding is kept. */
    private String worker(Headers headers) {
        Header h = headers.lastHeader(ContractHeaders.WORKER_ID);
        if (h == null || h.value() == null) {
            return null;
        }
        byte[] value = h.value();
        if (!Arrays.equals(value, lastWorkerBytes)) {
            lastWorker = new String(value, StandardCharsets.UTF_8);
            lastWorkerBytes = value;
        }
        return lastWorker;
    }

    private static String header(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static <T> T load(KeyValueStore<String, byte[]> store, String key, com.google.protobuf.Parser<T> parser) {
        return parse(store.get(key), parser);
    }

    private static <T> T parse(byte[] bytes, com.google.protobuf.Parser<T> parser) {
        if (bytes == null) {
            return null;
        }
        try {
            return parser.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a views store holds a value it did not write", e);
        }
    }

    private static void store(KeyValueStore<String, byte[]> store, String key, com.google.protobuf.Message value) {
        store.put(key, value.toByteArray());
    }
}

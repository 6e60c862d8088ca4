package io.wabridge.client.history;

import io.wabridge.client.binary.Node;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.media.MediaIntegrityException;
import io.wabridge.client.media.MediaSession;
import io.wabridge.client.media.MediaType;
import io.wabridge.client.message.content.MediaBlob;
import io.wabridge.client.store.LidMappingStore;
import io.wabridge.client.store.LidPnMapping;
import io.wabridge.proto.wa.HistorySyncNotification;
import io.wabridge.proto.wa.Message;
import io.wabridge.proto.wa.ProtocolMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One account's history sync coordinator. The phone announces each history chunk with a HISTORY_SYNC_NOTIFICATION
 * protocol message to our device; {@link #offer} takes those (only from our own account) out of the message flow,
 * and the chunks are processed one at a time, in arrival order, on a virtual thread:
 *
 * <ol>
 *   <li>the payload: inline (field 11) or downloaded through {@link MediaSession} ({@link MediaType#HISTORY}) into a
 *       temporary file, where it appears only once the encrypted file's SHA-256, the MAC and the plaintext hash
 *       verified, so nothing of a forged or damaged blob is ever read;</li>
 *   <li>inflated (zlib) as a stream and walked by {@link HistoryReader}; {@link HistoryParts} cuts it into
 *       {@link ClientEvent.HistorySync} parts, each handed off on the session executor (LID mappings stored first)
 *       and waited for before the next is read: the heap holds one part, whatever the chunk;</li>
 *   <li>after the last part, the {@code <receipt type="hist_sync">} the phone expects.</li>
 * </ol>
 *
 * A chunk that fails (download, hashes, MAC, zlib, protobuf) ends with a part whose failure names it; the parts
 * already handed off stay; no receipt is sent (the phone may send the chunk again); the session and the next chunks
 * go on. A failed hand-off (the consumer could not take the part) stops that chunk the same way, without a failure
 * part. Chunks not yet finished when the process stops are lost with it: the notification was acknowledged when it
 * was taken (as whatsmeow and Baileys do); on-demand requests can fetch the history again.
 */
public final class History {
    private static final Logger LOG = LoggerFactory.getLogger(History.class);
    private static final long HAND_OFF_TIMEOUT_MS = TimeUnit.MINUTES.toMillis(10);

    /** What the coordinator needs of the account's connection. */
    public interface Link {
        /** Sends a stanza built for our own user JID (no device) on the open connection. */
        CompletableFuture<Void> sendToOwnUser(Function<Jid, Node> stanza);

        /** Sends a protocol message to our own primary phone only (category peer); completes with its id. */
        default CompletableFuture<String> sendToPrimary(Message message) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException("no peer messages on this link"));
        }
    }

    /** Messages an on-demand request asks for at most (WhatsApp's phone sends fewer when it has fewer). */
    public static final int MAX_REQUEST = 500;
    /** Messages an on-demand request asks for when the caller names no count. */
    public static final int DEFAULT_REQUEST = 50;

    /** Our own JIDs, read when a chunk starts. */
    public record Self(Jid me, Jid lid) {}

    private final String sessionId;
    private final HistorySettings settings;
    private final MediaSession media;
    private final Executor executor;
    private final Function<ClientEvent, CompletionStage<Void>> handOff;
    private final Link link;
    private final Supplier<Self> self;
    private final LidMappingStore mappings;
    private final ArrayDeque<ClientEvent.MessageReceived> queue = new ArrayDeque<>();
    private boolean running;
    private volatile long generation;
    private final LongAdder chunks = new LongAdder();
    private final LongAdder parts = new LongAdder();
    private final LongAdder messages = new LongAdder();
    private final LongAdder failures = new LongAdder();

    /**
     * @param executor the session's serial executor: hand-offs and store writes run there
     * @param handOff  hands a part to the consumer; the next part is read when the stage completed
     * @param mappings where the LID mappings of the history go (null: not stored)
     */
    public History(String sessionId, HistorySettings settings, MediaSession media, Executor executor,
                   Function<ClientEvent, CompletionStage<Void>> handOff, Link link, Supplier<Self> self,
                   LidMappingStore mappings) {
        this.sessionId = sessionId;
        this.settings = settings;
        this.media = media;
        this.executor = executor;
        this.handOff = handOff;
        this.link = link;
        this.self = self;
        this.mappings = mappings;
    }

    public HistorySettings settings() {
        return settings;
    }

    /** The notification inside a message, or null when it is not one. */
    public static HistorySyncNotification notificationOf(Message message) {
        if (message == null || !message.hasProtocolMessage()) {
            return null;
        }
        ProtocolMessage p = message.getProtocolMessage();
        return p.getType() == ProtocolMessage.Type.HISTORY_SYNC_NOTIFICATION && p.hasHistorySyncNotification()
                ? p.getHistorySyncNotification() : null;
    }

    /**
     * Takes a received message if it is a history notification from our own account (processed later, in order);
     * returns false for any other message, which then takes its usual way. Session executor.
     */
    public boolean offer(ClientEvent.MessageReceived message) {
        if (notificationOf(message.message()) == null) {
            return false;
        }
        if (!message.fromMe()) {
            LOG.warn("[{}] a history notification from {} (not our account) ignored", sessionId, message.sender());
            return true;
        }
        queue.add(message);
        if (!running) {
            running = true;
            next();
        }
        return true;
    }

    /**
     * Asks our primary phone for {@code count} messages of {@code chat} older than the given one (a peer
     * PEER_DATA_OPERATION_REQUEST_MESSAGE, HISTORY_SYNC_ON_DEMAND). Completes with the request's message id once the
     * server acked it; the answer, if the phone sends one, arrives later as {@link ClientEvent.HistorySync} parts of
     * type ON_DEMAND (whose {@code requestId} names this id when the phone says so). Any thread.
     *
     * @param oldestId        id of the oldest message the caller has of the chat
     * @param oldestFromMe    whether we sent that message
     * @param oldestTimestamp its timestamp
     * @param count           1 to {@link #MAX_REQUEST}; 0 means {@link #DEFAULT_REQUEST}
     */
    public CompletableFuture<String> request(Jid chat, String oldestId, boolean oldestFromMe,
                                             java.time.Instant oldestTimestamp, int count) {
        if (count < 0 || count > MAX_REQUEST) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "count must be 1 to " + MAX_REQUEST + " (0 for " + DEFAULT_REQUEST + "): " + count));
        }
        if (chat == null || oldestId == null || oldestId.isEmpty() || oldestTimestamp == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "a history request needs the chat and the oldest message's id and timestamp"));
        }
        Jid target = chat.isPn() || chat.isLid() ? chat.normalizedUser() : chat;
        Message message = requestMessage(target, oldestId, oldestFromMe, oldestTimestamp.getEpochSecond(),
                count == 0 ? DEFAULT_REQUEST : count);
        return link.sendToPrimary(message);
    }

    /** The peer message of an on-demand request (the timestamp in seconds, as the reference clients send it). */
    public static Message requestMessage(Jid chat, String oldestId, boolean oldestFromMe, long oldestSeconds,
                                         int count) {
        var request = io.wabridge.proto.wa.PeerDataOperationRequestMessage.newBuilder()
                .setPeerDataOperationRequestType(io.wabridge.proto.wa.PeerDataOperationRequestMessage
                        .PeerDataOperationRequestType.HISTORY_SYNC_ON_DEMAND)
                .setHistorySyncOnDemandRequest(io.wabridge.proto.wa.PeerDataOperationRequestMessage
                        .HistorySyncOnDemandRequest.newBuilder()
                        .setChatJid(chat.toString())
                        .setOldestMsgId(oldestId)
                        .setOldestMsgFromMe(oldestFromMe)
                        .setOnDemandMsgCount(count)
                        .setOldestMsgTimestampMs(oldestSeconds));
        return Message.newBuilder().setProtocolMessage(ProtocolMessage.newBuilder()
                .setType(ProtocolMessage.Type.PEER_DATA_OPERATION_REQUEST_MESSAGE)
                .setPeerDataOperationRequestMessage(request)).build();
    }

    /** The account was logged out or the client closed: queued chunks are dropped, a running one stops. */
    public void reset() {
        generation++;
        queue.clear();
    }

    private void next() {
        ClientEvent.MessageReceived m = queue.poll();
        if (m == null) {
            running = false;
            return;
        }
        long gen = generation;
        Self s = self.get();
        Thread.ofVirtual().name("wa-history-" + sessionId).start(() -> {
            try {
                process(m, s, gen);
            } catch (RuntimeException e) {
                LOG.warn("[{}] history chunk {} failed unexpectedly", sessionId, m.id(), e);
            } finally {
                executor.execute(this::next);
            }
        });
    }

    /** Off the executor: one chunk, start to end. */
    private void process(ClientEvent.MessageReceived m, Self s, long gen) {
        HistorySyncNotification n = notificationOf(m.message());
        HistoryParts.Chunk chunk = new HistoryParts.Chunk(m.id(), n.getSyncType(), n.getChunkOrder(), n.getProgress(),
                n.getPeerDataRequestSessionId().isEmpty() ? null : n.getPeerDataRequestSessionId());
        chunks.increment();
        if (settings.scope() == HistorySyncScope.NONE && n.getSyncType() != HistorySyncNotification.HistorySyncType.ON_DEMAND) {
            LOG.debug("[{}] history chunk {} {} acknowledged unread (scope none)", sessionId, n.getSyncType(),
                    n.getChunkOrder());
            receipt(m.id());
            return;
        }
        long started = System.nanoTime();
        HistoryParts cutter = new HistoryParts(chunk, s.me(), s.lid(), settings.maxMessagesPerPart(),
                settings.maxBytesPerPart(), part -> deliver(part, gen));
        Path file = null;
        ClientEvent.HistoryFailure failure = null;
        try {
            InputStream compressed;
            if (n.hasInitialHistBootstrapInlinePayload()) {
                compressed = new ByteArrayInputStream(n.getInitialHistBootstrapInlinePayload().toByteArray());
            } else {
                file = Files.createTempFile(settings.tempDir() == null ? Path.of(System.getProperty("java.io.tmpdir"))
                        : settings.tempDir(), "wa-history-", ".z");
                failure = download(n, file);
                compressed = failure == null ? Files.newInputStream(file) : null;
            }
            if (failure == null) {
                try (InputStream in = new InflaterInputStream(compressed, new Inflater(), 64 * 1024)) {
                    HistoryReader.read(in, cutter);
                }
                cutter.finish();
            }
        } catch (HandOffFailed e) {
            LOG.warn("[{}] history chunk {} {} #{} stopped: {}", sessionId, chunk.syncType(), chunk.chunkOrder(),
                    m.id(), e.getMessage());
            return;
        } catch (ZipException | EOFException | InvalidProtocolBufferException e) {
            failure = new ClientEvent.HistoryFailure(ClientEvent.HistoryFailure.Kind.PAYLOAD_INVALID,
                    "history chunk " + chunk.syncType() + " #" + chunk.chunkOrder() + " is not a zlib-compressed "
                            + "HistorySync: " + e.getMessage());
        } catch (IOException e) {
            failure = new ClientEvent.HistoryFailure(ClientEvent.HistoryFailure.Kind.DOWNLOAD_FAILED,
                    "history chunk " + chunk.syncType() + " #" + chunk.chunkOrder() + " could not be read: " + e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    LOG.debug("[{}] could not delete {}", sessionId, file, e);
                }
            }
        }
        if (failure != null) {
            failures.increment();
            LOG.warn("[{}] {} ({} parts already handed off)", sessionId, failure.message(), cutter.parts());
            try {
                deliver(new ClientEvent.HistorySync(chunk.notificationId(), chunk.syncType(), chunk.chunkOrder(),
                        cutter.parts(), true, chunk.progress(), chunk.requestId(), List.of(), List.of(), List.of(),
                        List.of(), failure), gen);
            } catch (HandOffFailed e) {
                LOG.warn("[{}] the failure of history chunk {} could not be handed off: {}", sessionId, m.id(),
                        e.getMessage());
            }
            return;
        }
        messages.add(cutter.messages());
        LOG.info("[{}] history chunk {} #{} ({}%): {} messages in {} parts, {} skipped, {} ms", sessionId,
                chunk.syncType(), chunk.chunkOrder(), chunk.progress(), cutter.messages(), cutter.parts(),
                cutter.skipped(), (System.nanoTime() - started) / 1_000_000);
        receipt(m.id());
    }

    /** Downloads the blob into {@code file}; null when it verified, else the failure. */
    private ClientEvent.HistoryFailure download(HistorySyncNotification n, Path file) throws HandOffFailed {
        String where = "history chunk " + n.getSyncType() + " #" + n.getChunkOrder();
        if (n.getDirectPath().isEmpty() || n.getMediaKey().size() != 32) {
            return new ClientEvent.HistoryFailure(ClientEvent.HistoryFailure.Kind.BLOB_INVALID,
                    where + " names no blob (no direct path or no 32-byte media key)");
        }
        byte[] sha = n.getFileSha256().size() == 32 ? n.getFileSha256().toByteArray() : null;
        byte[] encSha = n.getFileEncSha256().size() == 32 ? n.getFileEncSha256().toByteArray() : null;
        MediaBlob blob = new MediaBlob(null, n.getDirectPath(), n.getMediaKey().toByteArray(), sha, encSha,
                n.getFileLength(), 0);
        try {
            media.downloadToFile(MediaType.HISTORY, blob, file).get();
            return null;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                    ? c.getCause() : e.getCause();
            if (cause instanceof MediaIntegrityException integrity) {
                return new ClientEvent.HistoryFailure(ClientEvent.HistoryFailure.Kind.BLOB_INVALID,
                        where + " failed verification (" + integrity.reason() + "): " + integrity.getMessage());
            }
            return new ClientEvent.HistoryFailure(ClientEvent.HistoryFailure.Kind.DOWNLOAD_FAILED,
                    where + " could not be downloaded: " + cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HandOffFailed("interrupted while downloading");
        }
    }

    /** Hands one part off on the executor (LID mappings stored first) and waits until it was taken. */
    private void deliver(ClientEvent.HistorySync part, long gen) throws HandOffFailed {
        if (gen != generation) {
            throw new HandOffFailed("the session was reset");
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                if (mappings != null && !part.lidMappings().isEmpty()) {
                    // TODO(lid): route through the LID coordinator's learner once merged (it also migrates sessions).
                    List<LidPnMapping> rows = new ArrayList<>(part.lidMappings().size());
                    for (ClientEvent.HistoryLidMapping mapping : part.lidMappings()) {
                        rows.add(new LidPnMapping(mapping.lid().toString(), mapping.pn().toString()));
                    }
                    mappings.storeAll(rows);
                }
                handOff.apply(part).whenComplete((ok, f) -> {
                    if (f != null) {
                        done.completeExceptionally(f);
                    } else {
                        done.complete(null);
                    }
                });
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        try {
            done.get(HAND_OFF_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new HandOffFailed("a part could not be handed off: " + e.getCause());
        } catch (TimeoutException e) {
            throw new HandOffFailed("a part was not taken within " + HAND_OFF_TIMEOUT_MS + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HandOffFailed("interrupted");
        }
        parts.increment();
    }

    /** {@code <receipt id type="hist_sync" to=OWN_USER/>}: the phone knows the chunk arrived. */
    private void receipt(String id) {
        link.sendToOwnUser(me -> Node.builder("receipt").attr("id", id).attr("type", "hist_sync").attr("to", me)
                .build()).whenComplete((ok, f) -> {
                    if (f != null) {
                        LOG.debug("[{}] hist_sync receipt for {} not sent: {}", sessionId, id, f.toString());
                    }
                });
    }

    public long chunks() {
        return chunks.sum();
    }

    public long parts() {
        return parts.sum();
    }

    public long messages() {
        return messages.sum();
    }

    public long failures() {
        return failures.sum();
    }

    /** The consumer did not take a part: the chunk stops without a failure part. */
    private static final class HandOffFailed extends IOException {
        HandOffFailed(String message) {
            super(message);
        }
    }
}

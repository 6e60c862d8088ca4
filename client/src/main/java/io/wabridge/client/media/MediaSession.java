package io.wabridge.client.media;

import io.wabridge.client.binary.Node;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.message.content.Media;
import io.wabridge.client.message.content.MediaKind;
import io.wabridge.client.stanza.Acks;
import io.wabridge.client.stanza.StanzaMatcher;
import io.wabridge.client.stanza.StanzaRouter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One account's media: the coordinator {@code WaClient.media()} hands out. It keeps the account's
 * {@link MediaConnCache} and its pending {@code mediaretry} requests; the transfers themselves go through the
 * worker-wide {@link MediaTransfer} and {@link MediaProcessor} on virtual threads, never on the session's serial
 * executor (only the {@code media_conn} iq and the retry receipt touch the connection, through {@link Link}).
 *
 * <p>Sending: {@link #prepare} uploads a file and returns the {@link Media} content to pass to
 * {@code WaClient.sendMessage}. Receiving: {@link #downloadToFile} fetches, verifies and decrypts the blob of a
 * received {@link Media}; when every host says the blob is gone and the message's {@link MediaRetry.Origin} is
 * given, it asks the sender's phone to upload it again ({@code mediaretry}) and downloads the new copy.
 */
public final class MediaSession {
    private static final Logger LOG = LoggerFactory.getLogger(MediaSession.class);
    private static final Executor TRANSFERS = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("wa-media-", 0).factory());

    /** What the media coordinator needs from the account's connection; WaClient runs these on its executor. */
    public interface Link {
        /** Sends an iq on the open connection; completes with its result. */
        CompletableFuture<Node> sendIq(Node iq, Duration timeout);

        /** Sends a stanza built for our own user JID (no device) on the open connection. */
        CompletableFuture<Void> sendToOwnUser(Function<Jid, Node> stanza);

        /** A link from its two operations. */
        static Link of(BiFunction<Node, Duration, CompletableFuture<Node>> sendIq,
                       Function<Function<Jid, Node>, CompletableFuture<Void>> sendToOwnUser) {
            return new Link() {
                @Override
                public CompletableFuture<Node> sendIq(Node iq, Duration timeout) {
                    return sendIq.apply(iq, timeout);
                }

                @Override
                public CompletableFuture<Void> sendToOwnUser(Function<Jid, Node> stanza) {
                    return sendToOwnUser.apply(stanza);
                }
            };
        }
    }

    private final String sessionId;
    private final MediaTransfer transfer;
    private final MediaProcessor processor;
    private final MediaConnCache conns;
    private final Link link;
    private final Map<String, CompletableFuture<Node>> retries = new ConcurrentHashMap<>();
    private final LongAdder uploads = new LongAdder();
    private final LongAdder downloads = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder retryRequests = new LongAdder();

    public MediaSession(String sessionId, MediaTransfer transfer, MediaProcessor processor, Link link, Clock clock) {
        this.sessionId = sessionId;
        this.transfer = transfer;
        this.processor = processor;
        this.link = link;
        Duration iqTimeout = transfer.settings().mediaConnTimeout();
        this.conns = new MediaConnCache(() -> link.sendIq(MediaConn.request(), iqTimeout), clock);
    }

    /** Installs the {@code mediaretry} notification handler on a login connection. */
    public void install(StanzaRouter router) {
        router.on(new StanzaMatcher("notification", "mediaretry", null), node -> {
            router.send(Acks.ackFor(node));
            CompletableFuture<Node> waiting = retries.get(node.attr("id", ""));
            if (waiting != null) {
                waiting.complete(node);
            } else {
                LOG.debug("[{}] mediaretry notification nobody waits for: {}", sessionId, node.attr("id"));
            }
        });
    }

    /** The account's media_conn cache (tests, metrics). */
    public MediaConnCache mediaConn() {
        return conns;
    }

    /** Encrypts and uploads a file for {@code type}. */
    public CompletableFuture<UploadedMedia> upload(MediaType type, MediaSource source) {
        return async(() -> {
            UploadedMedia uploaded = transfer.upload(conns, type, source);
            uploads.increment();
            return uploaded;
        });
    }

    /**
     * Uploads a file and returns the media message content to send: the blob, the kind's default mimetype, and for
     * images the dimensions and thumbnail made by the {@link MediaProcessor}; {@code details} sets the rest
     * (caption, file name, mimetype, duration, waveform, ...) and wins over what was derived.
     */
    public CompletableFuture<Media> prepare(MediaKind kind, MediaSource source, Consumer<Media.Builder> details) {
        return upload(MediaType.of(kind), source).thenApply(uploaded -> {
            Media.Builder builder = Media.builder(kind, uploaded.blob());
            processor.describe(kind, source, builder, null);
            if (details != null) {
                details.accept(builder);
            }
            return builder.build();
        });
    }

    /**
     * Downloads, verifies and decrypts a media message's blob to {@code target} (nothing appears there unless it
     * verified). With an {@code origin}, a blob the hosts lost is asked for again from the sender's phone.
     */
    public CompletableFuture<MediaDigest> downloadToFile(Media media, Path target, MediaRetry.Origin origin) {
        MediaType type = MediaType.of(media.kind());
        return async(() -> withRetry(media, origin, m -> transfer.downloadToFile(conn(), type, m.blob(), target)));
    }

    /**
     * Downloads, verifies and decrypts a blob that is not a media message (a history chunk, an app-state snapshot) to
     * {@code target}: nothing appears there unless it verified. No {@code mediaretry}: such blobs are not re-uploaded.
     */
    public CompletableFuture<MediaDigest> downloadToFile(MediaType type, io.wabridge.client.message.content.MediaBlob blob,
                                                         Path target) {
        return async(() -> {
            MediaDigest d = transfer.downloadToFile(conn(), type, blob, target);
            downloads.increment();
            return d;
        });
    }

    /**
     * Downloads, verifies and decrypts into {@code sink}, which receives provisional plaintext: discard it all if
     * the future fails. A retry after a lost blob happens only before anything was written.
     */
    public CompletableFuture<MediaDigest> download(Media media, OutputStream sink, MediaRetry.Origin origin) {
        MediaType type = MediaType.of(media.kind());
        return async(() -> withRetry(media, origin, m -> transfer.download(conn(), type, m.blob(), sink)));
    }

    private interface Attempt {
        MediaDigest run(Media media) throws IOException;
    }

    private MediaDigest withRetry(Media media, MediaRetry.Origin origin, Attempt attempt) throws IOException {
        try {
            MediaDigest d = attempt.run(media);
            downloads.increment();
            return d;
        } catch (MediaTransferException e) {
            if (e.code() != MediaTransferException.Code.GONE || origin == null) {
                throw e;
            }
            LOG.info("[{}] media of {} is gone from the hosts; asking the sender to upload it again", sessionId,
                    origin.messageId());
            MediaRetry.Result result = awaitReupload(origin, media.blob().mediaKey());
            if (!result.success()) {
                throw new MediaTransferException(MediaTransferException.Code.GONE, "the media of "
                        + origin.messageId() + " is gone and the sender could not upload it again (" + result.result()
                        + (result.errorCode() != 0 ? ", error " + result.errorCode() : "") + ")", e);
            }
            MediaDigest d = attempt.run(media.withBlob(media.blob().withLocation(null, result.directPath())));
            downloads.increment();
            return d;
        }
    }

    /** Sends a {@code mediaretry} request and waits (blocking, on a transfer thread) for its notification. */
    private MediaRetry.Result awaitReupload(MediaRetry.Origin origin, byte[] mediaKey) throws IOException {
        retryRequests.increment();
        CompletableFuture<Node> waiting = new CompletableFuture<>();
        retries.put(origin.messageId(), waiting);
        try {
            link.sendToOwnUser(me -> MediaRetry.request(origin, mediaKey, me)).join();
            Node notification = waiting.get(transfer.settings().retryTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return MediaRetry.readNotification(notification, mediaKey);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new MediaTransferException(MediaTransferException.Code.GONE, "the media of " + origin.messageId()
                    + " is gone and no re-upload came within " + transfer.settings().retryTimeout(), e);
        } catch (GeneralSecurityException e) {
            throw new MediaTransferException(MediaTransferException.Code.GONE,
                    "the re-upload notification for " + origin.messageId() + " does not verify: " + e.getMessage(), e);
        } catch (java.util.concurrent.ExecutionException | CompletionException e) {
            throw new MediaTransferException(MediaTransferException.Code.GONE,
                    "could not ask for a re-upload of " + origin.messageId() + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted waiting for a media re-upload");
        } finally {
            retries.remove(origin.messageId(), waiting);
        }
    }

    /** The media hosts, or null when media_conn cannot be had (then only a message's url is tried). */
    private MediaConn conn() {
        try {
            return conns.get().get(transfer.settings().mediaConnTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.debug("[{}] no media_conn for a download: {}", sessionId, e.toString());
            return null;
        }
    }

    private interface Io<T> {
        T run() throws IOException;
    }

    private <T> CompletableFuture<T> async(Io<T> work) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return work.run();
            } catch (IOException e) {
                failures.increment();
                throw new CompletionException(e);
            } catch (RuntimeException e) {
                failures.increment();
                throw e;
            }
        }, TRANSFERS);
    }

    public long uploads() {
        return uploads.sum();
    }

    public long downloads() {
        return downloads.sum();
    }

    public long failures() {
        return failures.sum();
    }

    public long retryRequests() {
        return retryRequests.sum();
    }
}

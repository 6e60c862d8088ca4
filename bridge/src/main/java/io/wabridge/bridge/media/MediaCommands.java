package io.wabridge.bridge.media;

import io.wabridge.blobstore.BlobInfo;
import io.wabridge.blobstore.BlobStore;
import io.wabridge.blobstore.BlobTooLargeException;
import io.wabridge.bridge.contract.MediaContract;
import io.wabridge.client.media.MediaIntegrityException;
import io.wabridge.client.media.MediaRetry;
import io.wabridge.client.media.MediaSession;
import io.wabridge.client.media.MediaSource;
import io.wabridge.client.media.MediaTransferException;
import io.wabridge.client.message.content.Media;
import io.wabridge.client.message.content.MediaKind;
import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The media work of the bridge's commands, shared by every session of a worker: the file of a {@code send_message}
 * taken into the blob store (blob reference, https URL, inline bytes) and uploaded to WhatsApp from there, and a
 * received message's file downloaded, verified and put into the blob store ({@code download_media}). Everything runs
 * on virtual threads, at most {@code wabridge.media.max-concurrent-transfers} at once, never on a session's lane;
 * the blob store's bytes stream through fixed buffers, never whole into the heap.
 *
 * <p>Retried sends: once a send's file is uploaded, its descriptor is kept ({@link UploadRecords}, the command log
 * under {@code <command_id>#upload}) before the message goes out, so a delivery of the same command again (a crash
 * or hand-over before its result was logged, a reconnect under the send) sends the same upload instead of
 * uploading again; WhatsApp's message id derives from the command id, so the recipient gets one message.
 *
 * <p>Failures are {@link MediaException}s with the contract's media codes: {@code MEDIA_FETCH_FAILED},
 * {@code MEDIA_TOO_LARGE}, {@code MEDIA_INVALID}, {@code MEDIA_UPLOAD_FAILED}; anything else (a blob store down, the
 * connection gone) propagates as it is. Nothing half-written stays in the blob store (its puts are atomic).
 */
public final class MediaCommands {
    private static final Logger LOG = Logger.getLogger(MediaCommands.class);
    private static final Executor TRANSFERS = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("bridge-media-", 0).factory());
    /** A mimetype: type/subtype with optional parameters. */
    private static final Pattern MIMETYPE = Pattern.compile(
            "[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*(\\s*;.*)?");

    /** Where a send keeps its upload, so that a redelivered command does not upload twice. */
    public interface UploadRecords {
        /** The upload kept for this command, if any. */
        CompletableFuture<Optional<io.wabridge.proto.v1.Media>> find(String sessionId, String commandId);

        /** Keeps the upload of this command (first one wins). */
        CompletableFuture<Void> keep(String sessionId, String commandId, io.wabridge.proto.v1.Media uploaded);

        /** Keeps nothing (tests). */
        UploadRecords NONE = new UploadRecords() {
            @Override
            public CompletableFuture<Optional<io.wabridge.proto.v1.Media>> find(String sessionId, String commandId) {
                return CompletableFuture.completedFuture(Optional.empty());
            }

            @Override
            public CompletableFuture<Void> keep(String sessionId, String commandId, io.wabridge.proto.v1.Media m) {
                return CompletableFuture.completedFuture(null);
            }
        };
    }

    /** A send's media, uploaded (or the kept upload of an earlier delivery), and its descriptor for the result. */
    public record Prepared(Media media, io.wabridge.proto.v1.Media descriptor, boolean reused) {
    }

    private final BlobStore store;
    private final UrlFetcher fetcher;
    private final InlineMedia inline;
    private final UploadRecords uploads;
    private final MediaMetrics metrics;
    private final Path spool;
    private final Semaphore slots;

    public MediaCommands(BlobStore store, UrlFetcher fetcher, InlineMedia inline, UploadRecords uploads,
                         MediaMetrics metrics, Path spool, int maxConcurrentTransfers) {
        this.store = store;
        this.fetcher = fetcher;
        this.inline = inline;
        this.uploads = uploads;
        this.metrics = metrics;
        this.spool = spool;
        this.slots = new Semaphore(Math.max(1, maxConcurrentTransfers), true);
    }

    public BlobStore store() {
        return store;
    }

    /**
     * The media of a send_message, ready to send: the upload an earlier delivery of {@code commandId} kept, or the
     * file taken into the blob store from its source, uploaded, and kept for {@code commandId}. Off the caller's
     * thread; fails with {@link MediaException} for the media's faults.
     */
    public CompletableFuture<Prepared> prepare(String sessionId, String commandId, MediaSession media,
                                               io.wabridge.proto.v1.Media command) {
        MediaContract.Outgoing out;
        try {
            out = MediaContract.outgoing(command);
        } catch (io.wabridge.bridge.contract.InvalidCommandException e) {
            return CompletableFuture.failedFuture(new MediaException(MediaErrorCode.MEDIA_INVALID, e.getMessage()));
        }
        return uploads.find(sessionId, commandId).thenCompose(kept -> {
            if (kept.isPresent()) {
                try {
                    Media m = MediaContract.received(kept.get(), "kept upload");
                    metrics.reusedUpload(out.kind());
                    LOG.debugf("[%s] command %s delivered again: sending its kept upload %s", sessionId, commandId,
                            kept.get().getSha256());
                    return CompletableFuture.completedFuture(new Prepared(m, kept.get(), true));
                } catch (io.wabridge.bridge.contract.InvalidCommandException e) {
                    LOG.warnf("[%s] command %s: kept upload unreadable (%s); uploading again", sessionId, commandId,
                            e.getMessage());
                }
            }
            return run(() -> upload(media, out, command)).thenCompose(prepared ->
                    uploads.keep(sessionId, commandId, prepared.descriptor()).handle((ok, failure) -> {
                        if (failure != null) { // the send still goes out; only a redelivery would upload again
                            LOG.warnf("[%s] command %s: upload not kept (%s); a redelivery would upload again",
                                    sessionId, commandId, failure.toString());
                        }
                        return prepared;
                    }));
        });
    }

    private Prepared upload(MediaSession media, MediaContract.Outgoing out, io.wabridge.proto.v1.Media command)
            throws IOException {
        MediaKind kind = out.kind();
        try {
            mimetype(kind, command.getMimetype(), null); // a mimetype that does not fit fails before any transfer
            BlobInfo blob = take(out.source(), command.getMimetype().isEmpty() ? null : command.getMimetype());
            String mimetype = mimetype(kind, command.getMimetype(), blob.mimetype());
            Media uploaded = join(media.prepare(kind, fromStore(blob), b -> {
                b.mimetype(mimetype);
                out.details().accept(b);
            }));
            if (!Arrays.equals(uploaded.blob().fileSha256(), HexFormat.of().parseHex(blob.sha256()))) {
                throw new MediaException(MediaErrorCode.MEDIA_INVALID, "the blob store's bytes of " + blob.sha256()
                        + " no longer hash to their key (corrupted or tampered with in the store); nothing was sent");
            }
            metrics.uploaded(kind, blob.size());
            return new Prepared(uploaded, MediaContract.describe(uploaded, blob.sha256()), false);
        } catch (IOException | RuntimeException e) {
            IOException failure = translate(e, true);
            metrics.failed("upload", kind, failure instanceof MediaException m ? m.code().name() : "INTERNAL");
            throw failure;
        }
    }

    /** The source of a send in the blob store: found there, fetched from its URL, or stored from inline bytes. */
    private BlobInfo take(MediaContract.Source source, String mimetype) throws IOException {
        return switch (source) {
            case MediaContract.Source.BlobRef ref -> {
                if (!io.wabridge.blobstore.Sha256Hex.isValid(ref.ref())) {
                    throw new MediaException(MediaErrorCode.MEDIA_FETCH_FAILED, "blob_ref " + ref.ref()
                            + " is not a blob store key (64 lowercase hex digits)");
                }
                yield store.info(ref.ref()).orElseThrow(() -> new MediaException(MediaErrorCode.MEDIA_FETCH_FAILED,
                        "no blob " + ref.ref() + " in the blob store (never stored, or deleted by retention)"));
            }
            case MediaContract.Source.FetchUrl url -> fetcher.fetch(url.url().toString(), mimetype, store).blob();
            case MediaContract.Source.Inline data -> {
                inline.check(data.data().length);
                yield store.put(new ByteArrayInputStream(data.data()), mimetype).blob();
            }
        };
    }

    /** A re-openable upload source reading the blob from the store each time (hash pass, upload pass, thumbnail). */
    private MediaSource fromStore(BlobInfo blob) {
        return new MediaSource() {
            @Override
            public InputStream open() throws IOException {
                return store.open(blob.sha256()).orElseThrow(() -> new FileNotFoundException(
                        "blob " + blob.sha256() + " vanished from the blob store"));
            }

            @Override
            public long length() {
                return blob.size();
            }

            @Override
            public boolean reopenable() {
                return true;
            }
        };
    }

    /**
     * The message's mimetype: the command's, else the stored blob's when it fits the kind, else the kind's default.
     * A command's mimetype that is malformed or does not fit the kind is MEDIA_INVALID.
     */
    static String mimetype(MediaKind kind, String commanded, String stored) throws MediaException {
        if (commanded != null && !commanded.isEmpty()) {
            String m = commanded.strip().toLowerCase(Locale.ROOT);
            if (!MIMETYPE.matcher(m).matches() || !fits(kind, m)) {
                throw new MediaException(MediaErrorCode.MEDIA_INVALID, "mimetype \"" + commanded + "\" is not a "
                        + kind.wireName() + " mimetype (" + expected(kind) + ")");
            }
            return commanded.strip();
        }
        if (stored != null && !BlobInfo.DEFAULT_MIMETYPE.equals(stored) && MIMETYPE.matcher(stored).matches()
                && fits(kind, stored)) {
            return stored;
        }
        return kind.defaultMimetype();
    }

    private static boolean fits(MediaKind kind, String mimetype) {
        return switch (kind) {
            case IMAGE -> mimetype.startsWith("image/");
            case VIDEO, GIF -> mimetype.startsWith("video/");
            case AUDIO, PTT -> mimetype.startsWith("audio/");
            case STICKER -> mimetype.startsWith("image/webp");
            case DOCUMENT -> true;
        };
    }

    private static String expected(MediaKind kind) {
        return switch (kind) {
            case IMAGE -> "image/*";
            case VIDEO, GIF -> "video/*";
            case AUDIO, PTT -> "audio/*";
            case STICKER -> "image/webp";
            case DOCUMENT -> "any type/subtype";
        };
    }

    /**
     * Downloads, verifies and decrypts a received message's file into the blob store, unless the store holds it
     * already; completes with the stored blob. Off the caller's thread; fails with {@link MediaException} for the
     * file's faults (nothing is stored then).
     */
    public CompletableFuture<BlobInfo> download(MediaSession media, Media received, MediaRetry.Origin origin) {
        return run(() -> {
            String sha256 = HexFormat.of().formatHex(received.blob().fileSha256());
            try {
                Optional<BlobInfo> stored = store.info(sha256);
                if (stored.isPresent()) {
                    metrics.reusedBlob(received.kind());
                    return stored.get();
                }
                Files.createDirectories(spool);
                Path target = spool.resolve("download-" + UUID.randomUUID() + ".part");
                try {
                    join(media.downloadToFile(received, target, origin));
                    BlobInfo blob;
                    try (InputStream in = Files.newInputStream(target)) {
                        blob = store.put(in, received.mimetype()).blob();
                    }
                    if (!blob.sha256().equals(sha256)) { // the client verified it: only a broken store gets here
                        throw new IOException("the blob store keyed the verified download " + sha256 + " as "
                                + blob.sha256());
                    }
                    metrics.downloaded(received.kind(), blob.size());
                    return blob;
                } finally {
                    Files.deleteIfExists(target);
                }
            } catch (IOException | RuntimeException e) {
                IOException failure = translate(e, false);
                metrics.failed("download", received.kind(),
                        failure instanceof MediaException m ? m.code().name() : "INTERNAL");
                throw failure;
            }
        });
    }

    /** The contract's media failure for a client or store failure; anything else as it is. */
    static IOException translate(Throwable e, boolean upload) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return switch (t) {
            case MediaException m -> m;
            case MediaIntegrityException i -> new MediaException(MediaErrorCode.MEDIA_INVALID,
                    "the downloaded file does not verify (" + i.reason().name().toLowerCase(Locale.ROOT) + "): "
                            + i.getMessage() + "; nothing was stored", i);
            case MediaTransferException x -> new MediaException(switch (x.code()) {
                case TOO_LARGE -> MediaErrorCode.MEDIA_TOO_LARGE;
                case UPLOAD_FAILED -> MediaErrorCode.MEDIA_UPLOAD_FAILED;
                case FETCH_FAILED, GONE -> MediaErrorCode.MEDIA_FETCH_FAILED;
                case TIMEOUT -> upload ? MediaErrorCode.MEDIA_UPLOAD_FAILED : MediaErrorCode.MEDIA_FETCH_FAILED;
            }, x.getMessage(), x);
            case BlobTooLargeException b -> new MediaException(MediaErrorCode.MEDIA_TOO_LARGE, b.getMessage(), b);
            case IOException io -> io;
            case RuntimeException r -> throw r;
            default -> new IOException(t);
        };
    }

    private interface Work<T> {
        T run() throws IOException;
    }

    /** Runs a transfer on a virtual thread once a transfer slot is free. */
    private <T> CompletableFuture<T> run(Work<T> work) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                slots.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(e);
            }
            try {
                return work.run();
            } catch (IOException e) {
                throw new CompletionException(e);
            } finally {
                slots.release();
            }
        }, TRANSFERS);
    }

    private static <T> T join(CompletableFuture<T> f) throws IOException {
        try {
            return f.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(cause);
        }
    }
}

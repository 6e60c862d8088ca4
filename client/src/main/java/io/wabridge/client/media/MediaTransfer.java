package io.wabridge.client.media;

import io.wabridge.client.message.content.MediaBlob;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves encrypted media between us and WhatsApp's media hosts over HTTPS ({@link MediaHttp}: our own HTTP/1.1 over
 * a TLS socket, one connection per transfer, fixed buffers; one instance per worker, shared by every session; TLS
 * trust from {@link MediaSettings#tls()}, host names verified). Blocking calls: run them off the session executors.
 *
 * <p><b>Upload</b> ({@code POST https://HOST/mms/TYPE/TOKEN?auth=AUTH&token=TOKEN}, TOKEN = base64url of
 * {@code fileEncSha256}, whatsmeow {@code upload.go}): the URL needs the hash of the whole encrypted blob, so the
 * source is read once, encrypted into a spool file ({@link MediaSettings#spoolDirectory()}, deleted afterwards),
 * and the spool file is written into the TLS socket (one crypto pass: encrypting twice, once to learn the hash and
 * once while sending, cost more CPU than the file). Memory stays at the cipher's fixed buffers. Hosts
 * are tried in order (primary, then fallback); a host refusing the auth token (401/403) makes the media_conn
 * be fetched again once.
 *
 * <p><b>Download</b> ({@code GET https://HOST + directPath}, or the message's {@code url}): verified and decrypted
 * while it streams ({@link MediaDecryptingInputStream}); a host that fails (connection, 5xx) is followed by the next,
 * up to {@link MediaSettings#downloadAttempts()}; 403/404/410 mean the hosts lost the blob
 * ({@link MediaTransferException.Code#GONE}, which a {@code mediaretry} may cure). A blob larger than the
 * message's length or the type's limit is refused before or while it arrives.
 */
public final class MediaTransfer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MediaTransfer.class);
    private static final String ORIGIN = "https://web.whatsapp.com";
    /** WhatsApp's media hosts want the web client's {@code Origin}. */
    private static final Map<String, String> UPLOAD_HEADERS = Map.of("Origin", ORIGIN,
            "Content-Type", "application/octet-stream");
    private static final Map<String, String> DOWNLOAD_HEADERS = Map.of("Origin", ORIGIN);
    /** Longest upload answer read (a small JSON object). */
    private static final int MAX_ANSWER = 64 * 1024;

    private final MediaSettings settings;
    private final Clock clock;
    private MediaHttp http;
    private boolean closed;

    public MediaTransfer(MediaSettings settings) {
        this(settings, Clock.systemUTC());
    }

    public MediaTransfer(MediaSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** The HTTP client, made on the first transfer (its TLS context is built once). */
    private synchronized MediaHttp http() throws IOException {
        if (closed) {
            throw new IOException("the media transfer is closed");
        }
        if (http == null) {
            http = new MediaHttp(settings.tls().sslContext(), settings.connectTimeout(), clock);
        }
        return http;
    }

    /** Refuses new transfers; each transfer under way ends by its own deadline. */
    @Override
    public synchronized void close() {
        closed = true;
    }

    public MediaSettings settings() {
        return settings;
    }

    // ---- upload ----

    /**
     * Encrypts {@code source} under a fresh media key for {@code type} and uploads it.
     *
     * @throws MediaTransferException {@code TOO_LARGE} over the type's limit, {@code UPLOAD_FAILED} when no host
     *         took it, {@code TIMEOUT}
     */
    public UploadedMedia upload(MediaConnCache conns, MediaType type, MediaSource source) throws IOException {
        MediaSettings.Limits limits = settings.limits(type);
        if (source.length() > limits.maxBytes()) {
            throw tooLarge(type, source.length(), limits);
        }
        byte[] mediaKey = MediaKeys.newMediaKey();
        MediaKeys keys = MediaKeys.derive(mediaKey, type);
        long keyTimestamp = clock.instant().getEpochSecond();
        Path spool = null;
        try {
            // One crypto pass into a spool file, then the file into the TLS socket: the URL needs the blob's hash
            // before the body, and encrypting twice (once to learn it, once while sending) cost more CPU than the
            // spool file's write and read; the source is read once.
            Path dir = settings.spoolDirectory() != null ? settings.spoolDirectory()
                    : Path.of(System.getProperty("java.io.tmpdir"));
            spool = Files.createTempFile(dir, "wa-upload-", ".enc");
            MediaDigest digest;
            try (InputStream in = limited(source.open(), type, limits)) {
                digest = MediaCrypto.encryptToFile(in, spool, keys);
            }
            Path file = spool;
            MediaHttp.Body body = out -> {
                try (InputStream in = Files.newInputStream(file)) {
                    byte[] buffer = new byte[MediaEncryptingInputStream.BUFFER_SIZE];
                    for (int n; (n = in.read(buffer)) >= 0; ) {
                        out.write(buffer, 0, n);
                    }
                }
            };
            String token = Base64.getUrlEncoder().encodeToString(digest.fileEncSha256());
            Map<String, String> answer = post(conns, type, token, body, digest.encryptedLength(), limits);
            String directPath = answer.get("direct_path");
            String url = answer.get("url");
            if (directPath == null || directPath.isEmpty()) {
                throw new MediaTransferException(MediaTransferException.Code.UPLOAD_FAILED,
                        "the media host answered without a direct_path");
            }
            return new UploadedMedia(type, mediaKey, digest, url, directPath, answer.get("handle"), keyTimestamp);
        } finally {
            if (spool != null) {
                Files.deleteIfExists(spool);
            }
        }
    }

    private Map<String, String> post(MediaConnCache conns, MediaType type, String token, MediaHttp.Body body,
                                     long length, MediaSettings.Limits limits) throws IOException {
        Instant deadline = clock.instant().plus(limits.timeout());
        IOException last = null;
        for (int round = 0; round < 2; round++) {
            MediaConn conn = mediaConn(conns);
            boolean authRefused = false;
            for (MediaConn.Host host : conn.hosts()) {
                URI uri = URI.create("https://" + host.hostname() + "/mms/" + type.mmsType() + "/" + token
                        + "?auth=" + URLEncoder.encode(conn.auth(), StandardCharsets.UTF_8) + "&token=" + token);
                remaining(deadline, type);
                int status;
                String text;
                try (MediaHttp.Exchange response = http().post(uri, UPLOAD_HEADERS, length, body, deadline)) {
                    status = response.status();
                    try {
                        text = response.text(MAX_ANSWER);
                    } catch (IOException e) {
                        if (response.timedOut()) {
                            throw new MediaTransferException(MediaTransferException.Code.TIMEOUT,
                                    type + " upload took longer than " + limits.timeout(), e);
                        }
                        throw e;
                    }
                } catch (MediaTransferException e) {
                    if (e.code() == MediaTransferException.Code.TIMEOUT) {
                        throw new MediaTransferException(MediaTransferException.Code.TIMEOUT,
                                type + " upload took longer than " + limits.timeout(), e);
                    }
                    throw e;
                } catch (IOException e) {
                    LOG.debug("upload to {} failed: {}", host.hostname(), e.toString());
                    last = e;
                    continue;
                }
                if (status == 200) {
                    try {
                        return FlatJson.parse(text);
                    } catch (IllegalArgumentException e) {
                        last = new IOException("unreadable answer from " + host.hostname() + ": " + e.getMessage());
                        continue;
                    }
                }
                if (status == 413) {
                    throw new MediaTransferException(MediaTransferException.Code.TOO_LARGE,
                            "the media host refused the " + type + " as too large (413)");
                }
                if (status == 401 || status == 403) {
                    authRefused = true;
                    conns.invalidate(conn);
                    last = new IOException(host.hostname() + " refused the media auth token (" + status + ")");
                    break;
                }
                last = new IOException(host.hostname() + " answered " + status);
                LOG.debug("upload to {} answered {}", host.hostname(), status);
            }
            if (!authRefused) {
                break;
            }
        }
        throw new MediaTransferException(MediaTransferException.Code.UPLOAD_FAILED,
                "no media host accepted the " + type + " upload" + (last == null ? "" : ": " + last.getMessage()), last);
    }

    private MediaConn mediaConn(MediaConnCache conns) throws IOException {
        try {
            return conns.get().get(settings.mediaConnTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new MediaTransferException(MediaTransferException.Code.UPLOAD_FAILED,
                    "media_conn failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new MediaTransferException(MediaTransferException.Code.TIMEOUT, "media_conn had no answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted waiting for media_conn");
        }
    }

    // ---- download ----

    /**
     * Downloads, verifies and decrypts a blob into {@code target}: nothing appears there unless every check passed
     * (temporary file next to it, moved into place). Hosts are tried in turn on connection errors and 5xx.
     *
     * @param conn the media hosts to try with {@code directPath}, or null to use only the blob's {@code url}
     * @throws MediaIntegrityException the blob arrived but is not the one the message describes
     * @throws MediaTransferException {@code GONE}, {@code FETCH_FAILED}, {@code TOO_LARGE}, {@code TIMEOUT}
     */
    public MediaDigest downloadToFile(MediaConn conn, MediaType type, MediaBlob blob, Path target)
            throws IOException {
        MediaKeys keys = MediaKeys.derive(blob.mediaKey(), type);
        ExpectedMedia expected = expected(blob);
        return fetch(conn, type, blob, body -> MediaCrypto.decryptToFile(body, target, keys, expected), true);
    }

    /**
     * Downloads, verifies and decrypts a blob into {@code sink}, which receives provisional plaintext: on any
     * exception everything written must be discarded. Hosts are tried in turn only until the body starts.
     */
    public MediaDigest download(MediaConn conn, MediaType type, MediaBlob blob, OutputStream sink) throws IOException {
        MediaKeys keys = MediaKeys.derive(blob.mediaKey(), type);
        ExpectedMedia expected = expected(blob);
        return fetch(conn, type, blob, body -> MediaCrypto.decrypt(body, sink, keys, expected), false);
    }

    private static ExpectedMedia expected(MediaBlob blob) {
        return new ExpectedMedia(blob.fileSha256(), blob.fileEncSha256(), blob.fileLength());
    }

    private interface BodyReader {
        MediaDigest read(InputStream body) throws IOException;
    }

    private MediaDigest fetch(MediaConn conn, MediaType type, MediaBlob blob, BodyReader reader,
                              boolean retryAfterBody) throws IOException {
        MediaSettings.Limits limits = settings.limits(type);
        if (blob.fileLength() > limits.maxBytes()) {
            throw tooLarge(type, blob.fileLength(), limits);
        }
        long maxEncrypted = MediaEncryptingInputStream.encryptedLength(Math.min(limits.maxBytes(), blob.fileLength()));
        List<URI> candidates = candidates(conn, blob);
        if (candidates.isEmpty()) {
            throw new MediaTransferException(MediaTransferException.Code.FETCH_FAILED,
                    "no media host to fetch " + blob.directPath() + " from");
        }
        Instant deadline = clock.instant().plus(limits.timeout());
        IOException last = null;
        int gone = 0;
        int otherFailures = 0;
        int attempts = Math.max(settings.downloadAttempts(), blob.url() != null ? 1 : 0);
        for (int attempt = 0; attempt < attempts; attempt++) {
            URI uri = candidates.get(attempt % candidates.size());
            remaining(deadline, type);
            MediaHttp.Exchange response;
            try {
                response = http().get(uri, DOWNLOAD_HEADERS, deadline);
            } catch (IOException e) {
                LOG.debug("download from {} failed: {}", uri.getHost(), e.toString());
                last = e;
                otherFailures++;
                continue;
            }
            int status = response.status();
            if (status != 200) {
                response.close();
                if (status == 403 || status == 404 || status == 410) {
                    gone++;
                    last = new IOException(uri.getHost() + " answered " + status);
                    if (gone >= candidates.size()) {
                        break; // every host said it is gone: asking again changes nothing
                    }
                    continue;
                }
                last = new IOException(uri.getHost() + " answered " + status);
                otherFailures++;
                continue;
            }
            long declared;
            try {
                declared = response.contentLength();
            } catch (IOException e) {
                response.close();
                last = new IOException(uri.getHost() + ": " + e.getMessage());
                otherFailures++;
                continue;
            }
            if (declared > maxEncrypted) {
                response.close();
                throw new MediaTransferException(MediaTransferException.Code.TOO_LARGE, "the " + type + " blob is "
                        + declared + " bytes, more than its message or the limit allows (" + maxEncrypted + ")");
            }
            // A stalled body blocks a read: at the deadline the exchange's watchdog closes the connection.
            try (response; InputStream body = new GuardedInputStream(response.body(), maxEncrypted, deadline, type,
                    limits)) {
                return reader.read(body);
            } catch (MediaIntegrityException | MediaTransferException e) {
                throw e;
            } catch (IOException e) {
                if (response.timedOut()) {
                    throw new MediaTransferException(MediaTransferException.Code.TIMEOUT,
                            "the " + type + " download took longer than " + limits.timeout(), e);
                }
                if (!retryAfterBody) {
                    throw new MediaTransferException(MediaTransferException.Code.FETCH_FAILED,
                            "the " + type + " download from " + uri.getHost() + " broke off: " + e.getMessage(), e);
                }
                last = e;
                otherFailures++;
            }
        }
        if (gone > 0 && otherFailures == 0) {
            throw new MediaTransferException(MediaTransferException.Code.GONE,
                    "the media hosts no longer have " + describe(blob) + (last == null ? "" : " (" + last.getMessage() + ")"));
        }
        if (last instanceof MediaTransferException t) {
            throw t;
        }
        throw new MediaTransferException(MediaTransferException.Code.FETCH_FAILED, "no media host delivered "
                + describe(blob) + (last == null ? "" : ": " + last.getMessage()), last);
    }

    private static String describe(MediaBlob blob) {
        return blob.directPath() != null ? blob.directPath() : blob.url();
    }

    /** Every host with the direct path (primary first), then the message's url. */
    private static List<URI> candidates(MediaConn conn, MediaBlob blob) {
        List<URI> out = new ArrayList<>();
        if (conn != null && blob.directPath() != null) {
            String path = blob.directPath().startsWith("/") ? blob.directPath() : "/" + blob.directPath();
            for (MediaConn.Host host : conn.hosts()) {
                try {
                    out.add(URI.create("https://" + host.hostname() + path));
                } catch (IllegalArgumentException e) {
                    LOG.debug("skipping unusable media host {}", host.hostname());
                }
            }
        }
        if (blob.url() != null) {
            try {
                URI uri = URI.create(blob.url());
                if ("https".equalsIgnoreCase(uri.getScheme())) {
                    out.add(uri);
                }
            } catch (IllegalArgumentException e) {
                LOG.debug("ignoring unusable media url");
            }
        }
        return out;
    }

    private Duration remaining(Instant deadline, MediaType type) throws MediaTransferException {
        Duration left = Duration.between(clock.instant(), deadline);
        if (left.isNegative() || left.isZero()) {
            throw new MediaTransferException(MediaTransferException.Code.TIMEOUT,
                    "the " + type + " transfer ran out of time");
        }
        return left;
    }

    private InputStream limited(InputStream in, MediaType type, MediaSettings.Limits limits) {
        return new GuardedInputStream(in, limits.maxBytes(), null, type, limits);
    }

    private static MediaTransferException tooLarge(MediaType type, long size, MediaSettings.Limits limits) {
        return new MediaTransferException(MediaTransferException.Code.TOO_LARGE,
                "the " + type + " is " + size + " bytes; the limit is " + limits.maxBytes());
    }

    /** Fails a stream that grows past {@code max} bytes or is still being read after {@code deadline}. */
    private final class GuardedInputStream extends FilterInputStream {
        private final long max;
        private final Instant deadline;
        private final MediaType type;
        private final MediaSettings.Limits limits;
        private long count;

        GuardedInputStream(InputStream in, long max, Instant deadline, MediaType type, MediaSettings.Limits limits) {
            super(in);
            this.max = max;
            this.deadline = deadline;
            this.type = type;
            this.limits = limits;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (deadline != null && clock.instant().isAfter(deadline)) {
                throw new MediaTransferException(MediaTransferException.Code.TIMEOUT,
                        "the " + type + " transfer took longer than " + limits.timeout());
            }
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
                if (count > max) {
                    throw new MediaTransferException(MediaTransferException.Code.TOO_LARGE,
                            "the " + type + " is larger than " + max + " bytes");
                }
            }
            return n;
        }
    }
}

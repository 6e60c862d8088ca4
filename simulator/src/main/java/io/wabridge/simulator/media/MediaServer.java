package io.wabridge.simulator.media;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.wabridge.client.binary.Node;
import io.wabridge.client.stanza.StanzaMatcher;
import io.wabridge.simulator.server.ServerSession;
import io.wabridge.simulator.server.ServerStanzas;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator's media host: an HTTPS server (its own certificate, {@link MediaCertificate}) that answers
 * {@code media_conn} iqs with itself as host, takes uploads as WhatsApp's CDN does
 * ({@code POST /mms/TYPE/TOKEN?auth=&token=}, TOKEN the base64url SHA-256 of the body, padded or not; answers
 * {@code {"url","direct_path","handle"}}) and serves them at their direct path ({@code GET /v/t62.7118-24/ID.enc?...},
 * query ignored). Blobs live in files of a temporary directory, never in the heap.
 *
 * <p>For tests it can lose a blob ({@link #lose}: downloads get 404 while the sender's phone keeps it, so a
 * {@code mediaretry} can {@link #reupload} it under a new path), tamper with the next downloads, rotate the auth
 * token (uploads with the old one get 401), and list a dead primary host first in {@code media_conn} so clients
 * must fall back.
 */
public final class MediaServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MediaServer.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Largest upload taken (WhatsApp's document limit). */
    public static final long MAX_UPLOAD = 2L * 1024 * 1024 * 1024;
    /** A loopback port nothing listens on, listed as the primary host while {@link #primaryHostDown} is on. */
    static final String DEAD_HOST = "127.0.0.1:1";

    /** One stored blob: its file, type and hash. */
    public record Blob(Path file, String mmsType, byte[] encSha256, long size) {
    }

    private final HttpsServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Path dir;
    private final Map<String, Blob> byPath = new ConcurrentHashMap<>();
    private final Map<String, Blob> bySha = new ConcurrentHashMap<>();
    private final AtomicInteger tamperNext = new AtomicInteger();
    private final AtomicInteger stallNext = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicReference<Hold> uploadHold =
            new java.util.concurrent.atomic.AtomicReference<>();
    private final java.util.concurrent.atomic.AtomicReference<Hold> downloadHold =
            new java.util.concurrent.atomic.AtomicReference<>();
    private final AtomicLong uploads = new AtomicLong();
    private final AtomicLong downloads = new AtomicLong();
    private final AtomicLong mediaConns = new AtomicLong();
    private final AtomicLong authRefusals = new AtomicLong();
    private volatile String auth = token();
    private volatile boolean primaryHostDown;
    private volatile long ttlSeconds = 3600;

    private MediaServer(MediaCertificate certificate, int port) throws IOException {
        this.dir = Files.createTempDirectory("wa-media");
        this.server = HttpsServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.setHttpsConfigurator(new HttpsConfigurator(certificate.sslContext()));
        server.setExecutor(executor);
        server.createContext("/mms/", this::upload);
        server.createContext("/v/", this::download);
        server.start();
    }

    /** Starts on a free loopback port with the JVM's media certificate. */
    public static MediaServer start() throws IOException {
        return start(0);
    }

    public static MediaServer start(int port) throws IOException {
        return new MediaServer(MediaCertificate.shared(), port);
    }

    /** The host name clients use ({@code 127.0.0.1:PORT}), as {@code media_conn} lists it. */
    public String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** The certificate clients must trust, as PEM. */
    public String certificatePem() {
        return MediaCertificate.shared().certificatePem();
    }

    // ---- media_conn ----

    /** Answers {@code <iq xmlns="w:m" type="set"><media_conn/></iq>} on a connection. */
    public void install(ServerSession session) {
        session.router().on(StanzaMatcher.iq("set", "w:m"), iq -> session.send(mediaConnAnswer(iq)));
    }

    /** The {@code media_conn} result: the auth token, ttls, and this server as primary and fallback host. */
    public Node mediaConnAnswer(Node iq) {
        mediaConns.incrementAndGet();
        var conn = Node.builder("media_conn").attr("auth", auth).attr("ttl", ttlSeconds)
                .attr("auth_ttl", ttlSeconds).attr("max_buckets", 12);
        java.util.List<Node> hosts = new java.util.ArrayList<>();
        if (primaryHostDown) {
            hosts.add(Node.builder("host").attr("hostname", DEAD_HOST).build());
        } else {
            hosts.add(Node.builder("host").attr("hostname", host()).build());
        }
        hosts.add(Node.builder("host").attr("hostname", host()).attr("type", "fallback").build());
        return ServerStanzas.iqResult(iq, conn.children(hosts).build());
    }

    // ---- switches ----

    /** Makes the current auth token invalid: the next upload with it gets 401 until the client asks media_conn again. */
    public void rotateAuth() {
        auth = token();
    }

    /** Lists a dead primary host before this one in media_conn answers. */
    public void primaryHostDown(boolean down) {
        primaryHostDown = down;
    }

    /** The ttl media_conn answers carry, seconds. */
    public void ttlSeconds(long seconds) {
        ttlSeconds = seconds;
    }

    /** The next {@code count} downloads get one byte of their blob flipped. */
    public void tamperNextDownloads(int count) {
        tamperNext.set(count);
    }

    /** The next {@code count} downloads send half of their blob, then nothing more (for 10 minutes). */
    public void stallNextDownloads(int count) {
        stallNext.set(count);
    }

    /**
     * Holds the next HTTP upload mid-stream: once {@code atBytes} of its body have been read, the server stops reading
     * until {@link Hold#release()} (at most 10 minutes), so a client's heap can be measured while the transfer is
     * under way (bench/ probes and heap tests).
     */
    public Hold holdNextUpload(long atBytes) {
        Hold hold = new Hold(atBytes);
        uploadHold.set(hold);
        return hold;
    }

    /** Holds the next HTTP download mid-stream: after {@code atBytes} of its body the server sends nothing more until released. */
    public Hold holdNextDownload(long atBytes) {
        Hold hold = new Hold(atBytes);
        downloadHold.set(hold);
        return hold;
    }

    /** A transfer held mid-stream by {@link #holdNextUpload} or {@link #holdNextDownload}. */
    public static final class Hold {
        private final long atBytes;
        private final java.util.concurrent.CountDownLatch reached = new java.util.concurrent.CountDownLatch(1);
        private final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);

        private Hold(long atBytes) {
            this.atBytes = atBytes;
        }

        /** Waits until the transfer is held; false if it did not get that far in time. */
        public boolean awaitHeld(java.time.Duration timeout) throws InterruptedException {
            return reached.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        }

        /** Lets the transfer go on. */
        public void release() {
            released.countDown();
        }

        /** Called by the server's handler: pauses there once {@code position} reached the mark; true if it did. */
        private boolean pauseAt(long position) {
            if (position < atBytes) {
                return false;
            }
            reached.countDown();
            try {
                released.await(10, java.util.concurrent.TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the server is stopping
            }
            return true;
        }
    }

    /**
     * Loses a blob: its direct path answers 404 from now on. The sender's phone still has it, so {@link #reupload}
     * brings it back under a new path. {@code key} is the direct path (query optional) or the base64/base64url
     * {@code fileEncSha256}. Returns whether such a blob was served.
     */
    public boolean lose(String key) {
        Blob blob = find(key);
        if (blob == null) {
            return false;
        }
        return byPath.values().removeIf(b -> b == blob);
    }

    /** The phone uploads a blob again (by its {@code fileEncSha256}); returns its new direct path, or null. */
    public String reupload(byte[] encSha256) {
        Blob blob = bySha.get(shaKey(encSha256));
        if (blob == null) {
            return null;
        }
        return publish(blob);
    }

    private Blob find(String key) {
        if (key.startsWith("/")) {
            return byPath.get(pathOnly(key));
        }
        try {
            byte[] sha = key.contains("-") || key.contains("_") ? Base64.getUrlDecoder().decode(key)
                    : Base64.getDecoder().decode(key);
            return bySha.get(shaKey(sha));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    // ---- in-process use (the simulated phones' uploads and downloads) ----

    /** Stores an encrypted blob as a phone's upload would; returns its direct path. */
    public String store(String mmsType, InputStream encrypted) throws IOException {
        Blob blob = write(mmsType, encrypted, Long.MAX_VALUE, null);
        uploads.incrementAndGet();
        return publish(blob);
    }

    /** Opens a served blob by its direct path; null when unknown or lost. */
    public InputStream open(String directPath) throws IOException {
        Blob blob = byPath.get(pathOnly(directPath));
        return blob == null ? null : Files.newInputStream(blob.file());
    }

    public long uploads() {
        return uploads.get();
    }

    public long downloads() {
        return downloads.get();
    }

    public long mediaConnRequests() {
        return mediaConns.get();
    }

    public long authRefusals() {
        return authRefusals.get();
    }

    // ---- HTTP ----

    private void upload(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                reply(exchange, 405, "{\"error\":\"method\"}");
                return;
            }
            URI uri = exchange.getRequestURI();
            String[] parts = uri.getPath().split("/");
            Map<String, String> query = query(uri.getRawQuery());
            if (parts.length != 4) {
                reply(exchange, 404, "{\"error\":\"path\"}");
                return;
            }
            if (!auth.equals(query.get("auth"))) {
                authRefusals.incrementAndGet();
                exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
                reply(exchange, 401, "{\"error\":\"auth\"}");
                return;
            }
            String mmsType = parts[2];
            String token = parts[3];
            Blob blob;
            try {
                blob = write(mmsType, exchange.getRequestBody(), MAX_UPLOAD, uploadHold.getAndSet(null));
            } catch (TooLarge e) {
                reply(exchange, 413, "{\"error\":\"too large\"}");
                return;
            }
            String expected = Base64.getUrlEncoder().withoutPadding().encodeToString(blob.encSha256());
            if (!expected.equals(token.replace("=", ""))) {
                Files.deleteIfExists(blob.file());
                bySha.remove(shaKey(blob.encSha256()), blob);
                reply(exchange, 400, "{\"error\":\"token is not the SHA-256 of the body\"}");
                return;
            }
            uploads.incrementAndGet();
            String directPath = publish(blob);
            String host = exchange.getRequestHeaders().getFirst("Host");
            String url = "https://" + (host != null ? host : host()) + directPath;
            reply(exchange, 200, "{\"url\":\"" + url + "\",\"direct_path\":\"" + directPath
                    + "\",\"handle\":\"" + token() + "\",\"object_id\":\"" + Math.abs(RANDOM.nextLong()) + "\"}");
        } catch (RuntimeException e) {
            LOG.warn("media upload failed", e);
        }
    }

    private void download(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                reply(exchange, 405, "");
                return;
            }
            Blob blob = byPath.get(exchange.getRequestURI().getRawPath());
            if (blob == null) {
                reply(exchange, 404, "");
                return;
            }
            boolean tamper = tamperNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
            boolean stall = stallNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
            Hold hold = downloadHold.getAndSet(null);
            exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
            exchange.sendResponseHeaders(200, blob.size() == 0 ? -1 : blob.size());
            try (InputStream in = Files.newInputStream(blob.file()); OutputStream out = exchange.getResponseBody()) {
                byte[] buffer = new byte[64 * 1024];
                long position = 0;
                long flipAt = blob.size() / 2;
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    if (tamper && flipAt >= position && flipAt < position + n) {
                        buffer[(int) (flipAt - position)] ^= 0x01;
                    }
                    if (stall && position + n > flipAt) {
                        out.write(buffer, 0, (int) Math.max(0, flipAt - position));
                        out.flush();
                        Thread.sleep(600_000);
                        return;
                    }
                    out.write(buffer, 0, n);
                    position += n;
                    if (hold != null) {
                        out.flush();
                        if (hold.pauseAt(position)) {
                            hold = null;
                        }
                    }
                }
            }
            downloads.incrementAndGet();
        } catch (IOException e) {
            LOG.debug("media download ended early: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the server is stopping
        }
    }

    private static final class TooLarge extends IOException {
        TooLarge() {
            super("too large");
        }
    }

    private Blob write(String mmsType, InputStream body, long max, Hold hold) throws IOException {
        Path file = Files.createTempFile(dir, "blob-", ".enc");
        MessageDigest sha = sha256();
        long size = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = body.read(buffer)) >= 0; ) {
                size += n;
                if (size > max) {
                    throw new TooLarge();
                }
                sha.update(buffer, 0, n);
                out.write(buffer, 0, n);
                if (hold != null && hold.pauseAt(size)) {
                    hold = null;
                }
            }
        } catch (IOException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        Blob blob = new Blob(file, mmsType, sha.digest(), size);
        bySha.put(shaKey(blob.encSha256()), blob);
        return blob;
    }

    /** Serves a blob under a fresh direct path, shaped like WhatsApp's (a query string included). */
    private String publish(Blob blob) {
        String path = "/v/t62.7118-24/" + Math.abs(RANDOM.nextLong()) + "_" + Math.abs(RANDOM.nextInt()) + "_n.enc";
        byPath.put(path, blob);
        return path + "?ccb=11-4&oh=" + token().substring(0, 16) + "&oe=" + Long.toHexString(
                System.currentTimeMillis() / 1000 + 14 * 86400).toUpperCase(java.util.Locale.ROOT) + "&_nc_sid=5e03e0";
    }

    private static String pathOnly(String directPath) {
        int q = directPath.indexOf('?');
        return q < 0 ? directPath : directPath.substring(0, q);
    }

    private static String shaKey(byte[] sha) {
        return HexFormat.of().formatHex(sha);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new java.util.HashMap<>();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static String token() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            LOG.debug("media directory not removed: {}", e.toString());
        }
    }
}

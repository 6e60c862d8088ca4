package io.wabridge.bridge.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.wabridge.blobstore.BlobStore;
import io.wabridge.blobstore.FileSystemBlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The URL fetcher against a real HTTPS server (the JDK's, with a certificate made by keytool for this run and
 * trusted only by this test's TLS context), streaming into a real filesystem blob store.
 */
class UrlFetcherTest {
    private static final byte[] MEDIA = random(300_000);
    private static final long LIMIT = 100_000 * 4;

    @TempDir
    static Path keys;

    private static HttpsServer server;
    private static SSLContext clientTls;
    private static int port;

    @TempDir
    Path blobs;

    private BlobStore store;

    @BeforeAll
    static void startServer() throws Exception {
        Path keystore = keys.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "media", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes());
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, out);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(kmf.getKeyManagers(), null, null);
        clientTls = UrlFetcher.trusting(keystore, "changeit".toCharArray()); // the server's own certificate only

        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool()); // /stalls must not block the rest
        server.createContext("/ok", ex -> send(ex, 200, MEDIA, true, "image/jpeg; charset=binary"));
        server.createContext("/announced-too-large", ex -> send(ex, 200, random((int) LIMIT + 1), true, "video/mp4"));
        server.createContext("/chunked-too-large", ex -> send(ex, 200, random((int) LIMIT + 1), false, "video/mp4"));
        server.createContext("/missing", ex -> send(ex, 404, new byte[0], true, "text/plain"));
        server.createContext("/redirect-ok", ex -> redirect(ex, "/ok"));
        server.createContext("/redirect-elsewhere", ex -> redirect(ex, "https://127.0.0.1:" + port + "/ok"));
        server.createContext("/redirect-loop", ex -> redirect(ex, "/redirect-loop"));
        server.createContext("/stalls", ex -> {
            ex.getResponseHeaders().set("Content-Type", "video/mp4");
            ex.sendResponseHeaders(200, MEDIA.length);
            try (OutputStream body = ex.getResponseBody()) {
                body.write(MEDIA, 0, 1000);
                body.flush();
                Thread.sleep(5000);
            } catch (InterruptedException | IOException e) {
                // the client gave up
            }
        });
        server.start();
        port = server.getAddress().getPort();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    @BeforeEach
    void openStore() {
        store = new FileSystemBlobStore(blobs);
    }

    private UrlFetcher fetcher(List<String> allowed) {
        return fetcher(allowed, Duration.ofSeconds(30));
    }

    private UrlFetcher fetcher(List<String> allowed, Duration timeout) {
        return new UrlFetcher(new UrlFetcher.Settings(allowed, LIMIT, Duration.ofSeconds(10), timeout, 2), clientTls);
    }

    private String url(String path) {
        return "https://localhost:" + port + path;
    }

    @Test
    void streamsAnAllowedUrlIntoTheStoreWithItsContentType() throws Exception {
        try (UrlFetcher fetcher = fetcher(List.of("localhost"))) {
            BlobStore.PutResult put = fetcher.fetch(url("/ok"), null, store);
            assertEquals(sha256(MEDIA), put.blob().sha256());
            assertEquals("image/jpeg", put.blob().mimetype());
            try (InputStream in = store.open(put.blob().sha256()).orElseThrow()) {
                assertArrayEquals(MEDIA, in.readAllBytes());
            }
            BlobStore other = new FileSystemBlobStore(blobs.resolve("other"));
            assertEquals("image/webp", fetcher.fetch(url("/ok"), "image/webp", other).blob().mimetype(),
                    "the command's mimetype wins");
        }
    }

    @Test
    void followsRedirectsOnlyToAllowedHosts() throws Exception {
        try (UrlFetcher fetcher = fetcher(List.of("localhost"))) {
            assertEquals(sha256(MEDIA), fetcher.fetch(url("/redirect-ok"), null, store).blob().sha256());
            assertFetchFails(fetcher, url("/redirect-elsewhere"), MediaErrorCode.MEDIA_FETCH_FAILED, "127.0.0.1");
            assertFetchFails(fetcher, url("/redirect-loop"), MediaErrorCode.MEDIA_FETCH_FAILED, "redirects");
        }
    }

    @Test
    void refusesUrlsOutsideTheAllowedHostsWithoutConnecting() throws Exception {
        try (UrlFetcher none = fetcher(List.of());
             UrlFetcher fetcher = fetcher(List.of("*.example.com", "localhost"))) {
            assertFetchFails(none, url("/ok"), MediaErrorCode.MEDIA_FETCH_FAILED, "allowed-hosts");
            assertFetchFails(fetcher, "https://127.0.0.1:" + port + "/ok", MediaErrorCode.MEDIA_FETCH_FAILED, "allowed");
            assertFetchFails(fetcher, "http://localhost:" + port + "/ok", MediaErrorCode.MEDIA_FETCH_FAILED, "https");
            assertFetchFails(fetcher, "file:///etc/passwd", MediaErrorCode.MEDIA_FETCH_FAILED, "https");
            assertFetchFails(fetcher, "https://user:pw@localhost:" + port + "/ok", MediaErrorCode.MEDIA_FETCH_FAILED,
                    "credentials");
            assertFetchFails(fetcher, "not a url", MediaErrorCode.MEDIA_FETCH_FAILED, "not a URL");
            assertTrue(fetcher.allowed("cdn.example.com"));
            assertTrue(fetcher.allowed("A.B.Example.COM."));
            assertFalse(fetcher.allowed("example.com"));
            assertFalse(fetcher.allowed("evilexample.com"));
            assertFalse(fetcher.allowed("localhost.evil.net"));
        }
    }

    @Test
    void tooLargeMediaIsRefusedWhetherAnnouncedOrNot() throws Exception {
        try (UrlFetcher fetcher = fetcher(List.of("localhost"))) {
            assertFetchFails(fetcher, url("/announced-too-large"), MediaErrorCode.MEDIA_TOO_LARGE, "announced");
            assertFetchFails(fetcher, url("/chunked-too-large"), MediaErrorCode.MEDIA_TOO_LARGE, "more than");
        }
    }

    @Test
    void httpErrorsAndStalledBodiesFailWithoutLeavingBytes() throws Exception {
        try (UrlFetcher fetcher = fetcher(List.of("localhost"), Duration.ofSeconds(3))) {
            assertFetchFails(fetcher, url("/missing"), MediaErrorCode.MEDIA_FETCH_FAILED, "HTTP 404");
            long start = System.nanoTime();
            assertFetchFails(fetcher, url("/stalls"), MediaErrorCode.MEDIA_FETCH_FAILED, "longer than");
            // the server stalls for 5 s: only the deadline can end the fetch sooner
            assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(4900), "the deadline cut the fetch");
        }
    }

    @Test
    void untrustedCertificatesAreRefused() throws Exception {
        try (UrlFetcher jvmTrust = new UrlFetcher(new UrlFetcher.Settings(List.of("localhost"), LIMIT,
                Duration.ofSeconds(5), Duration.ofSeconds(5), 2), null)) {
            assertFetchFails(jvmTrust, url("/ok"), MediaErrorCode.MEDIA_FETCH_FAILED, "failed");
        }
    }

    private void assertFetchFails(UrlFetcher fetcher, String url, MediaErrorCode code, String reason) throws Exception {
        List<String> before = store.olderThan(Instant.now().plusSeconds(60), 10);
        MediaException e = assertThrows(MediaException.class, () -> fetcher.fetch(url, null, store), url);
        assertEquals(code, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertEquals(before, store.olderThan(Instant.now().plusSeconds(60), 10), "nothing stored for " + url);
        try (Stream<Path> tmp = Files.list(blobs.resolve("tmp"))) {
            assertEquals(0, tmp.count(), "no temporary file left for " + url);
        }
    }

    private static void send(HttpExchange ex, int status, byte[] body, boolean withLength, String type)
            throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : withLength ? body.length : 0);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        } catch (IOException e) {
            // the client stopped reading (limit reached)
        }
    }

    private static void redirect(HttpExchange ex, String location) throws IOException {
        ex.getResponseHeaders().set("Location", location);
        ex.sendResponseHeaders(302, -1);
        ex.close();
    }

    private static byte[] random(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}

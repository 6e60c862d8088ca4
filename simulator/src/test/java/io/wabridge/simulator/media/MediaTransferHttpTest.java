package io.wabridge.simulator.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.wabridge.client.binary.Node;
import io.wabridge.client.media.MediaConn;
import io.wabridge.client.media.MediaConnCache;
import io.wabridge.client.media.MediaSettings;
import io.wabridge.client.media.MediaSource;
import io.wabridge.client.media.MediaTls;
import io.wabridge.client.media.MediaTransfer;
import io.wabridge.client.media.MediaTransferException;
import io.wabridge.client.media.MediaType;
import io.wabridge.client.media.UploadedMedia;
import io.wabridge.client.message.content.MediaBlob;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The media path's own HTTP/1.1 client (inside {@link MediaTransfer}) against an HTTPS server that answers the way
 * a CDN may and the simulator's media server does not: chunked upload answers and downloads, redirects (followed
 * for a download, bounded, never for an upload), and a certificate that is trusted but names another host (refused
 * before any request is sent). Every request must carry WhatsApp's {@code Origin} header.
 */
class MediaTransferHttpTest {
    private static final String ORIGIN = "https://web.whatsapp.com";

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    private final List<String> origins = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile boolean redirectUploads;
    private HttpsServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
        executor.shutdownNow();
    }

    private String start(String address) throws IOException {
        server = HttpsServer.create(new InetSocketAddress(address, 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(MediaCertificate.shared().sslContext()));
        server.setExecutor(executor);
        server.createContext("/mms/", this::upload);
        server.createContext("/v/", this::download);
        server.start();
        return address + ":" + server.getAddress().getPort();
    }

    private void upload(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            origins.add(String.valueOf(exchange.getRequestHeaders().getFirst("Origin")));
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (redirectUploads) {
                exchange.getResponseHeaders().set("Location", "/mms/elsewhere");
                exchange.sendResponseHeaders(307, -1);
                return;
            }
            String id = Integer.toString(blobs.size());
            blobs.put(id, body);
            byte[] answer = ("{\"url\":\"https://unused.example/x\",\"direct_path\":\"/v/redirect/" + id
                    + "?oe=1\",\"handle\":\"h\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, 0); // 0: chunked
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        }
    }

    private void download(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            origins.add(String.valueOf(exchange.getRequestHeaders().getFirst("Origin")));
            String[] parts = exchange.getRequestURI().getPath().split("/"); // "", "v", kind, id
            if (parts[2].equals("loop")) {
                exchange.getResponseHeaders().set("Location", exchange.getRequestURI().toString());
                exchange.sendResponseHeaders(302, -1);
            } else if (parts[2].equals("redirect")) {
                exchange.getResponseHeaders().set("Location", "/v/chunked/" + parts[3]);
                exchange.sendResponseHeaders(302, -1);
            } else {
                byte[] blob = blobs.get(parts[3]);
                exchange.sendResponseHeaders(200, 0); // chunked, written in pieces of odd sizes
                try (OutputStream out = exchange.getResponseBody()) {
                    for (int at = 0; at < blob.length; at += 7_001) {
                        out.write(blob, at, Math.min(7_001, blob.length - at));
                        out.flush();
                    }
                }
            }
        }
    }

    private static MediaTransfer transfer() {
        return new MediaTransfer(MediaSettings.DEFAULTS.withTls(MediaTls.trustingPem(
                MediaCertificate.shared().certificatePem())));
    }

    private static MediaConnCache conns(String host) {
        Node answer = Node.builder("iq").children(List.of(Node.builder("media_conn").attr("auth", "a")
                .attr("ttl", 3600).children(List.of(Node.builder("host").attr("hostname", host).build()))
                .build())).build();
        return new MediaConnCache(() -> CompletableFuture.completedFuture(answer), Clock.systemUTC());
    }

    private static MediaConn conn(String host) {
        return new MediaConn("a", Duration.ofHours(1), Duration.ofHours(1), List.of(new MediaConn.Host(host, false)),
                Instant.now());
    }

    private static byte[] random(int size) {
        byte[] b = new byte[size];
        new Random(13).nextBytes(b);
        return b;
    }

    @Test
    void chunkedAnswersAndARedirectedDownloadCarryTheExactBytesWithTheOrigin() throws Exception {
        String host = start("127.0.0.1");
        byte[] plain = random(300_001);
        try (MediaTransfer transfer = transfer()) {
            UploadedMedia uploaded = transfer.upload(conns(host), MediaType.DOCUMENT, MediaSource.ofBytes(plain));
            assertTrue(uploaded.blob().directPath().startsWith("/v/redirect/"), uploaded.blob().directPath());
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            transfer.download(conn(host), MediaType.DOCUMENT, uploaded.blob(), received);
            assertArrayEquals(plain, received.toByteArray());
        }
        assertEquals(List.of(ORIGIN, ORIGIN, ORIGIN), origins, "upload, redirected GET, GET");
    }

    @Test
    void aRedirectLoopIsAFetchFailure() throws Exception {
        String host = start("127.0.0.1");
        byte[] plain = random(1_000);
        try (MediaTransfer transfer = transfer()) {
            UploadedMedia uploaded = transfer.upload(conns(host), MediaType.DOCUMENT, MediaSource.ofBytes(plain));
            MediaBlob looping = uploaded.blob().withLocation(null, "/v/loop/0");
            MediaTransferException e = assertThrows(MediaTransferException.class, () -> transfer.download(
                    conn(host), MediaType.DOCUMENT, looping, OutputStream.nullOutputStream()));
            assertEquals(MediaTransferException.Code.FETCH_FAILED, e.code());
        }
    }

    @Test
    void anUploadIsNeverRedirected() throws Exception {
        String host = start("127.0.0.1");
        redirectUploads = true;
        try (MediaTransfer transfer = transfer()) {
            MediaTransferException e = assertThrows(MediaTransferException.class, () -> transfer.upload(
                    conns(host), MediaType.DOCUMENT, MediaSource.ofBytes(random(1_000))));
            assertEquals(MediaTransferException.Code.UPLOAD_FAILED, e.code());
        }
        assertEquals(1, requests.get(), "one POST, the 307 not followed");
    }

    @Test
    void aTrustedCertificateForAnotherHostNameIsRefusedBeforeAnyRequest() throws Exception {
        // the certificate names localhost and 127.0.0.1; 127.0.0.2 is the same loopback under another name
        String host = start("127.0.0.2");
        try (MediaTransfer transfer = transfer()) {
            MediaTransferException e = assertThrows(MediaTransferException.class, () -> transfer.upload(
                    conns(host), MediaType.DOCUMENT, MediaSource.ofBytes(random(1_000))));
            assertEquals(MediaTransferException.Code.UPLOAD_FAILED, e.code());
            assertTrue(String.valueOf(e.getMessage()).contains("127.0.0.2"), e.getMessage());
        }
        assertEquals(0, requests.get(), "no request may reach a host whose name the certificate does not carry");
    }
}

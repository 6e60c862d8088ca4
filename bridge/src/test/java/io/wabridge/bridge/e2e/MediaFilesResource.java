package io.wabridge.bridge.e2e;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.wabridge.simulator.media.MediaCertificate;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * An HTTPS file server for {@code send_message} media given by URL: the JDK's server on 127.0.0.1 with the
 * simulator's per-JVM certificate (localhost), which the bridge trusts through {@code wabridge.media.fetch.trust-store}
 * (a PKCS#12 file holding only that certificate) and reaches through {@code wabridge.media.fetch.allowed-hosts=localhost}.
 * Tests publish files with {@link #serve} and fetch them from {@link #url}.
 */
public class MediaFilesResource implements QuarkusTestResourceLifecycleManager {
    private static final Map<String, byte[]> FILES = new ConcurrentHashMap<>();
    private static volatile int port;
    private HttpsServer server;

    /** Serves {@code bytes} at {@code /<name>} with {@code contentType}. */
    public static void serve(String name, byte[] bytes) {
        FILES.put("/" + name, bytes);
    }

    /** The URL of a served file (allowed host {@code localhost}). */
    public static String url(String name) {
        return "https://localhost:" + port + "/" + name;
    }

    @Override
    public Map<String, String> start() {
        try {
            MediaCertificate certificate = MediaCertificate.shared();
            server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
            server.setHttpsConfigurator(new HttpsConfigurator(certificate.sslContext()));
            server.setExecutor(Executors.newCachedThreadPool());
            server.createContext("/", ex -> {
                byte[] body = FILES.get(ex.getRequestURI().getPath());
                ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
                ex.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    if (body != null) {
                        out.write(body);
                    }
                }
            });
            server.start();
            port = server.getAddress().getPort();
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("media", certificate.certificate());
            Path file = Files.createTempFile("wabridge-fetch-trust", ".p12");
            file.toFile().deleteOnExit();
            try (OutputStream out = Files.newOutputStream(file)) {
                trust.store(out, "changeit".toCharArray());
            }
            return Map.of("wabridge.media.fetch.allowed-hosts", "localhost",
                    "wabridge.media.fetch.trust-store", file.toString(),
                    "wabridge.media.fetch.trust-store-password", "changeit");
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("media file server did not start", e);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}

package io.wabridge.bridge.media;

import io.wabridge.blobstore.BlobStore;
import io.wabridge.blobstore.BlobTooLargeException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Fetches media an operator references by {@code https} URL and streams it into the blob store, never holding it in
 * the heap. Only hosts on the allowed list are contacted (also for every redirect, which is followed by hand), the
 * size is checked against {@code Content-Length} before reading and against the bytes while reading, and the whole
 * fetch has a deadline. Failures are {@link MediaException}s with {@code MEDIA_FETCH_FAILED} or
 * {@code MEDIA_TOO_LARGE}; the blob store keeps nothing of a failed fetch. Thread-safe; one per worker.
 */
public final class UrlFetcher implements AutoCloseable {

    /**
     * @param allowedHosts exact host names, or {@code *.example.com} for every subdomain of example.com; empty
     *                     refuses every URL
     */
    public record Settings(List<String> allowedHosts, long maxBytes, Duration connectTimeout, Duration timeout,
                           int maxRedirects) {
        public Settings {
            allowedHosts = allowedHosts.stream().map(h -> h.strip().toLowerCase(Locale.ROOT))
                    .filter(h -> !h.isEmpty()).toList();
        }
    }

    private final Settings settings;
    private final HttpClient http;
    private final ScheduledExecutorService deadlines;

    /** @param tls the TLS context (trust) for fetches; {@code null} uses the JVM's default trust store */
    public UrlFetcher(Settings settings, SSLContext tls) {
        this.settings = settings;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(settings.connectTimeout());
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.http = builder.build();
        this.deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "media-fetch-deadlines");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Fetches {@code url} into {@code store}.
     *
     * @param mimetype the command's mimetype; {@code null} takes the response's {@code Content-Type}
     */
    public BlobStore.PutResult fetch(String url, String mimetype, BlobStore store) throws MediaException {
        URI uri = checked(url);
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        for (int redirects = 0; ; redirects++) {
            HttpResponse<InputStream> response = send(uri, deadline);
            int status = response.statusCode();
            if (status >= 300 && status < 400 && status != 304) {
                close(response);
                String from = host(uri);
                String location = response.headers().firstValue("location").orElseThrow(() ->
                        failed("HTTP " + status + " without a Location from " + from));
                if (redirects >= settings.maxRedirects()) {
                    throw failed("more than " + settings.maxRedirects() + " redirects from " + url);
                }
                uri = checked(uri.resolve(location).toString());
                continue;
            }
            if (status != 200) {
                close(response);
                throw failed("HTTP " + status + " from " + host(uri));
            }
            OptionalLong length = response.headers().firstValueAsLong("content-length");
            if (length.isPresent() && length.getAsLong() > settings.maxBytes()) {
                close(response);
                throw tooLarge(length.getAsLong() + " bytes announced by " + host(uri));
            }
            String type = mimetype != null ? mimetype
                    : response.headers().firstValue("content-type").map(UrlFetcher::baseType).orElse(null);
            return store(response.body(), type, store, deadline, uri);
        }
    }

    private BlobStore.PutResult store(InputStream body, String mimetype, BlobStore store, long deadline, URI uri)
            throws MediaException {
        AtomicBoolean expired = new AtomicBoolean();
        long remaining = Math.max(1, deadline - System.nanoTime());
        ScheduledFuture<?> watchdog = deadlines.schedule(() -> {
            expired.set(true);
            try {
                body.close(); // unblocks the read; the put then fails and stores nothing
            } catch (IOException ignored) {
                // closing is all that matters
            }
        }, remaining, TimeUnit.NANOSECONDS);
        try (body) {
            return store.put(body, mimetype, settings.maxBytes());
        } catch (BlobTooLargeException e) {
            throw tooLarge("more than " + settings.maxBytes() + " bytes from " + host(uri));
        } catch (IOException e) {
            if (expired.get()) {
                throw failed("fetch from " + host(uri) + " took longer than " + settings.timeout());
            }
            throw new MediaException(MediaErrorCode.MEDIA_FETCH_FAILED,
                    "fetch from " + host(uri) + " failed: " + e.getMessage(), e);
        } finally {
            watchdog.cancel(false);
        }
    }

    private HttpResponse<InputStream> send(URI uri, long deadline) throws MediaException {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw failed("fetch took longer than " + settings.timeout());
        }
        HttpRequest request = HttpRequest.newBuilder(uri).GET().timeout(Duration.ofNanos(remaining))
                .header("Accept", "*/*").build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new MediaException(MediaErrorCode.MEDIA_FETCH_FAILED,
                    "fetch from " + host(uri) + " took longer than " + settings.timeout(), e);
        } catch (IOException e) {
            throw new MediaException(MediaErrorCode.MEDIA_FETCH_FAILED,
                    "fetch from " + host(uri) + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MediaException(MediaErrorCode.MEDIA_FETCH_FAILED, "fetch interrupted", e);
        }
    }

    /** The URL parsed, or the reason it may not be fetched. */
    URI checked(String url) throws MediaException {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException | NullPointerException e) {
            throw failed("not a URL: " + url);
        }
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            throw failed("only https URLs are fetched, not " + uri.getScheme() + ":");
        }
        if (uri.getRawUserInfo() != null) {
            throw failed("URLs with credentials are not fetched");
        }
        String host = uri.getHost();
        if (host == null || !allowed(host)) {
            throw failed("host " + host + " is not in wabridge.media.fetch.allowed-hosts");
        }
        return uri;
    }

    boolean allowed(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        for (String allowed : settings.allowedHosts()) {
            if (allowed.startsWith("*.") ? h.endsWith(allowed.substring(1)) && h.length() > allowed.length() - 1
                    : h.equals(allowed)) {
                return true;
            }
        }
        return false;
    }

    private static String baseType(String contentType) {
        int semicolon = contentType.indexOf(';');
        String base = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip();
        return base.isEmpty() ? null : base.toLowerCase(Locale.ROOT);
    }

    private static String host(URI uri) {
        return uri.getHost();
    }

    private static void close(HttpResponse<InputStream> response) {
        try {
            response.body().close();
        } catch (IOException ignored) {
            // nothing to keep
        }
    }

    private static MediaException failed(String message) {
        return new MediaException(MediaErrorCode.MEDIA_FETCH_FAILED, message);
    }

    private MediaException tooLarge(String what) {
        return new MediaException(MediaErrorCode.MEDIA_TOO_LARGE,
                "media larger than the fetch limit of " + settings.maxBytes() + " bytes: " + what);
    }

    /**
     * A TLS context trusting only the certificates in a PKCS#12 or JKS trust store (a test server's own certificate,
     * a private CA), for {@code wabridge.media.fetch.trust-store}.
     */
    public static SSLContext trusting(Path trustStore, char[] password) throws IOException {
        try (InputStream in = Files.newInputStream(trustStore)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType()); // PKCS12, which also reads JKS
            store.load(in, password);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, tmf.getTrustManagers(), null);
            return tls;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the trust store " + trustStore + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        deadlines.shutdownNow();
        http.close();
    }
}

package io.wabridge.client.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The HTTP/1.1 client of the media path: one request per TLS connection ({@code Connection: close}), on an
 * {@link SSLSocket} whose certificate chain and host name are verified strictly ({@code HTTPS} endpoint
 * identification, trust from {@link MediaTls}). Request bodies are written by the caller straight into the TLS
 * socket (encrypt+MAC+hash on the way, no intermediate copy); response bodies are read straight from it, with
 * {@code Content-Length}, {@code chunked} or read-to-close framing. Its only buffers are one fixed head/read buffer
 * per exchange and the TLS socket's own, so a transfer allocates next to nothing per byte moved (the JDK's
 * {@code HttpClient} allocated about 4.5 bytes per byte: issue 13's peak heap).
 *
 * <p>Every exchange has a deadline: the connect waits at most the connect timeout, and at the deadline a watchdog
 * closes the socket, which ends a blocked read or write ({@link Exchange#timedOut()} then says why). Redirects
 * are followed only for GET, to {@code https} only, at most {@value #MAX_REDIRECTS} times. Blocking: call it off
 * the session executors.
 */
final class MediaHttp {
    /** Largest response head (status line and headers) accepted. */
    static final int MAX_HEAD = 16 * 1024;
    static final int MAX_REDIRECTS = 3;
    private static final int BUFFER = 16 * 1024;

    private final SSLSocketFactory factory;
    private final Duration connectTimeout;
    private final Clock clock;

    MediaHttp(SSLContext context, Duration connectTimeout, Clock clock) {
        this.factory = context.getSocketFactory();
        this.connectTimeout = connectTimeout;
        this.clock = clock;
    }

    /** Writes a request body of exactly the declared length. */
    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /** POST with a body of {@code length} bytes; the answer is never a redirect followed. */
    Exchange post(URI uri, Map<String, String> headers, long length, Body body, Instant deadline) throws IOException {
        return exchange("POST", uri, headers, length, body, deadline);
    }

    /** GET, following at most {@value #MAX_REDIRECTS} redirects to https URLs (a 3xx beyond is returned as is). */
    Exchange get(URI uri, Map<String, String> headers, Instant deadline) throws IOException {
        URI target = uri;
        for (int hop = 0; ; hop++) {
            Exchange exchange = exchange("GET", target, headers, -1, null, deadline);
            String location = exchange.header("location");
            if (!exchange.isRedirect() || location == null || hop >= MAX_REDIRECTS) {
                return exchange;
            }
            exchange.close();
            URI next;
            try {
                next = target.resolve(location.trim());
            } catch (IllegalArgumentException e) {
                throw new IOException(target.getHost() + " redirected to an unusable location");
            }
            if (!"https".equalsIgnoreCase(next.getScheme())) {
                throw new IOException(target.getHost() + " redirected to a non-https location");
            }
            target = next;
        }
    }

    private Exchange exchange(String method, URI uri, Map<String, String> headers, long length, Body body,
                              Instant deadline) throws IOException {
        if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new IOException("not an https URL: " + uri.getScheme() + "://" + uri.getHost());
        }
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
                : uri.getHost();
        int port = uri.getPort() < 0 ? 443 : uri.getPort();
        long left = Duration.between(clock.instant(), deadline).toMillis();
        if (left <= 0) {
            throw new MediaTransferException(MediaTransferException.Code.TIMEOUT, "the transfer ran out of time");
        }
        Socket raw = new Socket();
        AtomicBoolean timedOut = new AtomicBoolean();
        CompletableFuture<Void> watchdog = CompletableFuture.runAsync(() -> {
            timedOut.set(true);
            closeQuietly(raw);
        }, CompletableFuture.delayedExecutor(left, TimeUnit.MILLISECONDS));
        try {
            raw.setTcpNoDelay(true);
            raw.connect(new InetSocketAddress(host, port), (int) Math.max(1, Math.min(left,
                    connectTimeout.toMillis())));
            raw.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
            SSLSocket socket = (SSLSocket) factory.createSocket(raw, host, port, true);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            OutputStream out = socket.getOutputStream();
            StringBuilder head = new StringBuilder(256).append(method).append(' ')
                    .append(uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath());
            if (uri.getRawQuery() != null) {
                head.append('?').append(uri.getRawQuery());
            }
            head.append(" HTTP/1.1\r\nHost: ").append(uri.getRawAuthority()).append("\r\nConnection: close\r\n")
                    .append("Accept-Encoding: identity\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            if (body != null) {
                head.append("Content-Length: ").append(length).append("\r\n");
            }
            head.append("\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                LengthCheckingOutputStream counted = new LengthCheckingOutputStream(out, length);
                body.writeTo(counted);
                if (counted.count != length) {
                    throw new IOException("the request body was " + counted.count + " bytes, not " + length);
                }
            }
            out.flush();
            return new Exchange(raw, new Input(socket.getInputStream()), timedOut, watchdog, method);
        } catch (IOException | RuntimeException e) {
            watchdog.cancel(false);
            closeQuietly(raw);
            if (timedOut.get()) {
                throw new MediaTransferException(MediaTransferException.Code.TIMEOUT,
                        uri.getHost() + " did not answer in time", e);
            }
            throw e;
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing to stop: nothing more to do
        }
    }

    /** One request's answer: status, headers (names in lower case, first value), and its framed body. */
    static final class Exchange implements AutoCloseable {
        private final Socket socket;
        private final AtomicBoolean timedOut;
        private final CompletableFuture<Void> watchdog;
        private final int status;
        private final Map<String, String> headers = new HashMap<>();
        private final InputStream body;

        private Exchange(Socket socket, Input in, AtomicBoolean timedOut, CompletableFuture<Void> watchdog,
                         String method) throws IOException {
            this.socket = socket;
            this.timedOut = timedOut;
            this.watchdog = watchdog;
            int code;
            do {
                headers.clear();
                in.headBytes = 0;
                code = statusOf(in.line());
                for (String line; !(line = in.line()).isEmpty(); ) {
                    int colon = line.indexOf(':');
                    if (colon <= 0) {
                        throw new IOException("malformed response header");
                    }
                    String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                    String value = line.substring(colon + 1).trim();
                    String before = headers.putIfAbsent(name, value);
                    if ("content-length".equals(name) && before != null && !before.equals(value)) {
                        throw new IOException("conflicting Content-Length headers");
                    }
                }
            } while (code >= 100 && code < 200);
            this.status = code;
            String encoding = headers.get("transfer-encoding");
            if ("HEAD".equals(method) || code == 204 || code == 304) {
                body = InputStream.nullInputStream();
            } else if (encoding != null && encoding.toLowerCase(Locale.ROOT).endsWith("chunked")) {
                body = new Chunked(in);
            } else if (headers.containsKey("content-length")) {
                body = new Fixed(in, contentLength());
            } else {
                body = in;
            }
        }

        private static int statusOf(String line) throws IOException {
            // HTTP/1.1 200 OK
            if (!line.startsWith("HTTP/1.") || line.length() < 12 || line.charAt(8) != ' ') {
                throw new IOException("not an HTTP/1.x response");
            }
            try {
                return Integer.parseInt(line.substring(9, 12));
            } catch (NumberFormatException e) {
                throw new IOException("not an HTTP status: " + line.substring(9, 12));
            }
        }

        int status() {
            return status;
        }

        boolean isRedirect() {
            return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
        }

        /** A header's first value, or null; {@code name} in lower case. */
        String header(String name) {
            return headers.get(name);
        }

        /** The declared Content-Length, or -1 (none, or chunked). */
        long contentLength() throws IOException {
            String value = headers.get("content-length");
            if (value == null || headers.containsKey("transfer-encoding")) {
                return -1;
            }
            try {
                long n = Long.parseLong(value);
                if (n < 0) {
                    throw new NumberFormatException();
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IOException("malformed Content-Length");
            }
        }

        /** The body, framed: reading past its end gives -1; a body cut short is an IOException. */
        InputStream body() {
            return body;
        }

        /** The body as text, refused when longer than {@code max} bytes. */
        String text(int max) throws IOException {
            byte[] bytes = body.readNBytes(max + 1);
            if (bytes.length > max) {
                throw new IOException("the answer is longer than " + max + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }

        /** True when the deadline closed the connection (a failed read or write was the timeout). */
        boolean timedOut() {
            return timedOut.get();
        }

        @Override
        public void close() {
            watchdog.cancel(false);
            closeQuietly(socket);
        }
    }

    /** The connection's input with one fixed buffer: response head lines, then body bytes. */
    private static final class Input extends InputStream {
        private final InputStream in;
        private final byte[] buffer = new byte[BUFFER];
        private int pos;
        private int limit;
        int headBytes;

        Input(InputStream in) {
            this.in = in;
        }

        /** One line without its CRLF (or LF), ISO-8859-1; bounded by {@link #MAX_HEAD} per head. */
        String line() throws IOException {
            StringBuilder line = new StringBuilder(64);
            while (true) {
                int b = read();
                if (b < 0) {
                    throw new IOException("the connection closed inside the response head");
                }
                if (++headBytes > MAX_HEAD) {
                    throw new IOException("response head longer than " + MAX_HEAD + " bytes");
                }
                if (b == '\n') {
                    int n = line.length();
                    if (n > 0 && line.charAt(n - 1) == '\r') {
                        line.setLength(n - 1);
                    }
                    return line.toString();
                }
                line.append((char) b);
            }
        }

        @Override
        public int read() throws IOException {
            if (pos == limit && fill() < 0) {
                return -1;
            }
            return buffer[pos++] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (pos == limit) {
                if (len >= buffer.length) {
                    return in.read(b, off, len); // large reads go straight from the TLS socket
                }
                if (fill() < 0) {
                    return -1;
                }
            }
            int n = Math.min(len, limit - pos);
            System.arraycopy(buffer, pos, b, off, n);
            pos += n;
            return n;
        }

        private int fill() throws IOException {
            pos = 0;
            limit = 0;
            int n = in.read(buffer, 0, buffer.length);
            if (n > 0) {
                limit = n;
            }
            return n;
        }
    }

    /** A framed body: single bytes through the array read. */
    private abstract static class FramedBody extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }
    }

    /** A Content-Length body. */
    private static final class Fixed extends FramedBody {
        private final InputStream in;
        private final long length;
        private long left;

        Fixed(InputStream in, long length) {
            this.in = in;
            this.length = length;
            this.left = length;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left == 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new IOException("the body ended after " + (length - left) + " of " + length + " bytes");
            }
            left -= n;
            return n;
        }
    }

    /** A chunked body (chunk extensions and trailers skipped). */
    private static final class Chunked extends FramedBody {
        private final Input in;
        private long chunkLeft;
        private boolean done;

        Chunked(Input in) {
            this.in = in;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (chunkLeft == 0) {
                in.headBytes = 0;
                String size = in.line();
                int semicolon = size.indexOf(';');
                try {
                    chunkLeft = Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
                } catch (NumberFormatException e) {
                    throw new IOException("malformed chunk size");
                }
                if (chunkLeft < 0) {
                    throw new IOException("malformed chunk size");
                }
                if (chunkLeft == 0) {
                    while (!in.line().isEmpty()) {
                        // trailers: none of them matter here
                    }
                    done = true;
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, chunkLeft));
            if (n < 0) {
                throw new IOException("the chunked body ended inside a chunk");
            }
            chunkLeft -= n;
            in.headBytes = 0;
            if (chunkLeft == 0 && !in.line().isEmpty()) {
                throw new IOException("malformed chunk end");
            }
            return n;
        }
    }

    /** Fails a request body longer than declared before its excess reaches the wire. */
    private static final class LengthCheckingOutputStream extends OutputStream {
        private final OutputStream out;
        private final long length;
        long count;

        LengthCheckingOutputStream(OutputStream out, long length) {
            this.out = out;
            this.length = length;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (count + len > length) {
                throw new IOException("the request body is longer than the declared " + length + " bytes");
            }
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() {
            // the socket is closed by the exchange
        }
    }
}

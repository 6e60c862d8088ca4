package io.wabridge.testkit.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP forwarder placed between clients and a server, so a test can make the server unreachable without
 * stopping it: {@link #cut()} closes every forwarded connection and refuses new ones (accepted, then closed at
 * once, as a broken network path would), {@link #restore()} forwards again. Blocking sockets, two virtual threads
 * per connection.
 */
public final class TcpProxy implements AutoCloseable {
    private final InetSocketAddress target;
    private final ServerSocket listener;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean cut;
    private volatile boolean closed;
    private volatile long delayNanos;

    private TcpProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        this.acceptor = Thread.ofVirtual().name("tcp-proxy-" + listener.getLocalPort()).start(this::acceptLoop);
    }

    /** Forwards a free loopback port to {@code host:port}. */
    public static TcpProxy start(String host, int port) {
        try {
            return new TcpProxy(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the proxy's port", e);
        }
    }

    /** The port clients connect to. */
    public int port() {
        return listener.getLocalPort();
    }

    /** Closes every forwarded connection now; new ones are closed as soon as they are accepted. */
    public void cut() {
        cut = true;
        for (Socket s : open) {
            closeQuietly(s);
        }
    }

    /** Forwards new connections again. */
    public void restore() {
        cut = false;
    }

    /** Holds every forwarded chunk this long before passing it on (0: none): a slow server or network path. */
    public void delay(java.time.Duration delay) {
        delayNanos = delay.toNanos();
    }

    public boolean isCut() {
        return cut;
    }

    /** Forwarded connections (client side and server side) open now. */
    public int openSockets() {
        return open.size();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            if (cut) {
                closeQuietly(client);
                continue;
            }
            Thread.ofVirtual().start(() -> connect(client));
        }
    }

    private void connect(Socket client) {
        Socket server = new Socket();
        try {
            server.connect(target, 5_000);
            client.setTcpNoDelay(true);
            server.setTcpNoDelay(true);
        } catch (IOException e) {
            closeQuietly(client);
            closeQuietly(server);
            return;
        }
        open.add(client);
        open.add(server);
        if (cut) { // cut while connecting
            closeQuietly(client);
            closeQuietly(server);
        }
        Thread.ofVirtual().start(() -> pump(client, server));
        pump(server, client);
    }

    /** Copies one direction until either side ends; then both sockets are closed. */
    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                long delay = delayNanos;
                if (delay > 0) {
                    try {
                        Thread.sleep(java.time.Duration.ofNanos(delay));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // either side closed or was cut
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void closeQuietly(Socket s) {
        open.remove(s);
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        cut();
        acceptor.interrupt();
    }
}

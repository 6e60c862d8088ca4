package io.wabridge.simulator.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/** A minimal HTTP CONNECT proxy for one test: records the CONNECT target and relays bytes. */
final class ConnectTunnelProxy implements AutoCloseable {

    private final ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    private final CopyOnWriteArrayList<Socket> sockets = new CopyOnWriteArrayList<>();
    final AtomicReference<String> connectLine = new AtomicReference<>();

    ConnectTunnelProxy() throws IOException {
        Thread.ofVirtual().start(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        try {
            while (true) {
                Socket client = server.accept();
                sockets.add(client);
                Thread.ofVirtual().start(() -> tunnel(client));
            }
        } catch (IOException closed) {
            // proxy closed
        }
    }

    private void tunnel(Socket client) {
        try {
            InputStream in = client.getInputStream();
            String request = readHead(in);
            String line = request.substring(0, request.indexOf("\r\n"));
            connectLine.set(line);
            String[] target = line.split(" ")[1].split(":");
            Socket upstream = new Socket(target[0], Integer.parseInt(target[1]));
            sockets.add(upstream);
            client.getOutputStream().write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            Thread.ofVirtual().start(() -> pump(upstream, client));
            pump(client, upstream);
        } catch (IOException | RuntimeException e) {
            closeQuietly(client);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("eof in CONNECT request");
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private static void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // one side closed
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        sockets.forEach(ConnectTunnelProxy::closeQuietly);
    }
}

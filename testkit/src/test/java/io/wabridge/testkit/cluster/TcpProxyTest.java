package io.wabridge.testkit.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy forwards both ways, cuts live connections, refuses new ones while cut, and forwards again after. */
class TcpProxyTest {
    private ServerSocket echo;
    private TcpProxy proxy;

    @BeforeEach
    void start() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket s = echo.accept();
                    Thread.ofVirtual().start(() -> {
                        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                            in.transferTo(out);
                        } catch (IOException ignored) {
                            // client gone
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
        proxy = TcpProxy.start("127.0.0.1", echo.getLocalPort());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    private Socket connect() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        s.setSoTimeout(5_000);
        return s;
    }

    private static int roundTrip(Socket s, int value) throws IOException {
        s.getOutputStream().write(value);
        s.getOutputStream().flush();
        return s.getInputStream().read();
    }

    @Test
    void forwardsCutsAndRestores() throws IOException {
        try (Socket before = connect()) {
            assertEquals(7, roundTrip(before, 7));
            proxy.cut();
            assertEquals(-1, before.getInputStream().read(), "a live connection is closed by the cut");
        }
        try (Socket during = connect()) {
            assertThrows(IOException.class, () -> {
                if (roundTrip(during, 8) < 0) {
                    throw new IOException("closed");
                }
            }, "a new connection is closed while cut");
        }
        proxy.restore();
        try (Socket after = connect()) {
            assertEquals(9, roundTrip(after, 9));
        }
        assertEquals(0, proxy.openSockets() % 2, "sockets come in pairs");
    }
}

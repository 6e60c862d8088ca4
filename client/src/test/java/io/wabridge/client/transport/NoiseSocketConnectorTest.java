package io.wabridge.client.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wabridge.client.crypto.X25519;
import io.wabridge.client.noise.NoiseCertificateVerifier;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class NoiseSocketConnectorTest {

    private final NoiseSocketConnector connector = new NoiseSocketConnector();
    private final FrameListener ignore = (connection, payload) -> { };

    private Throwable failureOf(TransportConfig config) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> connector
                .connect(config, X25519.generateKeyPair(), NoiseCertificateVerifier.whatsapp(), s -> new byte[0], ignore)
                .get(10, TimeUnit.SECONDS));
        return e.getCause();
    }

    @Test
    void defaultsPointAtWhatsAppWeb() {
        TransportConfig defaults = TransportConfig.defaults();
        assertEquals(URI.create("wss://web.whatsapp.com/ws/chat"), defaults.url());
        assertEquals("https://web.whatsapp.com", defaults.origin());
        assertEquals(3, defaults.dictionaryVersion());
        assertEquals(443, defaults.port());
    }

    @Test
    void rejectsNonWebSocketUrls() {
        assertThrows(IllegalArgumentException.class, () -> TransportConfig.defaults().withUrl("https://web.whatsapp.com/ws/chat"));
    }

    @Test
    void silentServerFailsWithTheHandshakeTimeout() throws Exception {
        // Accepts TCP (the kernel completes the connect) but never answers the WebSocket upgrade.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            TransportConfig config = TransportConfig.defaults()
                    .withUrl("ws://127.0.0.1:" + silent.getLocalPort() + "/ws/chat")
                    .withHandshakeTimeout(Duration.ofMillis(300));
            assertInstanceOf(TimeoutException.class, failureOf(config));
        }
    }

    @Test
    void refusedConnectionFails() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Throwable cause = failureOf(TransportConfig.defaults().withUrl("ws://127.0.0.1:" + port + "/ws/chat"));
        assertInstanceOf(ConnectException.class, cause);
    }
}

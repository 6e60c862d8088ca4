package io.wabridge.simulator.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wabridge.client.crypto.X25519;
import io.wabridge.client.noise.NoiseCertificateVerifier;
import io.wabridge.client.transport.FrameListener;
import io.wabridge.client.transport.NoiseConnection;
import io.wabridge.client.transport.NoiseSocketConnector;
import io.wabridge.client.transport.ProxyConfig;
import io.wabridge.client.transport.TransportConfig;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProxiedConnectionTest {

    @Test
    void clientReachesTheListenerThroughAnHttpConnectProxy() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        try (NoiseSimulatorListener listener = NoiseSimulatorListener.start(SimulatorListenerConfig.defaults(),
                (connection, payload) -> connection.send(payload));
             ConnectTunnelProxy proxy = new ConnectTunnelProxy()) {
            TransportConfig config = TransportConfig.defaults().withUrl(listener.url())
                    .withProxy(ProxyConfig.http("127.0.0.1", proxy.port()));
            FrameListener collect = (connection, payload) -> received.add(new String(payload, StandardCharsets.UTF_8));
            try (NoiseConnection connection = new NoiseSocketConnector().connect(config, X25519.generateKeyPair(),
                    NoiseCertificateVerifier.trusting(listener.rootPublicKeyHex()), s -> new byte[0], collect)
                    .get(10, TimeUnit.SECONDS)) {
                connection.send("via proxy".getBytes(StandardCharsets.UTF_8));
                assertEquals("via proxy", received.poll(5, TimeUnit.SECONDS));
            }
            assertEquals("CONNECT 127.0.0.1:" + listener.port() + " HTTP/1.1", proxy.connectLine.get());
        }
    }
}

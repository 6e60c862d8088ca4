package io.wabridge.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.wabridge.client.crypto.X25519;
import io.wabridge.client.crypto.X25519KeyPair;
import io.wabridge.client.noise.NoiseCertificateVerifier;
import io.wabridge.client.transport.NoiseConnection;
import io.wabridge.client.transport.NoiseSocketConnector;
import io.wabridge.client.transport.TransportConfig;
import io.wabridge.client.transport.TransportEventLoop;
import io.wabridge.simulator.transport.NoiseSimulatorListener;
import io.wabridge.simulator.transport.SimulatorListenerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Measures retained heap per idle client connection. Run the server and the client in separate JVMs
 * so only the client side is counted:
 * <pre>
 *   java -cp bench/target/benchmarks.jar io.wabridge.bench.IdleConnectionHeapProbe server 18080
 *   java -cp bench/target/benchmarks.jar io.wabridge.bench.IdleConnectionHeapProbe netty-noise|netty-ws|jdk-ws 2000 ws://127.0.0.1:18080/ws/chat ROOT_HEX
 * </pre>
 * netty-noise: our full client (WebSocket + Noise session); netty-ws: the same Netty WebSocket pipeline
 * without Noise; jdk-ws: java.net.http WebSocket on one shared HttpClient.
 */
public final class IdleConnectionHeapProbe {

    public static void main(String[] args) throws Exception {
        if (args[0].equals("server")) {
            var config = SimulatorListenerConfig.defaults().withPort(Integer.parseInt(args[1]))
                    .withHandshakeTimeout(Duration.ofHours(1));
            try (NoiseSimulatorListener listener = NoiseSimulatorListener.start(config, (c, p) -> { })) {
                System.out.println("url " + listener.url() + " root " + listener.rootPublicKeyHex());
                Thread.sleep(Long.MAX_VALUE);
            }
            return;
        }
        String mode = args[0];
        int n = Integer.parseInt(args[1]);
        URI url = URI.create(args[2]);
        String root = args.length > 3 ? args[3] : null;
        List<Object> keep = new ArrayList<>(n);
        // Warm up the code paths and the event loop before the baseline.
        keep.add(open(mode, url, root));
        long before = ProbeSupport.usedHeapAfterGc();
        int threadsBefore = Thread.activeCount();
        for (int i = 0; i < n; i++) {
            keep.add(open(mode, url, root));
        }
        long after = ProbeSupport.usedHeapAfterGc();
        System.out.printf("%s: %d idle connections, heap delta %.1f MiB, %.0f bytes/connection, threads %d -> %d%n",
                mode, n, (after - before) / 1048576.0, (after - before) / (double) n, threadsBefore, Thread.activeCount());
        System.out.println("kept " + keep.size());
        System.exit(0);
    }

    private static final X25519KeyPair NOISE_KEY = X25519.generateKeyPair();
    private static final NoiseSocketConnector CONNECTOR = new NoiseSocketConnector();
    private static HttpClient jdkClient;

    private static Object open(String mode, URI url, String root) throws Exception {
        switch (mode) {
            case "netty-noise" -> {
                NoiseConnection c = CONNECTOR.connect(TransportConfig.defaults().withUrl(url), NOISE_KEY,
                        NoiseCertificateVerifier.trusting(root), s -> new byte[0], (conn, p) -> { }).get(10, TimeUnit.SECONDS);
                return c;
            }
            case "netty-ws" -> {
                return nettyWebSocket(url);
            }
            case "jdk-ws" -> {
                if (jdkClient == null) {
                    jdkClient = HttpClient.newHttpClient();
                }
                return jdkClient.newWebSocketBuilder().header("Origin", TransportConfig.DEFAULT_ORIGIN)
                        .buildAsync(url, new WebSocket.Listener() { }).get(10, TimeUnit.SECONDS);
            }
            default -> throw new IllegalArgumentException(mode);
        }
    }

    private static Channel nettyWebSocket(URI url) throws Exception {
        CompletableFuture<Void> upgraded = new CompletableFuture<>();
        Channel channel = new Bootstrap().group(TransportEventLoop.shared()).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(65536),
                                new WebSocketClientProtocolHandler(WebSocketClientProtocolConfig.newBuilder()
                                        .webSocketUri(url).maxFramePayloadLength(16 << 20).build()),
                                new WebSocketFrameAggregator(16 << 20),
                                new ChannelInboundHandlerAdapter() {
                                    @Override
                                    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                                        if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                                            upgraded.complete(null);
                                        }
                                    }
                                });
                    }
                }).connect(url.getHost(), url.getPort()).sync().channel();
        upgraded.get(10, TimeUnit.SECONDS);
        return channel;
    }
}

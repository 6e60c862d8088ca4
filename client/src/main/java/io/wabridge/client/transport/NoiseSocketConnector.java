package io.wabridge.client.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.proxy.HttpProxyHandler;
import io.netty.handler.proxy.ProxyHandler;
import io.netty.handler.proxy.Socks5ProxyHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.resolver.NoopAddressResolverGroup;
import io.wabridge.client.crypto.X25519KeyPair;
import io.wabridge.client.noise.ClientPayloadProvider;
import io.wabridge.client.noise.NoiseCertificateVerifier;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLException;

/**
 * Opens Noise-over-WebSocket connections to a WhatsApp server (or the simulator) on the shared event
 * loop. The returned future completes once the Noise handshake is done and the ClientFinish (carrying
 * the caller's ClientPayload) is sent; it fails with the specific cause (certificate, AEAD, framing,
 * timeout, I/O) otherwise. The server's answer to the ClientPayload arrives as the first frame.
 */
public final class NoiseSocketConnector {
    /** Flushes at the latest after this many consolidated flush requests. */
    private static final int FLUSH_AFTER_WRITES = 64;


    /** WebSocket message limit: one message may bundle several WA frames. */
    private static final int MAX_WEBSOCKET_MESSAGE = 16 << 20;

    private final EventLoopGroup group;

    public NoiseSocketConnector() {
        this(TransportEventLoop.shared());
    }

    public NoiseSocketConnector(EventLoopGroup group) {
        this.group = group;
    }

    public CompletableFuture<NoiseConnection> connect(TransportConfig config, X25519KeyPair noiseKey,
                                                      NoiseCertificateVerifier verifier,
                                                      ClientPayloadProvider payloadProvider, FrameListener listener) {
        CompletableFuture<NoiseConnection> established = new CompletableFuture<>();
        SslContext ssl;
        try {
            ssl = config.secure() ? tls() : null;
        } catch (RuntimeException e) {
            established.completeExceptionally(e);
            return established;
        }
        String host = config.url().getHost();
        int port = config.port();
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ChannelPipeline p = ch.pipeline();
                        if (config.proxy() != null) {
                            p.addLast(proxyHandler(config.proxy()));
                        }
                        if (ssl != null) {
                            p.addLast(ssl.newHandler(ch.alloc(), host, port));
                        }
                        p.addLast(new HttpClientCodec());
                        p.addLast(new HttpObjectAggregator(64 * 1024));
                        p.addLast(new WebSocketClientProtocolHandler(WebSocketClientProtocolConfig.newBuilder()
                                .webSocketUri(config.url())
                                .version(WebSocketVersion.V13)
                                .customHeaders(new DefaultHttpHeaders().set(HttpHeaderNames.ORIGIN, config.origin()))
                                .maxFramePayloadLength(MAX_WEBSOCKET_MESSAGE)
                                .handshakeTimeoutMillis(config.handshakeTimeout().toMillis())
                                .dropPongFrames(true)
                                .build()));
                        p.addLast(new WebSocketFrameAggregator(MAX_WEBSOCKET_MESSAGE));
                        p.addLast(new NoiseClientHandler(config, noiseKey, verifier, payloadProvider, listener, established));
                        // Stanzas written from the session executor each ask for a flush; a burst of them (acks,
                        // receipts, sends) goes out in one socket write, flushed by a task right behind them.
                        p.addLast(new FlushConsolidationHandler(FLUSH_AFTER_WRITES, true));
                    }
                });
        if (config.proxy() != null) {
            // Let the proxy resolve the server's name.
            bootstrap.resolver(NoopAddressResolverGroup.INSTANCE);
        }
        ChannelFuture connect = bootstrap.connect(InetSocketAddress.createUnresolved(host, port));
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                established.completeExceptionally(f.cause());
            }
        });
        // Cancelling the returned future abandons the attempt.
        established.whenComplete((c, e) -> {
            if (e != null) {
                connect.channel().close();
            }
        });
        return established;
    }

    private static ProxyHandler proxyHandler(ProxyConfig proxy) {
        InetSocketAddress address = new InetSocketAddress(proxy.host(), proxy.port());
        return switch (proxy.type()) {
            case HTTP -> proxy.username() == null ? new HttpProxyHandler(address)
                    : new HttpProxyHandler(address, proxy.username(), proxy.password());
            case SOCKS5 -> proxy.username() == null ? new Socks5ProxyHandler(address)
                    : new Socks5ProxyHandler(address, proxy.username(), proxy.password());
        };
    }

    private static SslContext tlsContext;

    /** One TLS context per JVM, built on first wss:// use. */
    private static synchronized SslContext tls() {
        if (tlsContext == null) {
            try {
                tlsContext = SslContextBuilder.forClient().build();
            } catch (SSLException e) {
                throw new IllegalStateException("TLS unavailable", e);
            }
        }
        return tlsContext;
    }
}

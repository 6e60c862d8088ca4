package io.wabridge.simulator.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.wabridge.client.crypto.X25519;
import io.wabridge.client.crypto.X25519KeyPair;
import io.wabridge.client.noise.NoiseCertificateAuthority;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The simulator's WhatsApp-like front door: a WebSocket listener that speaks WA framing and the Noise
 * XX responder side with its own certificate authority. Clients trust it through
 * {@link #rootPublicKeyHex()}. Runs in-process (tests) or standalone.
 */
public final class NoiseSimulatorListener implements AutoCloseable {

    private final SimulatorListenerConfig config;
    private final NoiseCertificateAuthority authority;
    private final X25519KeyPair staticKeyPair = X25519.generateKeyPair();
    private final byte[] certChain;
    private final EventLoopGroup group;
    private final Channel serverChannel;
    private final Map<Long, SimulatorConnection> open = new ConcurrentHashMap<>();
    private final AtomicLong connectionIds = new AtomicLong();
    private final AtomicLong handshakeFailures = new AtomicLong();
    private final AtomicReference<Throwable> lastHandshakeFailure = new AtomicReference<>();
    /** Every accepted socket until it closes (a channel group drops closed channels by itself). */
    private final ChannelGroup sockets = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

    private NoiseSimulatorListener(SimulatorListenerConfig config, NoiseCertificateAuthority authority, Clock clock,
                                   SimulatorConnectionHandler handler) throws InterruptedException {
        this.config = config;
        this.authority = authority;
        this.certChain = authority.issue(staticKeyPair.publicKey(), clock.instant(), config.certValidity()).toByteArray();
        this.group = new NioEventLoopGroup(config.threads(), new DefaultThreadFactory("simulator-ws", true));
        try {
            this.serverChannel = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            sockets.add(ch);
                            ChannelPipeline p = ch.pipeline();
                            p.addLast(new HttpServerCodec());
                            p.addLast(new HttpObjectAggregator(64 * 1024));
                            p.addLast(new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                                    .websocketPath(config.path())
                                    .maxFramePayloadLength(config.maxFrameSize() + 64 * 1024)
                                    .handshakeTimeoutMillis(config.handshakeTimeout().toMillis())
                                    .dropPongFrames(true)
                                    .build()));
                            p.addLast(new WebSocketFrameAggregator(config.maxFrameSize() + 64 * 1024));
                            p.addLast(new ServerNoiseHandler(NoiseSimulatorListener.this, handler, config.maxFrameSize()));
                            // A burst of stanzas (an offline backlog, acks) leaves in one socket write.
                            p.addLast(new FlushConsolidationHandler(64, true));
                        }
                    })
                    .bind(config.host(), config.port())
                    .sync()
                    .channel();
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw e;
        }
    }

    /** Starts a listener with a fresh certificate authority. */
    public static NoiseSimulatorListener start(SimulatorListenerConfig config, SimulatorConnectionHandler handler)
            throws InterruptedException {
        return start(config, NoiseCertificateAuthority.generate(), Clock.systemUTC(), handler);
    }

    public static NoiseSimulatorListener start(SimulatorListenerConfig config, NoiseCertificateAuthority authority,
                                               Clock clock, SimulatorConnectionHandler handler) throws InterruptedException {
        return new NoiseSimulatorListener(config, authority, clock, handler);
    }

    public SimulatorListenerConfig config() {
        return config;
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** The URL clients connect to, e.g. ws://127.0.0.1:PORT/ws/chat. */
    public URI url() {
        return URI.create("ws://" + config.host() + ":" + port() + config.path());
    }

    /** The root key clients must trust (hex of the raw 32-byte Curve25519 key). */
    public String rootPublicKeyHex() {
        return authority.rootPublicKeyHex();
    }

    public byte[] rootPublicKey() {
        return authority.rootPublicKey();
    }

    public byte[] staticPublicKey() {
        return staticKeyPair.publicKey().clone();
    }

    /** Accepted TCP connections not yet closed, handshake done or not (a leak shows up here). */
    public int openSockets() {
        return sockets.size();
    }

    /** Connections whose handshake completed and that are still open. */
    public Collection<SimulatorConnection> openConnections() {
        return Collections.unmodifiableCollection(open.values());
    }

    /** Connections closed before completing the Noise handshake (bad input, bad crypto, timeout). */
    public long handshakeFailures() {
        return handshakeFailures.get();
    }

    public Throwable lastHandshakeFailure() {
        return lastHandshakeFailure.get();
    }

    X25519KeyPair staticKeyPair() {
        return staticKeyPair;
    }

    byte[] certChain() {
        return certChain;
    }

    long nextConnectionId() {
        return connectionIds.incrementAndGet();
    }

    void opened(SimulatorConnection connection) {
        open.put(connection.id(), connection);
    }

    void closed(SimulatorConnection connection) {
        open.remove(connection.id());
    }

    void handshakeFailed(Throwable cause) {
        lastHandshakeFailure.set(cause);
        handshakeFailures.incrementAndGet();
    }

    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}

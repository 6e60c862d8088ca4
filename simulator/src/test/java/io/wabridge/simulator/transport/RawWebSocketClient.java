package io.wabridge.simulator.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.wabridge.client.transport.TransportEventLoop;
import java.net.SocketAddress;
import java.net.URI;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A WebSocket client that sends whatever bytes a test wants, to feed the listener bad input. */
final class RawWebSocketClient implements AutoCloseable {

    private final Channel channel;
    final CompletableFuture<Void> closed = new CompletableFuture<>();

    private RawWebSocketClient(URI url) throws Exception {
        CompletableFuture<Void> upgraded = new CompletableFuture<>();
        channel = new Bootstrap()
                .group(TransportEventLoop.shared())
                .channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(65536),
                                new WebSocketClientProtocolHandler(WebSocketClientProtocolConfig.newBuilder()
                                        .webSocketUri(url).build()),
                                new ChannelInboundHandlerAdapter() {
                                    @Override
                                    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                                        if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                                            upgraded.complete(null);
                                        }
                                    }
                                });
                    }
                })
                .connect(url.getHost(), url.getPort())
                .sync()
                .channel();
        channel.closeFuture().addListener(f -> closed.complete(null));
        upgraded.get(5, TimeUnit.SECONDS);
    }

    static RawWebSocketClient connect(URI url) throws Exception {
        return new RawWebSocketClient(url);
    }

    SocketAddress localAddress() {
        return channel.localAddress();
    }

    void sendHex(String hex) {
        channel.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex))));
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
    }
}

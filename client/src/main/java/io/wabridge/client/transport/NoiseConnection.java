package io.wabridge.client.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import io.wabridge.client.noise.ServerIdentity;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * An established, Noise-encrypted WebSocket connection to a WhatsApp server. {@link #send} may be
 * called from any thread: frames are encrypted on the connection's event loop in the order they were
 * sent, so the nonce order always matches the wire order.
 */
public final class NoiseConnection implements AutoCloseable {

    private final Channel channel;
    private final ServerIdentity server;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    NoiseConnection(Channel channel, ServerIdentity server) {
        this.channel = channel;
        this.server = server;
        channel.closeFuture().addListener(f -> closed.complete(null));
    }

    /** The server's proven static key and certificate. */
    public ServerIdentity server() {
        return server;
    }

    /** Encrypts and sends one frame payload; a failure closes the connection (see {@link FrameListener#onClosed}). */
    public void send(byte[] payload) {
        channel.writeAndFlush(payload, channel.voidPromise());
    }

    /**
     * Encrypts and sends several frame payloads in order with one flush: one task on the event loop and one socket
     * write for all of them, instead of one each. Takes ownership of the list.
     */
    public void sendAll(List<byte[]> payloads) {
        if (payloads.size() == 1) {
            send(payloads.getFirst());
            return;
        }
        EventLoop loop = channel.eventLoop();
        if (loop.inEventLoop()) {
            writeAllAndFlush(payloads);
        } else {
            loop.execute(() -> writeAllAndFlush(payloads));
        }
    }

    private void writeAllAndFlush(List<byte[]> payloads) {
        for (byte[] payload : payloads) {
            channel.write(payload, channel.voidPromise());
        }
        channel.flush();
    }

    /** Like {@link #send}, completing when the frame was written to the socket. */
    public CompletableFuture<Void> sendAsync(byte[] payload) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        ChannelFuture write = channel.writeAndFlush(payload);
        write.addListener(f -> {
            if (f.isSuccess()) {
                result.complete(null);
            } else {
                result.completeExceptionally(f.cause());
            }
        });
        return result;
    }

    public boolean isOpen() {
        return channel.isActive();
    }

    public SocketAddress remoteAddress() {
        return channel.remoteAddress();
    }

    /** Completes when the connection is closed, by either side. */
    public CompletableFuture<Void> closeFuture() {
        return closed;
    }

    @Override
    public void close() {
        channel.close();
    }

    /**
     * Closes after every frame sent so far has been written: a WebSocket close frame is queued behind them and the
     * channel closes once it is out (or after {@code timeout}, should the peer stop reading).
     */
    public CompletableFuture<Void> closeGracefully(Duration timeout) {
        if (channel.isActive()) {
            channel.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE))
                    .addListener(ChannelFutureListener.CLOSE);
            var timer = channel.eventLoop().schedule(() -> {
                channel.close();
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
            closed.whenComplete((ok, e) -> timer.cancel(false));
        }
        return closed;
    }
}

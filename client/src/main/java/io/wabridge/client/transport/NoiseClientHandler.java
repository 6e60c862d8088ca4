package io.wabridge.client.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.concurrent.ScheduledFuture;
import io.wabridge.client.crypto.X25519KeyPair;
import io.wabridge.client.noise.ClientPayloadProvider;
import io.wabridge.client.noise.NoiseCertificateVerifier;
import io.wabridge.client.noise.NoiseCipher;
import io.wabridge.client.noise.NoiseXXInitiator;
import io.wabridge.client.noise.ServerIdentity;
import java.nio.channels.ClosedChannelException;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The client end of one connection, after the WebSocket codec: runs the Noise handshake over WA frames,
 * then decrypts inbound frames for the {@link FrameListener} and encrypts outbound byte[] payloads.
 * All state is touched only on the channel's event loop.
 */
final class NoiseClientHandler extends ChannelDuplexHandler implements FrameSink {

    private final TransportConfig config;
    private NoiseXXInitiator initiator; // dropped once the session is established
    private final ClientPayloadProvider payloadProvider;
    private final FrameListener listener;
    private final CompletableFuture<NoiseConnection> established;
    private final FrameEncoder encoder;
    private final FrameDecoder decoder;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> handshakeTimer;
    private NoiseConnection connection;
    private NoiseCipher sender;
    private NoiseCipher receiver;
    private Throwable failure;

    NoiseClientHandler(TransportConfig config, X25519KeyPair noiseKey, NoiseCertificateVerifier verifier,
                       ClientPayloadProvider payloadProvider, FrameListener listener,
                       CompletableFuture<NoiseConnection> established) {
        this.config = config;
        this.initiator = new NoiseXXInitiator(noiseKey, WaHeader.bytes(config.dictionaryVersion()), verifier);
        this.payloadProvider = payloadProvider;
        this.listener = listener;
        this.established = established;
        this.encoder = new FrameEncoder(config.dictionaryVersion(), config.routingInfo(), config.maxFrameSize());
        this.decoder = new FrameDecoder(config.maxFrameSize());
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        long millis = config.handshakeTimeout().toMillis();
        handshakeTimer = ctx.executor().schedule(() -> {
            if (connection == null) {
                fail(new TimeoutException("no Noise session within " + millis + " ms"));
            }
        }, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            writeFrame(initiator.writeClientHello());
        } else if (event == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            fail(new TimeoutException("WebSocket upgrade timed out"));
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ChunkReader.readWebSocketMessage(msg, (array, offset, length) -> decoder.feed(array, offset, length, this));
    }

    @Override
    public void onFrame(byte[] buffer, int offset, int length) {
        if (failure != null) {
            return; // the rest of a chunk that arrived with a bad frame
        }
        if (receiver != null) {
            listener.onFrame(connection, receiver.decrypt(buffer, offset, length));
            return;
        }
        byte[] serverHello = Arrays.copyOfRange(buffer, offset, offset + length);
        ServerIdentity server = initiator.readServerHello(serverHello);
        NoiseXXInitiator.Result result = initiator.writeClientFinish(payloadProvider.clientPayload(server));
        initiator = null;
        writeFrame(result.clientFinish());
        sender = result.ciphers().sender();
        receiver = result.ciphers().receiver();
        handshakeTimer.cancel(false);
        connection = new NoiseConnection(ctx.channel(), server);
        established.complete(connection);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof byte[] payload)) {
            ctx.write(msg, promise);
            return;
        }
        if (sender == null) {
            promise.setFailure(new IllegalStateException("Noise session not established"));
            return;
        }
        byte[] out;
        try {
            int encrypted = NoiseCipher.encryptedLength(payload.length);
            out = new byte[encoder.headerLength() + encrypted];
            int offset = encoder.writeHeader(out, 0, encrypted);
            sender.encrypt(payload, 0, payload.length, out, offset);
        } catch (RuntimeException e) {
            promise.setFailure(e);
            fail(e);
            return;
        }
        ctx.write(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(out)), promise);
    }

    private void writeFrame(byte[] payload) {
        ctx.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(encoder.encode(payload))))
                .addListener(f -> {
                    if (!f.isSuccess()) {
                        fail(f.cause());
                    }
                });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(cause);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        handshakeTimer.cancel(false);
        if (connection == null) {
            established.completeExceptionally(failure != null ? failure : new ClosedChannelException());
        } else {
            listener.onClosed(connection, failure);
        }
        super.channelInactive(ctx);
    }

    /** Records the first failure and closes this connection only. */
    private void fail(Throwable cause) {
        if (failure == null) {
            failure = cause;
        }
        if (connection == null) {
            established.completeExceptionally(cause);
        }
        ctx.close();
    }
}

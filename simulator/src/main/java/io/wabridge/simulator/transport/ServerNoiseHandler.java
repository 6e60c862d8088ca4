package io.wabridge.simulator.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.HandshakeComplete;
import io.netty.util.concurrent.ScheduledFuture;
import io.wabridge.client.noise.NoiseCipher;
import io.wabridge.client.noise.NoiseXXResponder;
import io.wabridge.client.transport.ChunkReader;
import io.wabridge.client.transport.FrameEncoder;
import io.wabridge.client.transport.FrameSink;
import io.wabridge.client.transport.ServerFrameDecoder;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The simulator end of one connection: reads the client's preamble (dictionary version), answers the
 * Noise XX handshake with the listener's static key and chain, then decrypts frames for the
 * {@link SimulatorConnectionHandler}. Any failure closes this channel only.
 */
final class ServerNoiseHandler extends ChannelDuplexHandler implements FrameSink {

    private final NoiseSimulatorListener listener;
    private final SimulatorConnectionHandler handler;
    private final ServerFrameDecoder decoder;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> handshakeTimer;
    private String origin;
    private NoiseXXResponder responder;
    private SimulatorConnection connection;
    private NoiseCipher sender;
    private NoiseCipher receiver;
    private Throwable failure;

    ServerNoiseHandler(NoiseSimulatorListener listener, SimulatorConnectionHandler handler, int maxFrameSize) {
        this.listener = listener;
        this.handler = handler;
        this.decoder = new ServerFrameDecoder(maxFrameSize);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        long millis = listener.config().handshakeTimeout().toMillis();
        handshakeTimer = ctx.executor().schedule(() -> {
            if (connection == null) {
                fail(new TimeoutException("handshake not completed within " + millis + " ms"));
            }
        }, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof HandshakeComplete upgrade) {
            origin = upgrade.requestHeaders().get(HttpHeaderNames.ORIGIN);
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
            return;
        }
        if (receiver != null) {
            handler.onFrame(connection, receiver.decrypt(buffer, offset, length));
            return;
        }
        byte[] message = Arrays.copyOfRange(buffer, offset, offset + length);
        if (responder == null) {
            // The first frame: the header is known now and is the Noise prologue.
            responder = new NoiseXXResponder(listener.staticKeyPair(), listener.certChain(), decoder.header());
            writeFrame(responder.readClientHello(message));
            return;
        }
        NoiseXXResponder.Result result = responder.readClientFinish(message);
        responder = null;
        sender = result.ciphers().sender();
        receiver = result.ciphers().receiver();
        handshakeTimer.cancel(false);
        connection = new SimulatorConnection(listener.nextConnectionId(), ctx.channel(), decoder.dictionaryVersion(),
                decoder.routingInfo(), origin, result.clientStaticKey(), result.clientPayload());
        listener.opened(connection);
        handler.onOpen(connection);
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
        int encrypted = NoiseCipher.encryptedLength(payload.length);
        byte[] out = new byte[FrameEncoder.LENGTH_PREFIX + encrypted];
        out[0] = (byte) (encrypted >>> 16);
        out[1] = (byte) (encrypted >>> 8);
        out[2] = (byte) encrypted;
        sender.encrypt(payload, 0, payload.length, out, FrameEncoder.LENGTH_PREFIX);
        ctx.write(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(out)), promise);
    }

    private void writeFrame(byte[] payload) {
        ctx.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(FrameEncoder.encodeServerFrame(payload))));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(cause);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        handshakeTimer.cancel(false);
        if (connection != null) {
            listener.closed(connection);
            handler.onClosed(connection, failure);
        }
        super.channelInactive(ctx);
    }

    private void fail(Throwable cause) {
        if (failure == null) {
            failure = cause;
            if (connection == null) {
                listener.handshakeFailed(cause);
                handler.onHandshakeFailed(ctx.channel().remoteAddress(), cause);
            }
        }
        ctx.close();
    }
}

package io.wabridge.client.transport;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * Exposes a Netty buffer as a byte[] region for the array-based frame decoders: heap buffers are used
 * in place; direct buffers are copied into a per-thread scratch array (event-loop threads only, so the
 * scratch is shared by every connection on that thread instead of costing heap per connection).
 */
public final class ChunkReader {

    private static final int MAX_RETAINED_SCRATCH = 1 << 20;
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[16 * 1024]);

    private ChunkReader() {
    }

    /** Region consumer; the array is only valid during the call. */
    @FunctionalInterface
    public interface RegionConsumer {
        void accept(byte[] array, int offset, int length);
    }

    public static void read(ByteBuf buf, RegionConsumer consumer) {
        int length = buf.readableBytes();
        if (buf.hasArray()) {
            consumer.accept(buf.array(), buf.arrayOffset() + buf.readerIndex(), length);
            return;
        }
        byte[] scratch = SCRATCH.get();
        if (scratch.length < length) {
            scratch = new byte[length];
            if (length <= MAX_RETAINED_SCRATCH) {
                SCRATCH.set(scratch);
            }
        }
        buf.getBytes(buf.readerIndex(), scratch, 0, length);
        consumer.accept(scratch, 0, length);
    }

    /**
     * Reads one inbound WebSocket message of a Noise connection (client or server side) and releases it: a binary
     * frame's bytes go to the consumer, any other data frame is a {@link FramingException}.
     */
    public static void readWebSocketMessage(Object msg, RegionConsumer consumer) {
        try {
            if (msg instanceof BinaryWebSocketFrame frame) {
                read(frame.content(), consumer);
            } else if (msg instanceof WebSocketFrame) {
                throw new FramingException("unexpected WebSocket frame type " + msg.getClass().getSimpleName());
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }
}

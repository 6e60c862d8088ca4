package io.wabridge.client.transport;

/**
 * Client-side framing: each frame is a 3-byte big-endian length and the payload; the first frame of a
 * connection is preceded by the preamble (edge-routing prefix when routing info is known, then the WA
 * header). Designed so the caller can write a header and then encrypt straight into the same array.
 * One per connection, used by one thread at a time.
 */
public final class FrameEncoder {

    public static final int LENGTH_PREFIX = 3;
    /** The largest length the 3-byte prefix can express. */
    public static final int MAX_ENCODABLE = 0xFF_FFFF;

    private final byte[] preamble;
    private final int maxFrameSize;
    private boolean preambleSent;

    /**
     * @param dictionaryVersion the DV byte of the WA header
     * @param routingInfo       stored edge routing info, or null
     * @param maxFrameSize      largest payload this side will send
     */
    public FrameEncoder(int dictionaryVersion, byte[] routingInfo, int maxFrameSize) {
        if (routingInfo != null && routingInfo.length > EdgeRouting.MAX_ROUTING_INFO) {
            throw new IllegalArgumentException("routing info of " + routingInfo.length + " bytes is too long");
        }
        if (maxFrameSize <= 0 || maxFrameSize > MAX_ENCODABLE) {
            throw new IllegalArgumentException("max frame size must be in 1.." + MAX_ENCODABLE);
        }
        byte[] header = WaHeader.bytes(dictionaryVersion);
        this.preamble = new byte[EdgeRouting.prefixLength(routingInfo) + WaHeader.LENGTH];
        int offset = routingInfo == null ? 0 : EdgeRouting.write(routingInfo, preamble, 0);
        System.arraycopy(header, 0, preamble, offset, WaHeader.LENGTH);
        this.maxFrameSize = maxFrameSize;
    }

    /** Bytes {@link #writeHeader} will write before the next payload. */
    public int headerLength() {
        return (preambleSent ? 0 : preamble.length) + LENGTH_PREFIX;
    }

    /**
     * Writes the preamble (first frame only) and the length prefix for a payload of
     * {@code payloadLength} bytes; the payload goes right after, at {@code offset + returned value}.
     */
    public int writeHeader(byte[] out, int offset, int payloadLength) {
        if (payloadLength > maxFrameSize) {
            throw new FrameTooLargeException(payloadLength, maxFrameSize);
        }
        int written = 0;
        if (!preambleSent) {
            System.arraycopy(preamble, 0, out, offset, preamble.length);
            written = preamble.length;
            preambleSent = true;
        }
        writeLength(out, offset + written, payloadLength);
        return written + LENGTH_PREFIX;
    }

    /** Header + payload in a new array. */
    public byte[] encode(byte[] payload) {
        byte[] out = new byte[headerLength() + payload.length];
        int offset = writeHeader(out, 0, payload.length);
        System.arraycopy(payload, 0, out, offset, payload.length);
        return out;
    }

    /** A server's frames carry no preamble: just the length prefix. */
    public static byte[] encodeServerFrame(byte[] payload) {
        byte[] out = new byte[LENGTH_PREFIX + payload.length];
        writeLength(out, 0, payload.length);
        System.arraycopy(payload, 0, out, LENGTH_PREFIX, payload.length);
        return out;
    }

    static void writeLength(byte[] out, int offset, int length) {
        if (length < 0 || length > MAX_ENCODABLE) {
            throw new FrameTooLargeException(length, MAX_ENCODABLE);
        }
        out[offset] = (byte) (length >>> 16);
        out[offset + 1] = (byte) (length >>> 8);
        out[offset + 2] = (byte) length;
    }

    static int readLength(byte[] in, int offset) {
        return (in[offset] & 0xFF) << 16 | (in[offset + 1] & 0xFF) << 8 | in[offset + 2] & 0xFF;
    }
}

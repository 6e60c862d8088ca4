package io.wabridge.client.transport;

/**
 * The optional edge-routing prefix: 'E' 'D' 0 1, a 3-byte big-endian length and the routing info the
 * server handed out earlier ({@code <ib><edge_routing><routing_info>}); it precedes the WA header.
 */
public final class EdgeRouting {

    public static final int MAGIC_LENGTH = 4;
    /** Routing info is a short opaque token; anything larger is refused rather than buffered. */
    public static final int MAX_ROUTING_INFO = 4096;
    static final byte E = 'E';
    static final byte D = 'D';

    private EdgeRouting() {
    }

    public static int prefixLength(byte[] routingInfo) {
        return routingInfo == null ? 0 : MAGIC_LENGTH + FrameEncoder.LENGTH_PREFIX + routingInfo.length;
    }

    static int write(byte[] routingInfo, byte[] out, int offset) {
        out[offset] = E;
        out[offset + 1] = D;
        out[offset + 2] = 0;
        out[offset + 3] = 1;
        FrameEncoder.writeLength(out, offset + MAGIC_LENGTH, routingInfo.length);
        System.arraycopy(routingInfo, 0, out, offset + MAGIC_LENGTH + FrameEncoder.LENGTH_PREFIX, routingInfo.length);
        return prefixLength(routingInfo);
    }
}

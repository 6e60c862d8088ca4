package io.wabridge.client.binary;

import java.util.Objects;

/**
 * Encodes and decodes frame payloads (the decrypted content of one noise frame) for one token dictionary version.
 * A connection uses the codec of the version its client declared in the {@code WA} header; instances are immutable,
 * thread-safe and share their token tables.
 *
 * <p>Payload layout: one flag byte, then the node. Flag bit 2 means the rest is zlib-compressed; this codec
 * always sends flag 0. A payload of the single byte 2 (STREAM_END) decodes to {@link Node#XML_STREAM_END}, like
 * the node {@code <xmlstreamend/>} itself.
 */
public final class NodeCodec {

    /** Default cap on the inflated size of a compressed frame. */
    public static final int DEFAULT_MAX_INFLATED_SIZE = 4 << 20;

    private static final NodeCodec V2 = new NodeCodec(TokenDictionary.V2, DEFAULT_MAX_INFLATED_SIZE);
    private static final NodeCodec V3 = new NodeCodec(TokenDictionary.V3, DEFAULT_MAX_INFLATED_SIZE);

    private final TokenDictionary dict;
    private final int maxInflatedSize;

    private NodeCodec(TokenDictionary dict, int maxInflatedSize) {
        this.dict = dict;
        this.maxInflatedSize = maxInflatedSize;
    }

    /**
     * The shared codec of a dictionary version: 3 (WhatsApp Web today) or 2 (Baileys 6.x clients).
     *
     * @throws IllegalArgumentException for any other version
     */
    public static NodeCodec forVersion(int version) {
        return switch (version) {
            case 2 -> V2;
            case 3 -> V3;
            default -> throw new IllegalArgumentException("unknown dictionary version " + version + " (know 2 and 3)");
        };
    }

    public int dictionaryVersion() {
        return dict.version();
    }

    public int maxInflatedSize() {
        return maxInflatedSize;
    }

    /** A codec of the same version whose decoder refuses compressed frames inflating beyond maxBytes. */
    public NodeCodec withMaxInflatedSize(int maxBytes) {
        if (maxBytes < 1 || maxBytes > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("max inflated size out of range: " + maxBytes);
        }
        return new NodeCodec(dict, maxBytes);
    }

    TokenDictionary dictionary() {
        return dict;
    }

    /**
     * The frame payload for a node: flag byte 0, then the node.
     *
     * @throws NodeEncodingException if the node cannot be put on the wire
     */
    public byte[] encode(Node node) {
        Objects.requireNonNull(node, "node");
        return new NodeEncoder(dict).encodeFrame(node);
    }

    /** Decodes a whole frame payload, flag byte included. */
    public Node decode(byte[] payload) throws MalformedNodeException {
        return decode(payload, 0, payload.length);
    }

    /** Decodes the frame payload in {@code payload[offset, offset + length)}, flag byte included. */
    public Node decode(byte[] payload, int offset, int length) throws MalformedNodeException {
        Objects.checkFromIndexSize(offset, length, payload.length);
        if (length == 0) {
            throw new TruncatedNodeException("empty frame: no flag byte", -1);
        }
        int flag = payload[offset] & 0xFF;
        if (length == 1 && flag == BinaryTags.STREAM_END) {
            return Node.XML_STREAM_END;
        }
        if ((flag & BinaryTags.FLAG_COMPRESSED) != 0) {
            byte[] inflated = FrameInflater.inflate(payload, offset + 1, length - 1, maxInflatedSize);
            return decodeNode(inflated, 0, inflated.length);
        }
        return decodeNode(payload, offset + 1, length - 1);
    }

    /** Decodes bare node bytes (no flag byte, not compressed); error positions are relative to offset. */
    public Node decodeNode(byte[] data, int offset, int length) throws MalformedNodeException {
        Objects.checkFromIndexSize(offset, length, data.length);
        return new NodeDecoder(dict, data, offset, length).decode();
    }
}

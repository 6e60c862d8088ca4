package io.wabridge.client.binary;

/** The reserved byte values of WhatsApp's binary XML; every other byte below 236 is a single-byte token. */
final class BinaryTags {

    static final int LIST_EMPTY = 0;
    /** Also single-byte token 2, {@code xmlstreamend}. */
    static final int STREAM_END = 2;
    static final int DICTIONARY_0 = 236;
    static final int DICTIONARY_3 = 239;
    static final int INTEROP_JID = 245;
    static final int FB_JID = 246;
    static final int AD_JID = 247;
    static final int LIST_8 = 248;
    static final int LIST_16 = 249;
    static final int JID_PAIR = 250;
    static final int HEX_8 = 251;
    static final int BINARY_8 = 252;
    static final int BINARY_20 = 253;
    static final int BINARY_32 = 254;
    static final int NIBBLE_8 = 255;

    /** Longest string NIBBLE_8 / HEX_8 may carry when encoding (7-bit byte count, a flag for odd lengths). */
    static final int PACKED_MAX = 127;

    /** Frame flag bit: the rest of the frame is zlib-compressed. */
    static final int FLAG_COMPRESSED = 2;

    private BinaryTags() {
    }
}

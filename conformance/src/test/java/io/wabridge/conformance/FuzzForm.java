package io.wabridge.conformance;

/**
 * The wire forms the fuzz corpus is meant to hit. The generator counts each form as it produces it, and the test
 * fails if a form it should hit was never produced, so a generator change cannot quietly shrink the coverage.
 */
enum FuzzForm {
    SINGLE_BYTE_TOKEN,
    DOUBLE_BYTE_TOKEN,
    NIBBLE_8,
    /** NIBBLE_8 or HEX_8 at its longest, 127 characters. */
    PACKED_127,
    HEX_8,
    /** Digits too long to pack (128+), sent raw. */
    DIGITS_TOO_LONG_TO_PACK,
    /** Lowercase hex: not HEX_8 (which is uppercase only), sent raw. */
    LOWERCASE_HEX,
    EMPTY_STRING,
    RAW_ASCII,
    RAW_NON_ASCII,
    /** Raw strings of 255, 256 or 257 UTF-8 bytes: the BINARY_8 / BINARY_20 boundary. */
    RAW_8_20_BOUNDARY,
    RAW_20,
    /** A raw string of exactly 1,048,575 UTF-8 bytes, the longest BINARY_20. */
    RAW_20_MAX,
    RAW_32,
    /** Text content that is sent raw, so it reads back as bytes. */
    TEXT_SENT_RAW,
    JID_PN,
    JID_PN_DEVICE,
    JID_LID,
    JID_LID_DEVICE,
    JID_HOSTED,
    /** AD_JID domain 128; dictionary 3 only (see {@link FuzzNodes}). */
    JID_HOSTED_DEVICE(3),
    JID_HOSTED_LID,
    /** AD_JID domain 129; dictionary 3 only. */
    JID_HOSTED_LID_DEVICE(3),
    JID_GROUP,
    JID_BROADCAST,
    JID_NEWSLETTER,
    JID_CALL,
    JID_BOT,
    JID_LEGACY_USER,
    JID_SERVER_ONLY,
    JID_OTHER_SERVER,
    /** msgr / interop without device as JID_PAIR; dictionary 2 only. */
    JID_PAIR_MSGR_INTEROP(2),
    /** FB_JID, decoded by Baileys 7 only (direction 1). */
    FB_JID(3),
    /** INTEROP_JID, decoded by Baileys 7 only (direction 1). */
    INTEROP_JID(3),
    /** An attribute value held as a {@link io.wabridge.client.jid.Jid} object rather than as text. */
    JID_OBJECT_VALUE,
    BYTES_EMPTY,
    /** 255, 256, 257, 65535 or 65536 bytes. */
    BYTES_LENGTH_BOUNDARY,
    BYTES_20,
    /** Exactly 1,048,575 bytes, the longest BINARY_20. */
    BYTES_20_MAX,
    /** Exactly 1,048,576 bytes, the shortest BINARY_32. */
    BYTES_32,
    EMPTY_CHILD_LIST,
    /** More than 255 children: LIST_16 child list. */
    LIST_16_CHILDREN,
    /** 128+ attributes: LIST_16 node header. */
    LIST_16_ATTRIBUTES;

    /** The only dictionary version this form exists in, or 0 for both. */
    private final int onlyVersion;

    FuzzForm() {
        this(0);
    }

    FuzzForm(int onlyVersion) {
        this.onlyVersion = onlyVersion;
    }

    /** True for the forms scheduled once per 2,500 nodes, which a short run may not reach. */
    boolean big() {
        return this == RAW_20_MAX || this == RAW_32 || this == BYTES_20_MAX || this == BYTES_32;
    }

    boolean appliesTo(int version) {
        return onlyVersion == 0 || onlyVersion == version;
    }
}

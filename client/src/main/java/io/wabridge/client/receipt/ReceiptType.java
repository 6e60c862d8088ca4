package io.wabridge.client.receipt;

/**
 * The {@code type} of a {@code <receipt>} stanza. No attribute means delivered; the others are WhatsApp's names
 * (whatsmeow {@code types.ReceiptType}, Baileys {@code MessageReceiptType}).
 */
public enum ReceiptType {
    /** No type attribute: the device received the message. */
    DELIVERED(null),
    /** Delivered while the receiving client was not in the foreground (not shown as two ticks). */
    INACTIVE("inactive"),
    READ("read"),
    /** Read, with read receipts turned off: only our own devices are told. */
    READ_SELF("read-self"),
    /** A voice or video message was played. */
    PLAYED("played"),
    PLAYED_SELF("played-self"),
    /** Our own other device received a message we sent. */
    SENDER("sender"),
    /** The device could not decrypt the message and asks for it again. */
    RETRY("retry"),
    /** A peer (own-device protocol) message was received. */
    PEER_MSG("peer_msg"),
    /** The server could not deliver the message to the device. */
    SERVER_ERROR("server-error"),
    /** A type this client does not know. */
    OTHER(null);

    private final String wireName;

    ReceiptType(String wireName) {
        this.wireName = wireName;
    }

    /** The {@code type} attribute value; null for {@link #DELIVERED} (no attribute) and {@link #OTHER}. */
    public String wireName() {
        return wireName;
    }

    /** The type of a received {@code type} attribute (null = delivered); unknown names are {@link #OTHER}. */
    public static ReceiptType fromWire(String type) {
        if (type == null || type.isEmpty()) {
            return DELIVERED;
        }
        for (ReceiptType t : values()) {
            if (type.equals(t.wireName)) {
                return t;
            }
        }
        return OTHER;
    }

    /** The lowercase name events and JSON use ({@code delivered}, {@code read}, {@code read_self}, ...). */
    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

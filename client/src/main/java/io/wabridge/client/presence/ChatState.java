package io.wabridge.client.presence;

/**
 * Typing indicators within one chat. On the wire there are two child tags, {@code <composing/>} and
 * {@code <paused/>}; recording a voice note is {@code <composing media="audio"/>}.
 */
public enum ChatState {
    COMPOSING("composing", null),
    PAUSED("paused", null),
    RECORDING("composing", "audio");

    private final String tag;
    private final String media;

    ChatState(String tag, String media) {
        this.tag = tag;
        this.media = media;
    }

    /** The child element's tag. */
    public String tag() {
        return tag;
    }

    /** The child's {@code media} attribute, null if none. */
    public String media() {
        return media;
    }

    /**
     * The state a received child element stands for; null for a tag we do not know.
     *
     * @param media the child's {@code media} attribute, nullable
     */
    public static ChatState fromWire(String tag, String media) {
        return switch (tag) {
            case "composing" -> "audio".equals(media) ? RECORDING : COMPOSING;
            case "paused" -> PAUSED;
            default -> null;
        };
    }
}

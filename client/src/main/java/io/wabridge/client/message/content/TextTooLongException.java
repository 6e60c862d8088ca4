package io.wabridge.client.message.content;

/** A text longer than WhatsApp allows ({@link MessageLimits#MAX_TEXT_LENGTH}). */
public final class TextTooLongException extends InvalidMessageContentException {

    private static final long serialVersionUID = 1L;

    private final int length;

    public TextTooLongException(int length) {
        super("text of " + length + " characters exceeds the limit of " + MessageLimits.MAX_TEXT_LENGTH);
        this.length = length;
    }

    /** The offending length in UTF-16 code units. */
    public int length() {
        return length;
    }
}

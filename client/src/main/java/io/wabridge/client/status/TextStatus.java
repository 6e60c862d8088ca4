package io.wabridge.client.status;

import io.wabridge.proto.wa.ExtendedTextMessage;
import io.wabridge.proto.wa.Message;
import java.util.Objects;

/**
 * A text status: the text, and optionally its colours (ARGB, as WhatsApp stores them: {@code 0xFF1E6E4F} is an
 * opaque green) and font (WhatsApp's font number, 0 to 10; 0 is the system font). Sent as an
 * {@code extendedTextMessage} with {@code textArgb} (7), {@code backgroundArgb} (8) and {@code font} (9).
 *
 * @param text           the text, not empty
 * @param textArgb       the text colour, null for the app's default
 * @param backgroundArgb the background colour, null for the app's default
 * @param font           the font number, null for the default
 */
public record TextStatus(String text, Integer textArgb, Integer backgroundArgb, Integer font) {

    /** WhatsApp's highest font number (FontType COURIERPRIME_BOLD). */
    public static final int MAX_FONT = 10;

    public TextStatus {
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            throw new StatusException(StatusException.Reason.UNSUPPORTED_CONTENT, "a text status needs text");
        }
        if (font != null && (font < 0 || font > MAX_FONT)) {
            throw new StatusException(StatusException.Reason.UNSUPPORTED_CONTENT,
                    "font " + font + " is not 0.." + MAX_FONT);
        }
    }

    /** A text status in the app's default colours and font. */
    public static TextStatus of(String text) {
        return new TextStatus(text, null, null, null);
    }

    Message toMessage() {
        ExtendedTextMessage.Builder b = ExtendedTextMessage.newBuilder().setText(text);
        if (textArgb != null) {
            b.setTextArgb(textArgb);
        }
        if (backgroundArgb != null) {
            b.setBackgroundArgb(backgroundArgb);
        }
        if (font != null) {
            b.setFont(font);
        }
        return Message.newBuilder().setExtendedTextMessage(b).build();
    }
}

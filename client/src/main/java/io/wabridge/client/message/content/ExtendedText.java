package io.wabridge.client.message.content;

import java.util.List;
import java.util.Objects;

/**
 * Text with extras: protobuf {@code extendedTextMessage}.
 *
 * @param text              the text
 * @param mentions          mentioned user JIDs (the text names them as {@code @user})
 * @param quoted            the message replied to, or null
 * @param preview           a link preview, or null
 * @param expirationSeconds the chat's disappearing-messages timer the sender applied, 0 for none
 */
public record ExtendedText(String text, List<String> mentions, QuotedMessage quoted, LinkPreview preview,
        int expirationSeconds) implements MessageContent {

    public ExtendedText {
        Objects.requireNonNull(text, "text");
        mentions = List.copyOf(mentions);
    }

    /** A reply to {@code quoted}. */
    public static ExtendedText reply(String text, QuotedMessage quoted) {
        return new ExtendedText(text, List.of(), quoted, null, 0);
    }
}

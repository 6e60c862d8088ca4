package io.wabridge.client.message.content;

import java.util.Objects;

/** Plain text without mentions, quote or preview: protobuf {@code conversation}. */
public record Text(String text) implements MessageContent {

    public Text {
        Objects.requireNonNull(text, "text");
    }
}

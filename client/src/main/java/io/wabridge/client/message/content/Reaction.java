package io.wabridge.client.message.content;

import java.util.Objects;

/**
 * A reaction: protobuf {@code reactionMessage}.
 *
 * @param target            the message reacted to
 * @param emoji             the emoji; empty removes the sender's reaction
 * @param senderTimestampMs when the sender reacted (epoch millis)
 */
public record Reaction(MessageRef target, String emoji, long senderTimestampMs) implements MessageContent {

    public Reaction {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(emoji, "emoji");
    }
}

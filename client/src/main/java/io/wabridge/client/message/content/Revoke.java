package io.wabridge.client.message.content;

import java.util.Objects;

/** "Delete for everyone": protocol message {@code REVOKE}. */
public record Revoke(MessageRef target) implements MessageContent {

    public Revoke {
        Objects.requireNonNull(target, "target");
    }
}

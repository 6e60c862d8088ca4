package io.wabridge.client.message.content;

import java.util.Objects;

/**
 * An edit of a message we sent: protocol message {@code MESSAGE_EDIT} (sent inside {@code editedMessage}).
 *
 * @param target      the message edited
 * @param newContent  its new content (text or extended text)
 * @param timestampMs when it was edited (epoch millis), 0 if not given
 */
public record Edit(MessageRef target, MessageContent newContent, long timestampMs) implements MessageContent {

    public Edit {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(newContent, "newContent");
    }
}

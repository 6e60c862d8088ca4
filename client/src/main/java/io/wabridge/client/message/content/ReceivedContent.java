package io.wabridge.client.message.content;

import java.util.Objects;

/**
 * A received message's content, and where it went when it is a copy of what another of our own devices sent
 * (protobuf {@code deviceSentMessage}): then the chat is {@code deviceSentDestination}, not the sender.
 *
 * @param content               the content
 * @param deviceSentDestination the chat our other device sent it to, or null for a message from someone else
 */
public record ReceivedContent(MessageContent content, String deviceSentDestination) {

    public ReceivedContent {
        Objects.requireNonNull(content, "content");
    }

    public boolean sentByOwnDevice() {
        return deviceSentDestination != null;
    }
}

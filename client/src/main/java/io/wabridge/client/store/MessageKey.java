package io.wabridge.client.store;

import java.util.Objects;

/** Identifies a message we sent: the chat JID it went to and its message id. */
public record MessageKey(String chat, String id) {

    public MessageKey {
        Objects.requireNonNull(chat, "chat");
        Objects.requireNonNull(id, "id");
        if (chat.isEmpty() || id.isEmpty()) {
            throw new IllegalArgumentException("empty chat or message id");
        }
    }
}

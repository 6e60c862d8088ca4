package io.wabridge.client.message.content;

import java.util.Objects;

/**
 * Points at another message (the one reacted to, edited or revoked): protobuf {@code MessageKey}.
 *
 * @param remoteJid   the chat
 * @param fromMe      whether we sent it
 * @param id          its message id
 * @param participant its author in a group, null in 1:1 chats
 */
public record MessageRef(String remoteJid, boolean fromMe, String id, String participant) {

    public MessageRef {
        Objects.requireNonNull(remoteJid, "remoteJid");
        Objects.requireNonNull(id, "id");
    }
}

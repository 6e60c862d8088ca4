package io.wabridge.client.store;

import java.util.Objects;

/** Identifies a group sender key: the group JID and the sender's Signal address. */
public record SenderKeyName(String groupId, SignalAddress sender) {

    public SenderKeyName {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(sender, "sender");
        if (groupId.isEmpty()) {
            throw new IllegalArgumentException("empty group id");
        }
    }
}

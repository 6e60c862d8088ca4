package io.wabridge.client.store;

import java.util.List;
import java.util.Objects;

/**
 * A chat as the client tracks it. Times are epoch seconds, as WhatsApp sends them.
 *
 * @param jid                  the chat JID (user or group)
 * @param name                 the chat's name or subject, nullable
 * @param lastMessageTimestamp time of the last message, 0 if unknown
 * @param unreadCount          unread messages
 * @param archived             archived by the user
 * @param pinned               pinned by the user
 * @param muteEndTimestamp     muted until then; 0 not muted, -1 muted forever
 * @param ephemeralExpiration  the chat's disappearing-messages timer in seconds, 0 = off
 * @param ephemeralSettingTimestamp when that timer was set (epoch seconds), 0 if unknown
 * @param labels               the ids of the labels on the chat ({@link ChatLabel}; app state), sorted, no duplicates
 */
public record ChatThread(String jid, String name, long lastMessageTimestamp, int unreadCount, boolean archived,
        boolean pinned, long muteEndTimestamp, int ephemeralExpiration, long ephemeralSettingTimestamp,
        List<String> labels) {

    public ChatThread {
        Objects.requireNonNull(jid, "jid");
        if (jid.isEmpty()) {
            throw new IllegalArgumentException("empty jid");
        }
        if (unreadCount < 0) {
            throw new IllegalArgumentException("negative unread count " + unreadCount);
        }
        if (ephemeralExpiration < 0) {
            throw new IllegalArgumentException("negative ephemeral expiration " + ephemeralExpiration);
        }
        labels = LabelIds.of(labels);
    }

    /** A chat without a disappearing-messages timer or labels. */
    public ChatThread(String jid, String name, long lastMessageTimestamp, int unreadCount, boolean archived,
            boolean pinned, long muteEndTimestamp) {
        this(jid, name, lastMessageTimestamp, unreadCount, archived, pinned, muteEndTimestamp, 0, 0, List.of());
    }

    /** This chat with another disappearing-messages timer, set at {@code settingTimestamp}. */
    public ChatThread withEphemeral(int expiration, long settingTimestamp) {
        return new ChatThread(jid, name, lastMessageTimestamp, unreadCount, archived, pinned, muteEndTimestamp,
                expiration, settingTimestamp, labels);
    }

    /** This chat with label {@code labelId} put on ({@code labeled}) or taken off. */
    public ChatThread withLabel(String labelId, boolean labeled) {
        List<String> next = LabelIds.with(labels, labelId, labeled);
        return next == labels ? this : new ChatThread(jid, name, lastMessageTimestamp, unreadCount, archived, pinned,
                muteEndTimestamp, ephemeralExpiration, ephemeralSettingTimestamp, next);
    }
}

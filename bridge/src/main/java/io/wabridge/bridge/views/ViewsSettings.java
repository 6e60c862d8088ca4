package io.wabridge.bridge.views;

import io.wabridge.bridge.contract.WireFormat;
import java.time.Duration;

/**
 * What the views topology needs to know: topic names, the value format it writes, whether it fans events out to
 * typed topics, and its retention rules.
 *
 * @param events the event topic it reads ({@code wabridge.events})
 * @param sessions the compacted session status topic it writes ({@code wabridge.sessions})
 * @param dlq where records it cannot read go ({@code wabridge.views.dlq})
 * @param format the format of what it writes to {@code sessions}
 * @param typedTopics whether every event is copied to {@code <events>.<type>}
 * @param dedupeWindow how long a message id is remembered, so a re-published message counts once
 * @param loggedOutRetention how long a logged-out session stays in the views before it is removed (tombstone)
 * @param purgeInterval how often sessions logged out longer than the retention are looked for
 */
public record ViewsSettings(String events, String sessions, String dlq, WireFormat format,
                            boolean typedTopics, Duration dedupeWindow, Duration loggedOutRetention,
                            Duration purgeInterval) {

    /** Name of the session status store (key = session id). */
    public static final String SESSIONS_STORE = "sessions";
    /** Name of the chat store (key = session id + {@link #CHAT_KEY_SEPARATOR} + chat JID). */
    public static final String CHATS_STORE = "chats";
    /** Message ids seen recently (windowed), for counting each message once. */
    public static final String SEEN_STORE = "seen-messages";
    /** Separates the session id from the chat JID in chat keys; never part of a valid session id. */
    public static final char CHAT_KEY_SEPARATOR = '|';

    public static ViewsSettings defaults() {
        return new ViewsSettings("wabridge.events", "wabridge.sessions", "wabridge.views.dlq",
                WireFormat.PROTOBUF, false, Duration.ofDays(7), Duration.ofDays(7), Duration.ofMinutes(10));
    }

    public ViewsSettings withTypedTopics(boolean on) {
        return new ViewsSettings(events, sessions, dlq, format, on, dedupeWindow, loggedOutRetention,
                purgeInterval);
    }

    public ViewsSettings withFormat(WireFormat f) {
        return new ViewsSettings(events, sessions, dlq, f, typedTopics, dedupeWindow, loggedOutRetention,
                purgeInterval);
    }

    /** The typed topic of one event type, e.g. {@code wabridge.events.message}. */
    public String typedTopic(String type) {
        return events + "." + type;
    }

    /** The chat store key of one chat. */
    public static String chatKey(String session, String chat) {
        return session + CHAT_KEY_SEPARATOR + chat;
    }

    /** The first key of a session's chats; every chat key of the session starts with it. */
    public static String chatPrefix(String session) {
        return session + CHAT_KEY_SEPARATOR;
    }
}

package io.wabridge.simulator.disappearing;

import io.wabridge.client.disappearing.Expiration;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.message.content.EphemeralSetting;
import io.wabridge.client.message.content.MessageContent;
import io.wabridge.proto.wa.Message;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One simulated phone's 1:1 chat timers, as a phone keeps them: set by an {@code EPHEMERAL_SETTING} it sends or
 * receives (from the contact or from one of its own companions), applied to every message it sends to the chat.
 * Thread-safe.
 */
public final class ChatTimers {
    /** Chat user (no device) -> the timer in seconds and when it was set (epoch seconds). */
    private final Map<Jid, long[]> timers = new ConcurrentHashMap<>();

    /** The chat's timer in seconds, 0 when off. */
    public int timer(Jid chat) {
        long[] t = timers.get(chat.normalizedUser());
        return t == null ? 0 : (int) t[0];
    }

    /** A message sent or received in a 1:1 chat: an {@code EPHEMERAL_SETTING} sets the chat's timer. */
    public void seen(Jid chat, MessageContent content, long at) {
        if (content instanceof EphemeralSetting s && !chat.isGroup()) {
            long setAt = s.settingTimestamp() > 0 ? s.settingTimestamp() : at;
            timers.put(chat.normalizedUser(), new long[] {s.expirationSeconds(), setAt});
        }
    }

    /** What the phone sends to {@code chat}: with the chat's timer in the message's context when it has one. */
    public Message stamp(Jid chat, MessageContent content, Message message) {
        if (content instanceof EphemeralSetting || chat.isGroup()) {
            return message;
        }
        long[] t = timers.get(chat.normalizedUser());
        return t == null ? message : Expiration.stamp(message, (int) t[0], t[1]);
    }
}

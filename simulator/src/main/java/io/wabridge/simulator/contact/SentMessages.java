package io.wabridge.simulator.contact;

import io.wabridge.client.jid.Jid;
import io.wabridge.proto.wa.Message;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a simulated phone sent recently, by id, so a retry receipt can be answered by encrypting the same message
 * again. Bounded, oldest out. Confined to the contact's executor.
 */
final class SentMessages {
    record Sent(Jid chat, String type, Message message) {}

    private final Map<String, Sent> sent;
    private final Map<String, Integer> retriesAnswered = new LinkedHashMap<>();
    private final int capacity;

    SentMessages(int capacity) {
        this.capacity = capacity;
        this.sent = new LinkedHashMap<>(64, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Sent> eldest) {
                if (size() > SentMessages.this.capacity) {
                    retriesAnswered.keySet().removeIf(key -> key.startsWith(eldest.getKey() + "|"));
                    return true;
                }
                return false;
            }
        };
    }

    void put(String id, Sent message) {
        sent.put(id, message);
    }

    Sent get(String id) {
        return sent.get(id);
    }

    /** Counts one more answered retry of message {@code id} for {@code device}; returns the new count. */
    int answeredRetry(String id, Jid device) {
        return retriesAnswered.merge(id + "|" + device, 1, Integer::sum);
    }
}

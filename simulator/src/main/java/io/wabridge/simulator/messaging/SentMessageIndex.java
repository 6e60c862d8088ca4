package io.wabridge.simulator.messaging;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which device sent a recent message, by sender account and message id: a retry receipt names the message and
 * the sender's user, and goes to the one device that can re-encrypt it. Bounded (oldest first out); thread-safe.
 */
final class SentMessageIndex {
    private record Key(String senderPhone, String id) {}

    private final Map<Key, Integer> senders;

    SentMessageIndex(int capacity) {
        this.senders = new LinkedHashMap<>(256, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Integer> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized void record(String senderPhone, String id, int senderDevice) {
        senders.put(new Key(senderPhone, id), senderDevice);
    }

    /** The device of {@code senderPhone} that sent message {@code id}, or -1 if unknown (or forgotten). */
    synchronized int senderDevice(String senderPhone, String id) {
        Integer device = senders.get(new Key(senderPhone, id));
        return device == null ? -1 : device;
    }
}

package io.wabridge.client.store.memory;

import io.wabridge.client.store.ArchivedMessage;
import io.wabridge.client.store.StoreSettings;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One session's message archive: ordered by (timestamp, id, chat) for the whole session (the retention's order) and
 * per chat (pages), with a (chat, id) index. Every write trims to the retention, so the session holds at most
 * {@code maxMessages}. One lock (this object), shared by every opened view of the session.
 */
final class MemoryMessageArchive {

    private record Key(long ts, String id, String chat) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = Long.compare(ts, o.ts);
            if (c == 0) {
                c = id.compareTo(o.id);
            }
            return c != 0 ? c : chat.compareTo(o.chat);
        }
    }

    private record ChatId(String chat, String id) {
    }

    private final StoreSettings settings;
    private final TreeMap<Key, ArchivedMessage> byTime = new TreeMap<>();
    private final Map<String, TreeMap<Key, ArchivedMessage>> byChat = new HashMap<>();
    private final Map<ChatId, Key> index = new HashMap<>();

    MemoryMessageArchive(StoreSettings settings) {
        this.settings = settings;
    }

    /** Stores or replaces by chat and id; a message kept already keeps its star and labels. */
    synchronized void archive(Collection<ArchivedMessage> messages) {
        List<ArchivedMessage> merged = new ArrayList<>(messages.size());
        for (ArchivedMessage m : messages) {
            Key kept = index.get(new ChatId(m.chat(), m.id()));
            ArchivedMessage old = kept == null ? null : byTime.get(kept);
            merged.add(old == null ? m : new ArchivedMessage(m.chat(), m.id(), m.fromMe(), m.sender(), m.senderPn(),
                    m.senderLid(), m.pushName(), m.timestampMillis(), m.message(), old.starred(), old.labels()));
        }
        rewrite(merged);
    }

    /** Stores or replaces by chat and id, star and labels as given. */
    synchronized void rewrite(Collection<ArchivedMessage> messages) {
        for (ArchivedMessage m : messages) {
            remove(m.chat(), m.id());
            Key k = new Key(m.timestampMillis(), m.id(), m.chat());
            byTime.put(k, m);
            byChat.computeIfAbsent(m.chat(), c -> new TreeMap<>()).put(k, m);
            index.put(new ChatId(m.chat(), m.id()), k);
        }
        trim();
    }

    synchronized Optional<ArchivedMessage> find(String chat, String id) {
        Key k = index.get(new ChatId(chat, id));
        return k == null || k.ts < oldestKept() ? Optional.empty() : Optional.of(byTime.get(k));
    }

    synchronized List<ArchivedMessage> before(String chat, long beforeMillis, String beforeId, int count) {
        TreeMap<Key, ArchivedMessage> messages = byChat.get(chat);
        List<ArchivedMessage> page = new ArrayList<>(Math.min(count, 64));
        if (messages == null) {
            return page;
        }
        // (ts, id) strictly below the anchor: every chat of a key with id "" sorts first, so the head is exclusive
        NavigableMap<Key, ArchivedMessage> head = beforeId == null
                ? messages.headMap(new Key(beforeMillis, "", ""), false)
                : messages.headMap(new Key(beforeMillis, beforeId, ""), false);
        long oldest = oldestKept();
        for (ArchivedMessage m : head.descendingMap().values()) {
            if (page.size() == count || m.timestampMillis() < oldest) {
                break;
            }
            page.add(m);
        }
        return page;
    }

    synchronized void delete(String chat, String id) {
        remove(chat, id);
    }

    synchronized long clear(String chat) {
        TreeMap<Key, ArchivedMessage> messages = byChat.remove(chat);
        if (messages == null) {
            return 0;
        }
        for (Key k : messages.keySet()) {
            byTime.remove(k);
            index.remove(new ChatId(k.chat, k.id));
        }
        return messages.size();
    }

    synchronized void clearAll() {
        byTime.clear();
        byChat.clear();
        index.clear();
    }

    /** Under the lock: drops what is too old, then the oldest beyond the count. */
    private void trim() {
        long oldest = oldestKept();
        while (!byTime.isEmpty() && (byTime.firstKey().ts < oldest
                || byTime.size() > settings.archive().maxMessages())) {
            Key k = byTime.firstKey();
            remove(k.chat, k.id);
        }
    }

    private void remove(String chat, String id) {
        Key k = index.remove(new ChatId(chat, id));
        if (k == null) {
            return;
        }
        byTime.remove(k);
        TreeMap<Key, ArchivedMessage> messages = byChat.get(chat);
        if (messages != null) {
            messages.remove(k);
            if (messages.isEmpty()) {
                byChat.remove(chat);
            }
        }
    }

    private long oldestKept() {
        return settings.archive().oldestKeptMillis(settings.clock().millis());
    }
}

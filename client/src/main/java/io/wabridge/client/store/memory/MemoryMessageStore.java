package io.wabridge.client.store.memory;

import io.wabridge.client.store.ArchivedMessage;
import io.wabridge.client.store.MessageKey;
import io.wabridge.client.store.MessageStore;
import io.wabridge.client.store.StoreSettings;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Sent messages in insertion order. With one TTL for all, insertion order is expiry order, so every put
 * drops the expired head entries: the cache stays bounded without any timer. The lock (the entry map, shared by
 * every opened view of the session) is this session's only.
 */
final class MemoryMessageStore implements MessageStore, Clearable {

    private record Entry(byte[] message, long expiresAtMillis) {
    }

    private final StoreSettings settings;
    private final long ttlMillis;
    private final LinkedHashMap<MessageKey, Entry> entries;
    private final MemoryFence fence;
    private final MemoryMessageArchive archive;

    MemoryMessageStore(StoreSettings settings, MemoryFence fence) {
        this.settings = settings;
        this.ttlMillis = settings.messageTtl().toMillis();
        this.entries = new LinkedHashMap<>();
        this.fence = fence;
        this.archive = new MemoryMessageArchive(settings);
    }

    /** A view of the same messages for another opened view of the session. */
    MemoryMessageStore(MemoryMessageStore shared, MemoryFence fence) {
        this.settings = shared.settings;
        this.ttlMillis = shared.ttlMillis;
        this.entries = shared.entries;
        this.fence = fence;
        this.archive = shared.archive;
    }

    @Override
    public void put(MessageKey key, byte[] message) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(message, "message");
        fence.check();
        long now = settings.clock().millis();
        synchronized (entries) {
            dropExpiredHead(now);
            entries.remove(key); // a refreshed entry moves to the tail, keeping the order = expiry order
            entries.put(key, new Entry(message, now + ttlMillis));
        }
    }

    @Override
    public Optional<byte[]> load(MessageKey key) {
        Entry entry;
        synchronized (entries) {
            entry = entries.get(key);
        }
        if (entry == null || entry.expiresAtMillis <= settings.clock().millis()) {
            return Optional.empty();
        }
        return Optional.of(entry.message);
    }

    @Override
    public void delete(MessageKey key) {
        fence.check();
        synchronized (entries) {
            entries.remove(key);
        }
    }

    /**
     * A full scan, so it stays exact even if the clock went backwards between puts. Not fenced: it only drops
     * what expired, whoever wrote it, and the provider-wide purge runs it for every session.
     */
    @Override
    public long purgeExpired() {
        long now = settings.clock().millis();
        long purged = 0;
        synchronized (entries) {
            for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
                if (it.next().expiresAtMillis <= now) {
                    it.remove();
                    purged++;
                }
            }
        }
        return purged;
    }

    /** Under the lock. */
    private void dropExpiredHead(long now) {
        Iterator<Map.Entry<MessageKey, Entry>> it = entries.entrySet().iterator();
        while (it.hasNext() && it.next().getValue().expiresAtMillis <= now) {
            it.remove();
        }
    }

    @Override
    public void archive(Collection<ArchivedMessage> messages) {
        fence.check();
        archive.archive(List.copyOf(messages));
    }

    @Override
    public void rewriteArchived(ArchivedMessage message) {
        fence.check();
        archive.rewrite(List.of(message));
    }

    @Override
    public Optional<ArchivedMessage> archived(String chat, String id) {
        return archive.find(Objects.requireNonNull(chat, "chat"), Objects.requireNonNull(id, "id"));
    }

    @Override
    public List<ArchivedMessage> archivedBefore(String chat, long beforeMillis, String beforeId, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be positive, got " + count);
        }
        return archive.before(Objects.requireNonNull(chat, "chat"), beforeMillis, beforeId, count);
    }

    @Override
    public void deleteArchived(String chat, String id) {
        fence.check();
        archive.delete(chat, id);
    }

    @Override
    public long clearArchived(String chat) {
        fence.check();
        return archive.clear(chat);
    }

    @Override
    public void clear() {
        synchronized (entries) {
            entries.clear();
        }
        archive.clearAll();
    }
}

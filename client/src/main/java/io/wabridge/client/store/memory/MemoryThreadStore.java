package io.wabridge.client.store.memory;

import io.wabridge.client.store.ChatLabel;
import io.wabridge.client.store.ChatThread;
import io.wabridge.client.store.ThreadStore;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

final class MemoryThreadStore implements ThreadStore, Clearable {

    private final ConcurrentSkipListMap<String, ChatThread> threads;
    private final ConcurrentSkipListMap<String, ChatLabel> labels;
    private final MemoryFence fence;

    MemoryThreadStore(MemoryFence fence) {
        this.threads = new ConcurrentSkipListMap<>();
        this.labels = new ConcurrentSkipListMap<>();
        this.fence = fence;
    }

    /** A view of the same entries for another opened view of the session. */
    MemoryThreadStore(MemoryThreadStore shared, MemoryFence fence) {
        this.threads = shared.threads;
        this.labels = shared.labels;
        this.fence = fence;
    }

    @Override
    public Optional<ChatThread> load(String jid) {
        return Optional.ofNullable(threads.get(jid));
    }

    @Override
    public void store(ChatThread thread) {
        fence.check();
        threads.put(thread.jid(), thread);
    }

    @Override
    public void storeAll(Collection<ChatThread> batch) {
        batch.forEach(this::store);
    }

    @Override
    public void delete(String jid) {
        fence.check();
        threads.remove(jid);
    }

    @Override
    public List<ChatThread> page(String afterJid, int limit) {
        return Paging.page(threads, afterJid, limit);
    }

    @Override
    public Optional<ChatLabel> loadLabel(String id) {
        return Optional.ofNullable(labels.get(id));
    }

    @Override
    public void storeLabel(ChatLabel label) {
        fence.check();
        labels.put(label.id(), label);
    }

    @Override
    public void deleteLabel(String id) {
        fence.check();
        labels.remove(id);
    }

    @Override
    public List<ChatLabel> labelPage(String afterId, int limit) {
        return Paging.page(labels, afterId, limit);
    }

    @Override
    public void clear() {
        threads.clear();
        labels.clear();
    }
}

package io.wabridge.client.store.memory;

import io.wabridge.client.store.Contact;
import io.wabridge.client.store.ContactStore;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

final class MemoryContactStore implements ContactStore, Clearable {

    private final ConcurrentSkipListMap<String, Contact> contacts;
    private final MemoryFence fence;

    MemoryContactStore(MemoryFence fence) {
        this.contacts = new ConcurrentSkipListMap<>();
        this.fence = fence;
    }

    /** A view of the same entries for another opened view of the session. */
    MemoryContactStore(MemoryContactStore shared, MemoryFence fence) {
        this.contacts = shared.contacts;
        this.fence = fence;
    }

    @Override
    public Optional<Contact> load(String jid) {
        return Optional.ofNullable(contacts.get(jid));
    }

    @Override
    public void store(Contact contact) {
        fence.check();
        contacts.put(contact.jid(), contact);
    }

    @Override
    public void storeAll(Collection<Contact> batch) {
        batch.forEach(this::store);
    }

    @Override
    public void delete(String jid) {
        fence.check();
        contacts.remove(jid);
    }

    @Override
    public List<Contact> page(String afterJid, int limit) {
        return Paging.page(contacts, afterJid, limit);
    }

    @Override
    public void clear() {
        contacts.clear();
    }
}

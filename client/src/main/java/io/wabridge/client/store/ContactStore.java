package io.wabridge.client.store;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The session's contacts, by JID. Listing is paged. */
public interface ContactStore {

    Optional<Contact> load(String jid);

    void store(Contact contact);

    void storeAll(Collection<Contact> contacts);

    void delete(String jid);

    /** Up to {@code limit} contacts with a JID greater than {@code afterJid} (null: from the start), by JID. */
    List<Contact> page(String afterJid, int limit);
}

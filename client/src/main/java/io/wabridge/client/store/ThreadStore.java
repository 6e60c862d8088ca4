package io.wabridge.client.store;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The session's chats, by JID. Listing is paged: a store never loads a whole session into memory. */
public interface ThreadStore {

    Optional<ChatThread> load(String jid);

    void store(ChatThread thread);

    void storeAll(Collection<ChatThread> threads);

    void delete(String jid);

    /** Up to {@code limit} chats with a JID greater than {@code afterJid} (null: from the start), by JID. */
    List<ChatThread> page(String afterJid, int limit);
}

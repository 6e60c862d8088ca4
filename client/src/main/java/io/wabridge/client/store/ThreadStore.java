package io.wabridge.client.store;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The session's chats, by JID, and the account's labels that sort them, by label id. Listing is paged: a store never
 * loads a whole session into memory.
 */
public interface ThreadStore {

    Optional<ChatThread> load(String jid);

    void store(ChatThread thread);

    void storeAll(Collection<ChatThread> threads);

    void delete(String jid);

    /** Up to {@code limit} chats with a JID greater than {@code afterJid} (null: from the start), by JID. */
    List<ChatThread> page(String afterJid, int limit);

    Optional<ChatLabel> loadLabel(String id);

    /** Creates or replaces the label with {@code label.id()}. */
    void storeLabel(ChatLabel label);

    void deleteLabel(String id);

    /** Up to {@code limit} labels with an id greater than {@code afterId} (null: from the start), by id. */
    List<ChatLabel> labelPage(String afterId, int limit);
}

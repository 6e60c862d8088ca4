package io.wabridge.client.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The session's messages, in two parts.
 *
 * <p><b>Retry cache</b>: recently sent messages (serialized plaintext), kept so a retry receipt can be answered by
 * re-encrypting. Entries expire {@link StoreSettings#messageTtl()} after they were put, by the provider's clock.
 * Expiry is enforced on read; {@link #purgeExpired()} (or {@link StoreProvider#purgeExpiredMessages()}) reclaims
 * space.
 *
 * <p><b>Archive</b>: received and sent messages ({@link ArchivedMessage}), keyed by chat and id, for quotes, edits
 * and on-demand history. Bounded per session by the retention of {@link StoreSettings#archive()}: a message older
 * than {@code maxAge} (by its own timestamp, the provider's clock) is never returned and is reclaimed, and every
 * {@link #archive} keeps only the session's {@code maxMessages} newest (by timestamp, then id). Writes are fenced
 * like every other domain; the retention's deletions are not (they drop only what retention drops, whoever wrote it).
 */
public interface MessageStore {

    /** Stores (or refreshes) a sent message; it expires one TTL from now. */
    void put(MessageKey key, byte[] message);

    /**
     * Stores (or refreshes) several sent messages, each expiring one TTL from now: one round trip where the store
     * can batch (the default puts them one by one). All or, on an exception, possibly only some are stored.
     */
    default void putAll(Map<MessageKey, byte[]> messages) {
        messages.forEach(this::put);
    }

    /** The message if present and not expired. */
    Optional<byte[]> load(MessageKey key);

    void delete(MessageKey key);

    /** Deletes this session's expired messages and returns how many were deleted. */
    long purgeExpired();

    // ---- archive ----

    /**
     * Stores (or replaces, by chat and id) these messages in the archive, then enforces the retention. One round
     * trip (plus the trim) where the backend can batch. A message kept already keeps its star and labels (a message
     * archived again, e.g. redelivered or from a history sync, carries none): only {@link #rewriteArchived} changes
     * them; a new message is stored with those it has.
     */
    void archive(Collection<ArchivedMessage> messages);

    /**
     * Replaces the kept copy of {@code message} (by chat and id) whole, its star and labels as {@code message} has
     * them (stored if not kept): a star, a label or an edit of the copy read from the archive. The default deletes
     * the kept copy and archives {@code message} (two writes); a backend does it in one.
     */
    default void rewriteArchived(ArchivedMessage message) {
        deleteArchived(message.chat(), message.id());
        archive(java.util.List.of(message));
    }

    /** The archived message, if kept and within the retention's age. */
    Optional<ArchivedMessage> archived(String chat, String id);

    /**
     * Up to {@code count} archived messages of {@code chat} older than the anchor, newest first: with
     * {@code beforeId} null, those with a timestamp before {@code beforeMillis}; else those before
     * ({@code beforeMillis}, {@code beforeId}) in (timestamp, id) order. {@code Long.MAX_VALUE}: from the newest.
     */
    List<ArchivedMessage> archivedBefore(String chat, long beforeMillis, String beforeId, int count);

    /** Deletes one archived message (a revoke, a delete for me). Fenced. */
    void deleteArchived(String chat, String id);

    /** Deletes every archived message of {@code chat} (a cleared or deleted chat); returns how many. Fenced. */
    long clearArchived(String chat);
}

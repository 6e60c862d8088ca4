package io.wabridge.client.store;

import java.util.Map;
import java.util.Optional;

/**
 * Recently sent messages (serialized plaintext), kept so a retry receipt can be answered by re-encrypting.
 * Entries expire {@link StoreSettings#messageTtl()} after they were put, by the provider's clock. Expiry is
 * enforced on read; {@link #purgeExpired()} (or {@link StoreProvider#purgeExpiredMessages()}) reclaims space.
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
}

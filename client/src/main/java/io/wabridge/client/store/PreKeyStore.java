package io.wabridge.client.store;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** One-time prekeys (serialized records) by id. Consumed ones are removed; the count drives re-uploads. */
public interface PreKeyStore {

    Optional<byte[]> load(int id);

    /** The records present among {@code ids} (one round trip; used to re-upload a generated range). */
    Map<Integer, byte[]> loadAll(Collection<Integer> ids);

    boolean contains(int id);

    void store(int id, byte[] record);

    /** Stores a generated batch in one round trip. */
    void storeAll(Map<Integer, byte[]> records);

    void remove(int id);

    void removeAll(Collection<Integer> ids);

    /** How many one-time prekeys are stored. */
    int count();

    /** The highest stored id, empty if none. */
    OptionalInt maxId();
}

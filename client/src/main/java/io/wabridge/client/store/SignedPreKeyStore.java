package io.wabridge.client.store;

import java.util.Map;
import java.util.Optional;

/** Signed prekeys (serialized records) by id: the current one plus recently rotated ones still in use. */
public interface SignedPreKeyStore {

    Optional<byte[]> load(int id);

    /** Every stored record, by ascending id (a session holds a handful). */
    Map<Integer, byte[]> loadAll();

    boolean contains(int id);

    void store(int id, byte[] record);

    void remove(int id);
}

package io.wabridge.client.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Serialized Signal session records, one per remote address (user + device). */
public interface SignalSessionStore {

    Optional<byte[]> load(SignalAddress address);

    /** The records present among {@code addresses} (one round trip; used for message fan-out). */
    Map<SignalAddress, byte[]> loadAll(Collection<SignalAddress> addresses);

    boolean contains(SignalAddress address);

    /**
     * Whether this store knows, from memory and without blocking, that it holds a record for {@code address}
     * (false when it would have to ask its database). Lets the client skip an I/O hop for a record it flushed itself.
     */
    default boolean knownToHold(SignalAddress address) {
        return false;
    }

    /** Device ids that have a session with user {@code name}, ascending. */
    List<Integer> deviceIds(String name);

    void store(SignalAddress address, byte[] record);

    /** Stores every entry (one round trip). The unit a write-behind buffer flushes. */
    void storeAll(Map<SignalAddress, byte[]> records);

    void delete(SignalAddress address);

    /** Deletes the sessions with every device of user {@code name}. */
    void deleteAll(String name);
}

package io.wabridge.client.store;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** Group sender key records (serialized) per group and sender. */
public interface SenderKeyStore {

    Optional<byte[]> load(SenderKeyName name);

    /** The records present among {@code names} (one round trip). */
    Map<SenderKeyName, byte[]> loadAll(Collection<SenderKeyName> names);

    void store(SenderKeyName name, byte[] record);

    void storeAll(Map<SenderKeyName, byte[]> records);

    void delete(SenderKeyName name);

    /** Deletes every sender's key in {@code groupId} (we left the group, or it must be re-keyed). */
    void deleteGroup(String groupId);
}

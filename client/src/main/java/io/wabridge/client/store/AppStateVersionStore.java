package io.wabridge.client.store;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Per app-state collection: the version and LTHash, plus the value MAC of every live index.
 *
 * <p>There is no cross-document atomicity. Apply a patch by writing its value MACs first and the version
 * last: the version is the commit point, and re-applying a patch whose MACs were already written is harmless.
 */
public interface AppStateVersionStore {

    Optional<AppStateVersion> load(String collection);

    void save(AppStateVersion version);

    /** The value MACs present among {@code indexMacs} in {@code collection}. */
    List<IndexValueMac> loadValueMacs(String collection, Collection<byte[]> indexMacs);

    /** Stores (or replaces) value MACs in one round trip. */
    void putValueMacs(String collection, Collection<IndexValueMac> macs);

    void removeValueMacs(String collection, Collection<byte[]> indexMacs);

    /** Forgets the collection's version and every value MAC, before a full snapshot resync. */
    void reset(String collection);
}

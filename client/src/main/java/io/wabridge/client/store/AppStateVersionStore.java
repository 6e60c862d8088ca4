package io.wabridge.client.store;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Per app-state collection: the version and LTHash, plus the value MAC of every live index.
 *
 * <p>Apply a patch or a snapshot with {@link #apply}: its value MACs, its new version and its LTHash change as one
 * unit, so a crash leaves either the state before it or the state after it, never MACs of a version the stored
 * LTHash does not describe. The finer methods remain for tests and repairs.
 */
public interface AppStateVersionStore {

    Optional<AppStateVersion> load(String collection);

    void save(AppStateVersion version);

    /** The value MACs present among {@code indexMacs} in {@code collection}. */
    List<IndexValueMac> loadValueMacs(String collection, Collection<byte[]> indexMacs);

    /** Stores (or replaces) value MACs in one round trip. */
    void putValueMacs(String collection, Collection<IndexValueMac> macs);

    void removeValueMacs(String collection, Collection<byte[]> indexMacs);

    /**
     * Applies one patch (or, with {@code replace}, one snapshot) as one unit: drops every value MAC of the collection
     * if {@code replace}, removes {@code removes}, stores {@code puts} and sets the collection's version and LTHash to
     * {@code next}. A reader ({@link #load}, {@link #loadValueMacs}) sees the whole change or none of it; after a
     * crash in the middle, the next {@link #load} of the collection finishes it (backends without transactions keep
     * a redo journal). {@code removes} and {@code puts} name disjoint index MACs (the net effect of the patch).
     *
     * @throws StoreFencedException if a newer epoch owns the session (nothing was applied)
     */
    void apply(AppStateVersion next, boolean replace, Collection<byte[]> removes, Collection<IndexValueMac> puts);

    /** Forgets the collection's version and every value MAC, before a full snapshot resync. */
    void reset(String collection);
}

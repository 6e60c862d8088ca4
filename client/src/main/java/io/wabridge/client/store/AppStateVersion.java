package io.wabridge.client.store;

import java.util.Arrays;
import java.util.Objects;

/**
 * The sync state of one app-state collection ({@code regular}, {@code critical_block}, …).
 *
 * @param collection the collection name
 * @param version    the last applied patch version
 * @param hash       the LTHash over the collection's value MACs (128 bytes)
 */
public record AppStateVersion(String collection, long version, byte[] hash) {

    public AppStateVersion {
        Objects.requireNonNull(collection, "collection");
        Objects.requireNonNull(hash, "hash");
        if (collection.isEmpty()) {
            throw new IllegalArgumentException("empty collection name");
        }
        if (version < 0) {
            throw new IllegalArgumentException("negative version " + version);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AppStateVersion v && collection.equals(v.collection) && version == v.version
                && Arrays.equals(hash, v.hash);
    }

    @Override
    public int hashCode() {
        return collection.hashCode() * 31 + Long.hashCode(version);
    }

    @Override
    public String toString() {
        return "AppStateVersion[" + collection + " v" + version + "]";
    }
}

package io.wabridge.client.store;

import java.util.Arrays;
import java.util.Objects;

/** The value MAC currently stored under an app-state index MAC; needed to take a value out of the LTHash. */
public record IndexValueMac(byte[] indexMac, byte[] valueMac) {

    public IndexValueMac {
        Objects.requireNonNull(indexMac, "indexMac");
        Objects.requireNonNull(valueMac, "valueMac");
        if (indexMac.length == 0) {
            throw new IllegalArgumentException("empty index MAC");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IndexValueMac m && Arrays.equals(indexMac, m.indexMac) && Arrays.equals(valueMac, m.valueMac);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(indexMac);
    }

    @Override
    public String toString() {
        return "IndexValueMac[" + Hex.prefix(indexMac) + "…]";
    }
}

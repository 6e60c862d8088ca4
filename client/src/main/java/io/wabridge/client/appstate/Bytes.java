package io.wabridge.client.appstate;

import java.util.Arrays;

/** A byte array (an index MAC, a key id) as a map key, by content. Wraps without copying. */
record Bytes(byte[] bytes) {

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes b && Arrays.equals(bytes, b.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }
}

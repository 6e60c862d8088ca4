package io.wabridge.client.store.memory;

import java.util.Arrays;

/** A byte array usable as a map key (content equality). Wraps without copying: keys are owned by the store. */
record ByteKey(byte[] bytes) {

    @Override
    public boolean equals(Object o) {
        return o instanceof ByteKey k && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }
}

package io.wabridge.client.store;

import java.util.HexFormat;

/** Short hex prefixes for toString methods that must not dump secrets or whole blobs. */
final class Hex {

    private Hex() {
    }

    static String prefix(byte[] bytes) {
        return HexFormat.of().formatHex(bytes, 0, Math.min(4, bytes.length));
    }
}

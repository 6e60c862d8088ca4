package io.wabridge.blobstore;

import java.util.HexFormat;

/** Blob keys: exactly 64 lowercase hex digits, so a key can never name a path, a prefix or a pattern. */
public final class Sha256Hex {
    private static final HexFormat HEX = HexFormat.of();

    private Sha256Hex() {}

    public static boolean isValid(String key) {
        if (key == null || key.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = key.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** Returns {@code key} or throws {@link IllegalArgumentException} when it is not 64 lowercase hex digits. */
    public static String require(String key) {
        if (!isValid(key)) {
            throw new IllegalArgumentException("not a lowercase hex SHA-256: " + key);
        }
        return key;
    }

    public static String of(byte[] digest) {
        return HEX.formatHex(digest);
    }
}

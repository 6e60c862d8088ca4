package io.wabridge.client.store.encryption;

import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A 256-bit key-encryption key and the id stored next to everything it wraps (so the keyring can hold several during
 * a rotation). Immutable; never prints the key.
 */
public record MasterKey(String id, byte[] key) {

    public static final int LENGTH = 32;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public MasterKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(key, "key");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("master key id must be 1-64 of [A-Za-z0-9._-], got '" + id + "'");
        }
        if (key.length != LENGTH) {
            throw new IllegalArgumentException("master key '" + id + "' must be " + LENGTH + " bytes, got " + key.length);
        }
        key = key.clone();
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MasterKey m && id.equals(m.id) && Arrays.equals(key, m.key);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "MasterKey[" + id + "]";
    }
}

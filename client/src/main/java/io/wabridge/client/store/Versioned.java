package io.wabridge.client.store;

import java.util.Objects;

/** A stored value with the version a writer must present to replace it (optimistic concurrency). */
public record Versioned<T>(T value, long version) {

    public Versioned {
        Objects.requireNonNull(value, "value");
        if (version <= CredentialsStore.ABSENT) {
            throw new IllegalArgumentException("a stored version is positive, got " + version);
        }
    }
}

package io.wabridge.client.store;

import java.util.Optional;

/**
 * The session's {@link Credentials}, stored as one unit with an optimistic version: every save names the
 * version it replaces, and a writer holding an older version gets a {@link StaleCredentialsException} instead
 * of silently overwriting a newer pairing state.
 */
public interface CredentialsStore {

    /** The "expected version" that means: nothing is stored yet (create). Stored versions start at 1. */
    long ABSENT = 0;

    /** The stored credentials with their version, or empty if the session has none (never paired, or wiped). */
    Optional<Versioned<Credentials>> load();

    /**
     * Atomically replaces the whole stored credentials if, and only if, the stored version equals
     * {@code expectedVersion} ({@link #ABSENT}: nothing stored).
     *
     * @return the saved credentials with their new version
     * @throws StaleCredentialsException if the stored version differs; nothing was written
     * @throws IllegalArgumentException  if {@code expectedVersion} is negative
     */
    Versioned<Credentials> save(Credentials credentials, long expectedVersion);
}

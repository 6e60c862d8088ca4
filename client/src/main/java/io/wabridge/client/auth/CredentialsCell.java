package io.wabridge.client.auth;

import io.wabridge.client.store.Credentials;
import io.wabridge.client.store.CredentialsStore;
import io.wabridge.client.store.Versioned;
import java.util.Optional;

/**
 * A session's credentials and the version they were stored under. Every change is one atomic, versioned save
 * ({@link CredentialsStore#save}); a writer that lost a race gets {@link io.wabridge.client.store.StaleCredentialsException}
 * and nothing is written. Used on the session executor only.
 */
public final class CredentialsCell {
    private final CredentialsStore store;
    private Versioned<Credentials> current;

    public CredentialsCell(CredentialsStore store) {
        this.store = store;
    }

    /** Reloads from the store; empty if nothing is stored. */
    public Optional<Credentials> reload() {
        current = store.load().orElse(null);
        return Optional.ofNullable(current).map(Versioned::value);
    }

    /** The last loaded or saved credentials. */
    public Credentials get() {
        if (current == null) {
            throw new IllegalStateException("no credentials loaded");
        }
        return current.value();
    }

    public boolean isPresent() {
        return current != null;
    }

    /** Saves {@code next} over the version last seen (creating it if none was). */
    public Credentials save(Credentials next) {
        current = store.save(next, current == null ? CredentialsStore.ABSENT : current.version());
        return current.value();
    }

    /** Forgets the loaded copy (after a wipe). */
    public void clear() {
        current = null;
    }
}

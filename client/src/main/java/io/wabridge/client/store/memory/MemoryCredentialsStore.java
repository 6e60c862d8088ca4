package io.wabridge.client.store.memory;

import io.wabridge.client.store.Credentials;
import io.wabridge.client.store.CredentialsStore;
import io.wabridge.client.store.StaleCredentialsException;
import io.wabridge.client.store.Versioned;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** Credentials in one atomic reference: a save is a compare-and-set against the expected version. */
final class MemoryCredentialsStore implements CredentialsStore, Clearable {

    private final String sessionId;
    private final AtomicReference<Versioned<Credentials>> current;
    private final MemoryFence fence;

    MemoryCredentialsStore(String sessionId, MemoryFence fence) {
        this.sessionId = sessionId;
        this.current = new AtomicReference<>();
        this.fence = fence;
    }

    /** A view of the same credentials for another opened view of the session. */
    MemoryCredentialsStore(MemoryCredentialsStore shared, MemoryFence fence) {
        this.sessionId = shared.sessionId;
        this.current = shared.current;
        this.fence = fence;
    }

    @Override
    public Optional<Versioned<Credentials>> load() {
        return Optional.ofNullable(current.get());
    }

    @Override
    public Versioned<Credentials> save(Credentials credentials, long expectedVersion) {
        Objects.requireNonNull(credentials, "credentials");
        if (expectedVersion < ABSENT) {
            throw new IllegalArgumentException("negative expected version " + expectedVersion);
        }
        fence.check();
        while (true) {
            Versioned<Credentials> stored = current.get();
            long storedVersion = stored == null ? ABSENT : stored.version();
            if (storedVersion != expectedVersion) {
                throw new StaleCredentialsException(sessionId, expectedVersion, storedVersion);
            }
            Versioned<Credentials> next = new Versioned<>(credentials, storedVersion + 1);
            if (current.compareAndSet(stored, next)) {
                return next;
            }
        }
    }

    @Override
    public void clear() {
        current.set(null);
    }
}

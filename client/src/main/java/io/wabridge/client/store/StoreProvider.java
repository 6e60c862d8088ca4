package io.wabridge.client.store;

/**
 * Opens the stores of a session. One provider serves every session of a JVM; opening is cheap and may be
 * repeated: all {@link AccountStore}s opened for one session id see the same data.
 */
public interface StoreProvider extends AutoCloseable {

    /** The stores of session {@code sessionId} (created empty on first use), unfenced: {@code open(sessionId, 0)}. */
    AccountStore open(String sessionId);

    /**
     * The stores of session {@code sessionId}, every write FENCED by {@code epoch} (the session lease's epoch,
     * increasing with each new owner): a write that would replace or delete an entry written with a higher epoch
     * is refused with {@link StoreFencedException} (deletes may instead silently leave that entry alone), so a
     * process that lost the lease cannot overwrite what the new owner stored. Entries written unfenced (epoch 0,
     * or before fencing existed) are overwritten by any epoch. A backend may refuse more (any write once a newer
     * epoch wrote anything in the session); it never refuses a write at the highest epoch that wrote.
     * Reads are never fenced.
     *
     * <p>The default serves epoch 0 only; backends that fence override it.
     *
     * @throws IllegalArgumentException if {@code epoch} is negative
     * @throws UnsupportedOperationException if {@code epoch > 0} and this provider cannot fence
     */
    default AccountStore open(String sessionId, long epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("negative epoch " + epoch);
        }
        if (epoch != 0) {
            throw new UnsupportedOperationException(getClass().getSimpleName() + " does not fence writes by epoch");
        }
        return open(sessionId);
    }

    /** Deletes the expired sent messages of every session; returns how many. For one periodic housekeeping task. */
    long purgeExpiredMessages();

    /** Releases what the provider owns (connections it opened). Sessions opened from it must not be used after. */
    @Override
    void close();
}

package io.wabridge.client.store;

/**
 * Opens the stores of a session. One provider serves every session of a JVM; opening is cheap and may be
 * repeated: all {@link AccountStore}s opened for one session id see the same data.
 */
public interface StoreProvider extends AutoCloseable {

    /** The stores of session {@code sessionId} (created empty on first use). */
    AccountStore open(String sessionId);

    /** Deletes the expired sent messages of every session; returns how many. For one periodic housekeeping task. */
    long purgeExpiredMessages();

    /** Releases what the provider owns (connections it opened). Sessions opened from it must not be used after. */
    @Override
    void close();
}

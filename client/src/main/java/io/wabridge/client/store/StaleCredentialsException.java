package io.wabridge.client.store;

/**
 * A credentials write was based on a version that is no longer the stored one: another writer (another
 * process, or a stale copy in this one) saved in between. The write was not applied; reload and decide again.
 */
public final class StaleCredentialsException extends StoreException {

    private final String sessionId;
    private final long expectedVersion;
    private final long actualVersion;

    public StaleCredentialsException(String sessionId, long expectedVersion, long actualVersion) {
        super("stale credentials for session " + sessionId + ": expected version " + expectedVersion
                + " but the store holds " + (actualVersion == CredentialsStore.ABSENT ? "none" : "version " + actualVersion));
        this.sessionId = sessionId;
        this.expectedVersion = expectedVersion;
        this.actualVersion = actualVersion;
    }

    public String sessionId() {
        return sessionId;
    }

    /** The version the writer based its change on ({@link CredentialsStore#ABSENT} for a create). */
    public long expectedVersion() {
        return expectedVersion;
    }

    /** The version stored when the write was refused ({@link CredentialsStore#ABSENT} if none). */
    public long actualVersion() {
        return actualVersion;
    }
}

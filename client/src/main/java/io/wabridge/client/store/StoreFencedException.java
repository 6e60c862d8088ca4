package io.wabridge.client.store;

/**
 * A write was refused because a newer owner of the session (one holding a higher lease epoch) already wrote the
 * state it would have replaced: this process lost the session's lease (GC pause, network partition, ...) and must
 * stop driving the session. Never retry: the refusal is permanent for this epoch.
 *
 * <p>Writes of one batch may have been partially applied before the refusal; they only touched entries no newer
 * owner had written, so nothing of the newer owner was lost.
 */
public final class StoreFencedException extends StoreException {

    private final String sessionId;
    private final long epoch;

    public StoreFencedException(String sessionId, long epoch) {
        super("session " + sessionId + " is fenced: a newer owner (epoch > " + epoch
                + ") wrote this session's state, so the write at epoch " + epoch + " was refused");
        this.sessionId = sessionId;
        this.epoch = epoch;
    }

    public String sessionId() {
        return sessionId;
    }

    /** The epoch of the refused writer (the one this process opened the session with). */
    public long epoch() {
        return epoch;
    }
}

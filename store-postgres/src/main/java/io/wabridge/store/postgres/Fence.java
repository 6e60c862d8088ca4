package io.wabridge.store.postgres;

import io.wabridge.client.store.StoreFencedException;
import java.util.function.Consumer;

/**
 * The epoch fence of one opened session view, shared by all its stores, with the same behaviour as the MongoDB
 * store's: every row the view writes carries its epoch in {@code epoch} (0 when unfenced), every upsert replaces
 * only a row whose epoch is at most its own ({@code ON CONFLICT ... DO UPDATE ... WHERE t.epoch <= EXCLUDED.epoch}),
 * and every delete matches only such rows. An upsert that changed fewer rows than it sent met a newer owner's row:
 * that is the refusal, found in the same round trip, and the transaction rolls back. A fenced delete changes nothing
 * and is not an error.
 */
final class Fence {

    private final String sessionId;
    private final long epoch;
    private volatile Consumer<? super StoreFencedException> listener;

    Fence(String sessionId, long epoch) {
        this.sessionId = sessionId;
        this.epoch = epoch;
    }

    long epoch() {
        return epoch;
    }

    String sessionId() {
        return sessionId;
    }

    void onFenced(Consumer<? super StoreFencedException> listener) {
        this.listener = listener;
    }

    /** Throws the refusal when an upsert of {@code sent} rows changed only {@code applied}. */
    int check(int applied, int sent) {
        if (applied < sent) {
            throw refused();
        }
        return applied;
    }

    /** The refusal to throw, after telling the listener. */
    StoreFencedException refused() {
        StoreFencedException fenced = new StoreFencedException(sessionId, epoch);
        Consumer<? super StoreFencedException> l = listener;
        if (l != null) {
            l.accept(fenced);
        }
        return fenced;
    }
}

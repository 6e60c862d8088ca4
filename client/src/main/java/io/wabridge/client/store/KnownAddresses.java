package io.wabridge.client.store;

import java.util.HashSet;
import java.util.Set;

/**
 * For a {@link SignalSessionStore} backed by a database: the addresses it knows to have a stored record (a few per
 * session, bounded), so that {@link SignalSessionStore#contains}, which the client asks before it uses a record it
 * flushed itself and a send asks for every target device, is answered without a round trip once a record was seen.
 * Only the lease holder's store writes or deletes the session's records, so a remembered address stays true until
 * that store deletes it; an absent address is always asked again (a record may appear through another path, e.g. a
 * restore). A cache, never the truth: past {@link #MAX} it starts over. Thread-safe.
 */
public final class KnownAddresses {

    /** Known addresses remembered at most per session store. */
    public static final int MAX = 256;

    /** Addresses with a stored record, or null while none is known (an idle session holds nothing). Guarded by this. */
    private Set<SignalAddress> known;

    public synchronized boolean isKnown(SignalAddress address) {
        return known != null && known.contains(address);
    }

    /** {@code address} has a stored record (it was just read or written). */
    public synchronized void remember(SignalAddress address) {
        if (known == null || known.size() >= MAX) {
            known = new HashSet<>(4);
        }
        known.add(address);
    }

    /** {@code address} has no stored record any more, or may not have (call before the delete is sent). */
    public synchronized void forget(SignalAddress address) {
        if (known != null) {
            known.remove(address);
        }
    }

    /** Every device of user {@code name} is being deleted. */
    public synchronized void forgetAll(String name) {
        if (known != null) {
            known.removeIf(a -> a.name().equals(name));
        }
    }

    /** Nothing is known any more (the session's data is being wiped). */
    public synchronized void clear() {
        known = null;
    }
}

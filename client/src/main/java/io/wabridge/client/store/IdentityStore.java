package io.wabridge.client.store;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Remote identity keys (serialized public keys) per address, trust on first use: saving reports whether a
 * previously seen key changed, so the client can warn and drop stale sessions.
 */
public interface IdentityStore {

    Optional<byte[]> load(SignalAddress address);

    /** The keys present among {@code addresses} (one round trip). */
    Map<SignalAddress, byte[]> loadAll(Collection<SignalAddress> addresses);

    /** Stores {@code identityKey} for {@code address} and tells whether it was new, the same, or a change. */
    IdentityChange save(SignalAddress address, byte[] identityKey);

    /** {@link #save} for many addresses in one round trip for reads and one for writes. */
    Map<SignalAddress, IdentityChange> saveAll(Map<SignalAddress, byte[]> identityKeys);

    void delete(SignalAddress address);
}

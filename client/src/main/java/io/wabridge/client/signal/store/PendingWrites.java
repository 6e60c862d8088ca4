package io.wabridge.client.signal.store;

import io.wabridge.client.store.SignalAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.signal.libsignal.protocol.IdentityKey;
import org.signal.libsignal.protocol.state.SessionRecord;

/**
 * The write-behind buffer of one account: what libsignal wrote since the last flush. Owned by the account's serial
 * executor, so plain collections and no locks. Session records are kept as libsignal objects and serialized only
 * when flushed, so a burst of messages with one peer costs one serialization.
 */
final class PendingWrites {

    final Map<SignalAddress, SessionRecord> sessions = new HashMap<>();
    final Set<SignalAddress> deletedSessions = new HashSet<>();
    final Map<SignalAddress, IdentityKey> identities = new HashMap<>();
    final Set<Integer> removedPreKeys = new HashSet<>();

    void storeSession(SignalAddress address, SessionRecord record) {
        sessions.put(address, record);
        deletedSessions.remove(address);
    }

    void deleteSession(SignalAddress address) {
        sessions.remove(address);
        deletedSessions.add(address);
    }

    int size() {
        return sessions.size() + deletedSessions.size() + identities.size() + removedPreKeys.size();
    }

    void clear() {
        sessions.clear();
        deletedSessions.clear();
        identities.clear();
        removedPreKeys.clear();
    }
}

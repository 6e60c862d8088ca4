package io.wabridge.client.signal.store;

import io.wabridge.client.store.SenderKeyName;
import io.wabridge.client.store.SignalAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import io.wabridge.client.signal.ratchet.RatchetRecord;

/**
 * The write-behind buffer of one account: what libsignal wrote since the last flush. Owned by the account's serial
 * executor, so plain collections and no locks. Session records are kept live ({@link RatchetRecord}) and serialized
 * only when flushed, so a burst of messages with one peer costs one parse and one serialization. Identity keys are
 * kept in libsignal's 33-byte form.
 */
final class PendingWrites {

    final Map<SignalAddress, RatchetRecord> sessions = new HashMap<>();
    final Set<SignalAddress> deletedSessions = new HashSet<>();
    final Map<SignalAddress, byte[]> identities = new HashMap<>();
    final Set<Integer> removedPreKeys = new HashSet<>();
    final Map<SenderKeyName, byte[]> senderKeys = new HashMap<>();
    final Set<SenderKeyName> deletedSenderKeys = new HashSet<>();

    void storeSession(SignalAddress address, RatchetRecord record) {
        sessions.put(address, record);
        deletedSessions.remove(address);
    }

    void deleteSession(SignalAddress address) {
        sessions.remove(address);
        deletedSessions.add(address);
    }

    void storeSenderKey(SenderKeyName name, byte[] record) {
        senderKeys.put(name, record);
        deletedSenderKeys.remove(name);
    }

    void deleteSenderKey(SenderKeyName name) {
        senderKeys.remove(name);
        deletedSenderKeys.add(name);
    }

    int size() {
        return sessions.size() + deletedSessions.size() + identities.size() + removedPreKeys.size()
                + senderKeys.size() + deletedSenderKeys.size();
    }

    void clear() {
        sessions.clear();
        deletedSessions.clear();
        identities.clear();
        removedPreKeys.clear();
        senderKeys.clear();
        deletedSenderKeys.clear();
    }
}

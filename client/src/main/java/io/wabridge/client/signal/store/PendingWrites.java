package io.wabridge.client.signal.store;

import io.wabridge.client.signal.ratchet.RatchetRecord;
import io.wabridge.client.store.SenderKeyName;
import io.wabridge.client.store.SignalAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The write-behind buffer of one account: what libsignal wrote since the last flush. Owned by the account's serial
 * executor, so plain collections and no locks. Session records are kept live ({@link RatchetRecord}) and serialized
 * only when flushed, so a burst of messages with one peer costs one parse and one serialization. Identity keys are
 * kept in libsignal's 33-byte form.
 *
 * <p>Every write stamps its key with a new sequence number. A flush copies what is pending together with the stamps
 * ({@link #snapshot()}); once the copy is stored, {@link #committed} drops only the entries whose stamp is still the
 * copied one. So the session may go on writing while a flush is out on another thread: what it wrote meanwhile stays
 * pending for the next flush, and until the flush lands every read still finds the pending entries here.
 */
final class PendingWrites {

    final Map<SignalAddress, RatchetRecord> sessions = new HashMap<>();
    final Set<SignalAddress> deletedSessions = new HashSet<>();
    final Map<SignalAddress, byte[]> identities = new HashMap<>();
    final Set<Integer> removedPreKeys = new HashSet<>();
    final Map<SenderKeyName, byte[]> senderKeys = new HashMap<>();
    final Set<SenderKeyName> deletedSenderKeys = new HashSet<>();

    private final Map<SignalAddress, Long> sessionStamps = new HashMap<>();
    private final Map<SignalAddress, Long> identityStamps = new HashMap<>();
    private final Map<Integer, Long> preKeyStamps = new HashMap<>();
    private final Map<SenderKeyName, Long> senderKeyStamps = new HashMap<>();
    private long sequence;
    /** Store records read ahead for the executor; every write here drops the key's entry there. */
    final ReadAhead readAhead = new ReadAhead();
    /** The flush being written on another thread, or null. */
    private CompletableFuture<Void> inflight;

    void storeSession(SignalAddress address, RatchetRecord record) {
        readAhead.sessions.written(address);
        sessions.put(address, record);
        deletedSessions.remove(address);
        sessionStamps.put(address, ++sequence);
    }

    /** A pending record was handed out live while a flush is out: that flush no longer covers it. */
    void touchSession(SignalAddress address) {
        if (hasInflight()) {
            sessionStamps.put(address, ++sequence);
        }
    }

    void deleteSession(SignalAddress address) {
        readAhead.sessions.written(address);
        sessions.remove(address);
        deletedSessions.add(address);
        sessionStamps.put(address, ++sequence);
    }

    void saveIdentity(SignalAddress address, byte[] identityKey) {
        readAhead.identities.written(address);
        identities.put(address, identityKey);
        identityStamps.put(address, ++sequence);
    }

    void removePreKey(int preKeyId) {
        readAhead.preKeys.written(preKeyId);
        removedPreKeys.add(preKeyId);
        preKeyStamps.put(preKeyId, ++sequence);
    }

    /** A prekey was stored again under an id whose removal was pending: the removal is void. */
    void keepPreKey(int preKeyId) {
        readAhead.preKeys.written(preKeyId);
        if (removedPreKeys.remove(preKeyId)) {
            preKeyStamps.remove(preKeyId);
        }
    }

    void storeSenderKey(SenderKeyName name, byte[] record) {
        readAhead.senderKeys.written(name);
        senderKeys.put(name, record);
        deletedSenderKeys.remove(name);
        senderKeyStamps.put(name, ++sequence);
    }

    void deleteSenderKey(SenderKeyName name) {
        readAhead.senderKeys.written(name);
        senderKeys.remove(name);
        deletedSenderKeys.add(name);
        senderKeyStamps.put(name, ++sequence);
    }

    /** Drops every pending write of a group (its sender keys are deleted in the store at once). */
    void dropGroup(String groupId) {
        readAhead.groupDeleted(groupId);
        senderKeys.keySet().removeIf(name -> name.groupId().equals(groupId));
        deletedSenderKeys.removeIf(name -> name.groupId().equals(groupId));
        senderKeyStamps.keySet().removeIf(name -> name.groupId().equals(groupId));
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
        sessionStamps.clear();
        identityStamps.clear();
        preKeyStamps.clear();
        senderKeyStamps.clear();
    }

    /**
     * What a flush writes, copied (records serialized) so another thread can write it while the session goes on,
     * with the stamps that tell {@link #committed} which entries it covered.
     */
    record Snapshot(Map<SignalAddress, byte[]> identities, Map<SignalAddress, byte[]> sessions,
                    List<SignalAddress> deletedSessions, List<Integer> removedPreKeys,
                    Map<SenderKeyName, byte[]> senderKeys, List<SenderKeyName> deletedSenderKeys,
                    Map<SignalAddress, RatchetRecord> liveSessions, Map<SignalAddress, Long> sessionStamps,
                    Map<SignalAddress, Long> identityStamps, Map<Integer, Long> preKeyStamps,
                    Map<SenderKeyName, Long> senderKeyStamps) {
    }

    Snapshot snapshot() {
        Map<SignalAddress, byte[]> records = new HashMap<>(sessions.size() * 2);
        SessionStoreAdapter.serializeInto(sessions, records);
        return new Snapshot(new HashMap<>(identities), records, new ArrayList<>(deletedSessions),
                new ArrayList<>(removedPreKeys), new HashMap<>(senderKeys), new ArrayList<>(deletedSenderKeys),
                new HashMap<>(sessions), new HashMap<>(sessionStamps), new HashMap<>(identityStamps),
                new HashMap<>(preKeyStamps), new HashMap<>(senderKeyStamps));
    }

    /**
     * The snapshot is stored: drops the entries not written again since it was taken.
     *
     * @return the live session records it stored that are still current (equal to what the store holds)
     */
    Map<SignalAddress, RatchetRecord> committed(Snapshot s) {
        Map<SignalAddress, RatchetRecord> current = new HashMap<>(s.liveSessions().size() * 2);
        s.sessionStamps().forEach((address, stamp) -> {
            if (stamp.equals(sessionStamps.get(address))) {
                sessionStamps.remove(address);
                RatchetRecord live = sessions.remove(address);
                deletedSessions.remove(address);
                if (live != null) {
                    current.put(address, live);
                }
            }
        });
        s.identityStamps().forEach((address, stamp) -> {
            if (stamp.equals(identityStamps.get(address))) {
                identityStamps.remove(address);
                identities.remove(address);
            }
        });
        s.preKeyStamps().forEach((id, stamp) -> {
            if (stamp.equals(preKeyStamps.get(id))) {
                preKeyStamps.remove(id);
                removedPreKeys.remove(id);
            }
        });
        s.senderKeyStamps().forEach((name, stamp) -> {
            if (stamp.equals(senderKeyStamps.get(name))) {
                senderKeyStamps.remove(name);
                senderKeys.remove(name);
                deletedSenderKeys.remove(name);
            }
        });
        return current;
    }

    /** A flush is being written elsewhere until {@code write} completes. */
    void inflight(CompletableFuture<Void> write) {
        inflight = write;
    }

    /** The flush {@code write} has been accounted for. */
    void inflightDone(CompletableFuture<Void> write) {
        if (inflight == write) {
            inflight = null;
        }
    }

    /** Whether a flush is being written on another thread. */
    boolean hasInflight() {
        return inflight != null && !inflight.isDone();
    }

    /**
     * Waits for the flush being written elsewhere (its outcome does not matter: what it did not store is still
     * pending). Called before anything that writes the store directly or flushes synchronously, so the store never
     * sees an older write land after a newer one.
     */
    void awaitInflight() {
        CompletableFuture<Void> write = inflight;
        if (write == null) {
            return;
        }
        try {
            write.join();
        } catch (CompletionException | java.util.concurrent.CancellationException ignored) {
            // what failed is still pending
        }
        inflight = null;
    }
}

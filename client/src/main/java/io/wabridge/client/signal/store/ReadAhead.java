package io.wabridge.client.signal.store;

import io.wabridge.client.store.SenderKeyName;
import io.wabridge.client.store.SignalAddress;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Store records read ahead on the store's I/O executor, so that the session's executor finds what a batch of
 * received messages or a send needs without a round trip of its own ({@link SignalStores#readAhead}). Owned by the
 * account's serial executor: plain collections, no locks.
 *
 * <p>An entry is the store's value ({@link #ABSENT} when the store has none) as read while no write to that key was
 * pending. It is served only while it is still true: every write of the key through the stores (pending or direct)
 * drops it, and a value read by a read-ahead that was out when the key was written is never kept (the read may
 * have seen the store before or after that write). Pending writes are always asked first. Entries live while a
 * read-ahead is open (its batch or send is not done yet): an idle account holds none.
 */
public final class ReadAhead {

    /** The store has no record for the key. */
    static final byte[] ABSENT = new byte[0];

    /**
     * The store has a record for the key, not read (the executor holds it already: a session record a flush just
     * wrote): answers {@link Entries#contains}, while {@link Entries#load} still asks the store.
     */
    static final byte[] PRESENT = new byte[0];

    /** What to read: the session and identity records of devices, one-time prekeys, group sender keys. */
    public record Keys(Set<SignalAddress> sessions, Set<SignalAddress> identities, Set<Integer> preKeys,
                       Set<SenderKeyName> senderKeys) {

        public static Keys create() {
            return new Keys(new LinkedHashSet<>(), new LinkedHashSet<>(), new LinkedHashSet<>(), new LinkedHashSet<>());
        }

        public boolean isEmpty() {
            return sessions.isEmpty() && identities.isEmpty() && preKeys.isEmpty() && senderKeys.isEmpty();
        }

        public int size() {
            return sessions.size() + identities.size() + preKeys.size() + senderKeys.size();
        }
    }

    /** What a read-ahead found, to be kept on the executor ({@link #install}). */
    record Found(long startedAt, Map<SignalAddress, byte[]> sessions, Map<SignalAddress, byte[]> identities,
                 Map<Integer, byte[]> preKeys, Map<SenderKeyName, byte[]> senderKeys) {
    }

    /** The entries of one kind of record, and the keys of that kind written while a read-ahead was open. */
    final class Entries<K> {
        private final Map<K, byte[]> values = new HashMap<>();
        private final Map<K, Long> written = new HashMap<>();

        /** The record read ahead for {@code key}, else the store's ({@code store}: a round trip on this thread). */
        Optional<byte[]> load(K key, Function<K, Optional<byte[]>> store) {
            byte[] value = values.get(key);
            if (value == null || value == PRESENT) {
                return store.apply(key);
            }
            served++;
            return value == ABSENT ? Optional.empty() : Optional.of(value);
        }

        /** Whether {@link #load} answers {@code key} from here (its value or its absence was read ahead). */
        boolean serves(K key) {
            byte[] value = values.get(key);
            return value != null && value != PRESENT;
        }

        /** Whether {@code key} was read ahead. */
        boolean has(K key) {
            return values.containsKey(key);
        }

        /** Whether the store has a record for {@code key}, read ahead or asked ({@code store}). */
        boolean contains(K key, Predicate<K> store) {
            byte[] value = values.get(key);
            if (value == null) {
                return store.test(key);
            }
            served++;
            return value != ABSENT;
        }

        /** The key is written (pending or straight to the store): its entry is no longer the store's value. */
        void written(K key) {
            sequence++;
            values.remove(key);
            if (open > 0) {
                written.put(key, sequence);
            }
        }

        /**
         * The key was just stored by this account's flush: while a read-ahead is open the store is known to hold it
         * ({@link #PRESENT}: a send that read ahead before a commit stored it need not ask), and reads that were out
         * meanwhile are not kept for it.
         */
        void stored(K key) {
            written(key);
            if (open > 0) {
                values.put(key, PRESENT);
            }
        }

        private void keep(Map<K, byte[]> found, long startedAt) {
            found.forEach((key, value) -> {
                Long write = written.get(key);
                if (write == null || write <= startedAt) {
                    values.put(key, value);
                }
            });
        }

        /** Drops the entries that say the store has no record (kept only for the work that asked). */
        private void dropAbsent() {
            values.values().removeIf(v -> v == ABSENT);
        }

        private void clear() {
            values.clear();
            written.clear();
        }
    }

    final Entries<SignalAddress> sessions = new Entries<>();
    final Entries<SignalAddress> identities = new Entries<>();
    final Entries<Integer> preKeys = new Entries<>();
    final Entries<SenderKeyName> senderKeys = new Entries<>();
    private final Map<String, Long> groupsDeleted = new HashMap<>();
    private long sequence;
    private int open;
    private long served;

    /** A read-ahead starts: the sequence its reads are compared against when they are kept. */
    long open() {
        open++;
        return sequence;
    }

    /**
     * A read-ahead's batch or send is done; when none is left open every entry goes. A missing one-time prekey is
     * remembered only for the work that asked (the batch whose pkmsg named it): new prekeys are stored straight by
     * the uploader, not through these stores, so a missing one is dropped at the first close.
     */
    void close() {
        if (open > 0) {
            preKeys.dropAbsent();
        }
        if (open > 0 && --open == 0) {
            sessions.clear();
            identities.clear();
            preKeys.clear();
            senderKeys.clear();
            groupsDeleted.clear();
        }
    }

    /** Where the writes stand now: what a read starting now is compared against when it is kept. */
    long sequence() {
        return sequence;
    }

    int openCount() {
        return open;
    }

    /** Keeps what a read-ahead found, except the keys written since it started (nothing once all are closed). */
    void install(Found found) {
        if (open == 0) {
            return;
        }
        long startedAt = found.startedAt();
        sessions.keep(found.sessions(), startedAt);
        identities.keep(found.identities(), startedAt);
        preKeys.keep(found.preKeys(), startedAt);
        Map<SenderKeyName, byte[]> senderKeysFound = new HashMap<>(found.senderKeys());
        senderKeysFound.keySet().removeIf(name -> {
            Long deleted = groupsDeleted.get(name.groupId());
            return deleted != null && deleted > startedAt;
        });
        senderKeys.keep(senderKeysFound, startedAt);
    }

    /** Every sender key of a group is deleted. */
    void groupDeleted(String groupId) {
        sequence++;
        senderKeys.values.keySet().removeIf(name -> name.groupId().equals(groupId));
        if (open > 0) {
            groupsDeleted.put(groupId, sequence);
        }
    }

    /** Reads answered from here so far (each a store round trip the executor did not make). */
    long served() {
        return served;
    }

    /** Drops the keys of {@code keys} that are known here already. */
    void removeKnown(Keys keys) {
        keys.sessions().removeIf(sessions.values::containsKey);
        keys.identities().removeIf(identities.values::containsKey);
        keys.preKeys().removeIf(preKeys.values::containsKey);
        keys.senderKeys().removeIf(senderKeys.values::containsKey);
    }

    static <K> Map<K, byte[]> withAbsent(Collection<K> wanted, Map<K, byte[]> found) {
        Map<K, byte[]> all = new HashMap<>(wanted.size() * 2);
        for (K key : wanted) {
            byte[] value = found.get(key);
            all.put(key, value == null ? ABSENT : value);
        }
        return all;
    }
}

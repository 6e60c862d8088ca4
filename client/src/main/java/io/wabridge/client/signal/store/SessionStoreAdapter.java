package io.wabridge.client.signal.store;

import io.wabridge.client.signal.SignalAddresses;
import io.wabridge.client.store.SignalAddress;
import io.wabridge.client.store.SignalSessionStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import io.wabridge.client.signal.ratchet.RatchetRecord;
import java.util.Arrays;
import org.signal.libsignal.protocol.InvalidMessageException;
import org.signal.libsignal.protocol.NoSessionException;
import org.signal.libsignal.protocol.SignalProtocolAddress;
import org.signal.libsignal.protocol.state.SessionRecord;
import org.signal.libsignal.protocol.state.SessionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Session records over {@link SignalSessionStore}, for the Java ratchet (live {@link RatchetRecord}s) and for
 * libsignal's session setup (its {@link SessionStore}, converted through the stored bytes, which both read and
 * write alike): reads see pending writes first, writes stay pending.
 */
final class SessionStoreAdapter implements SessionStore {

    private static final Logger LOG = LoggerFactory.getLogger(SessionStoreAdapter.class);

    private final SignalSessionStore store;
    private final PendingWrites pending;
    /**
     * The record libsignal loaded last and its address. Every cipher operation loads the peer's session before it
     * saves the peer's identity, so the identity adapter can compare against the record's remote identity instead
     * of reading the identity store on every message.
     */
    private SignalAddress lastLoadedAddress;
    private RatchetRecord lastLoadedRecord;

    /**
     * Records flushed lately, equal to what the store holds, so the next message with the same peer skips the
     * store's round trip and the parse. A store of the record takes it out (the ratchet changes records in place and
     * stores them at once, and a stored record may be discarded instead of flushed); a load leaves it, so a second
     * load of the same message (a pkmsg that matches none of the session's states, as after an identity change,
     * is loaded again to start the new session) costs no store read either. The flush puts the records it wrote
     * back. A record the store no longer holds (deleted through it) is not served. Bounded: the least recently used
     * go first.
     */
    private final Map<SignalAddress, RatchetRecord> flushed = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<SignalAddress, RatchetRecord> eldest) {
            return size() > FLUSHED_KEPT;
        }
    };

    /** Flushed records kept per account: a few peers' devices (a chat, our own phone's copies). */
    static final int FLUSHED_KEPT = 8;

    SessionStoreAdapter(SignalSessionStore store, PendingWrites pending) {
        this.store = store;
        this.pending = pending;
    }

    @Override
    public SessionRecord loadSession(SignalProtocolAddress address) {
        RatchetRecord record = loadRecord(SignalAddresses.fromProtocolAddress(address));
        return record == null ? null : toLibsignal(record);
    }

    /** The live record (pending first), remembered as the last loaded one; null if none or unreadable. */
    RatchetRecord loadRecord(SignalAddress address) {
        RatchetRecord record = load(address);
        lastLoadedAddress = address;
        lastLoadedRecord = record;
        return record;
    }

    /** The current record, or null; a pending record is the live one, changed in place by the ratchet. */
    RatchetRecord load(SignalAddress address) {
        RatchetRecord record = pending.sessions.get(address);
        if (record != null || pending.deletedSessions.contains(address)) {
            if (record != null) {
                pending.touchSession(address); // the ratchet may change it in place: a flush out now covers it no more
            }
            return record;
        }
        record = flushed.get(address);
        if (record != null && pending.readAhead.sessions.contains(address, store::contains)) { // the store still has it
            return record;
        }
        flushed.remove(address);
        Optional<byte[]> stored = pending.readAhead.sessions.load(address, store::load);
        return stored.isEmpty() ? null : parse(address, stored.get());
    }

    @Override
    public List<SessionRecord> loadExistingSessions(List<SignalProtocolAddress> addresses) throws NoSessionException {
        List<SessionRecord> records = new ArrayList<>(addresses.size());
        for (SignalProtocolAddress address : addresses) {
            RatchetRecord record = load(SignalAddresses.fromProtocolAddress(address));
            if (record == null) {
                throw new NoSessionException("no session with " + address);
            }
            records.add(toLibsignal(record));
        }
        return records;
    }

    /** Every device of {@code name} with a session, pending writes included, ascending. */
    @Override
    public List<Integer> getSubDeviceSessions(String name) {
        TreeSet<Integer> devices = new TreeSet<>(store.deviceIds(name));
        for (SignalAddress address : pending.sessions.keySet()) {
            if (address.name().equals(name)) {
                devices.add(address.deviceId());
            }
        }
        for (SignalAddress address : pending.deletedSessions) {
            if (address.name().equals(name)) {
                devices.remove(address.deviceId());
            }
        }
        return new ArrayList<>(devices);
    }

    @Override
    public void storeSession(SignalProtocolAddress address, SessionRecord record) {
        store(SignalAddresses.fromProtocolAddress(address), RatchetRecord.parse(record.serialize()));
    }

    void store(SignalAddress address, RatchetRecord record) {
        flushed.remove(address);
        pending.storeSession(address, record);
    }

    /** The records a flush just wrote: the next loads find them here. */
    void flushedAll(Map<SignalAddress, RatchetRecord> written) {
        flushed.putAll(written);
        for (SignalAddress address : written.keySet()) { // a send whose read-ahead is open knows the store holds them
            pending.readAhead.sessions.stored(address);
        }
    }

    /** Whether the record of {@code address} is kept as flushed (the store's, if the store still has it). */
    boolean isFlushed(SignalAddress address) {
        return flushed.containsKey(address);
    }

    /** Forgets every flushed record (the store may hold something else now). */
    void forgetFlushed() {
        flushed.clear();
    }

    @Override
    public boolean containsSession(SignalProtocolAddress address) {
        return contains(SignalAddresses.fromProtocolAddress(address));
    }

    boolean contains(SignalAddress address) {
        if (pending.sessions.containsKey(address)) {
            return true;
        }
        return !pending.deletedSessions.contains(address) && pending.readAhead.sessions.contains(address, store::contains);
    }

    @Override
    public void deleteSession(SignalProtocolAddress address) {
        delete(SignalAddresses.fromProtocolAddress(address));
    }

    void delete(SignalAddress address) {
        flushed.remove(address);
        pending.deleteSession(address);
        if (address.equals(lastLoadedAddress)) {
            lastLoadedRecord = null;
        }
    }

    @Override
    public void deleteAllSessions(String name) {
        for (Integer device : getSubDeviceSessions(name)) {
            delete(new SignalAddress(name, device));
        }
    }

    /** Whether the session libsignal just loaded for {@code address} already names {@code identity} as the peer's. */
    boolean loadedSessionTrusts(SignalAddress address, byte[] identity) {
        if (lastLoadedRecord == null || !address.equals(lastLoadedAddress)) {
            return false;
        }
        byte[] remote = lastLoadedRecord.remoteIdentity();
        return remote != null && Arrays.equals(remote, identity);
    }

    /** Drops the reference to the last loaded record, so an idle account holds no session memory. */
    void forgetLastLoaded() {
        lastLoadedAddress = null;
        lastLoadedRecord = null;
    }

    /** Serialized pending records for one batched write. */
    static void serializeInto(Map<SignalAddress, RatchetRecord> records, Map<SignalAddress, byte[]> out) {
        records.forEach((address, record) -> out.put(address, record.serialize()));
    }

    /**
     * A stored record that cannot be read is treated as no session: the peer's next message then fails with
     * "no session", the retry receipt makes it start a new one, and that overwrites the bad record.
     */
    private static RatchetRecord parse(SignalAddress address, byte[] bytes) {
        try {
            return RatchetRecord.parse(bytes);
        } catch (RuntimeException e) {
            LOG.warn("unreadable session record for {}, treating it as absent: {}", address, e.toString());
            return null;
        }
    }

    /** A libsignal copy of a live record, for session setup (rare: a bundle or a new pkmsg). */
    private static SessionRecord toLibsignal(RatchetRecord record) {
        try {
            return new SessionRecord(record.serialize());
        } catch (InvalidMessageException e) {
            throw new IllegalStateException("libsignal cannot read a session record", e);
        }
    }
}

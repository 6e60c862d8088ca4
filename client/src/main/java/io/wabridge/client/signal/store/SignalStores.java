package io.wabridge.client.signal.store;

import io.wabridge.client.signal.CipherStores;
import io.wabridge.client.signal.SignalKeys;
import io.wabridge.client.signal.ratchet.RatchetRecord;
import io.wabridge.client.signal.ratchet.RatchetStore;
import io.wabridge.client.store.AccountStore;
import io.wabridge.client.store.Credentials;
import io.wabridge.client.store.IdentityStore;
import io.wabridge.client.store.PreKeyStore;
import io.wabridge.client.store.SenderKeyStore;
import io.wabridge.client.store.SignalAddress;
import io.wabridge.client.store.SignalSessionStore;
import io.wabridge.client.store.SenderKeyName;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.Objects;
import org.signal.libsignal.protocol.state.IdentityKeyStore;
import org.signal.libsignal.protocol.state.SessionStore;
import org.signal.libsignal.protocol.state.SignedPreKeyStore;

/**
 * One account's libsignal stores over our store SPI, WRITE-BEHIND: what libsignal writes (sessions, peer
 * identities, consumed prekeys) stays in memory until {@link #flush()}, which the message pipeline calls before it
 * acknowledges any inbound message, so an acknowledged message's ratchet state is durable and a crash before the
 * flush just makes the server deliver the unacknowledged messages again. Reads see pending writes first.
 *
 * <p>Not thread-safe by design: one instance per account, used only from the account's serial executor.
 */
public final class SignalStores implements CipherStores {

    private final SignalSessionStore sessionSpi;
    private final IdentityStore identitySpi;
    private final PreKeyStore preKeySpi;
    private final SenderKeyStore senderKeySpi;
    private final PendingWrites pending = new PendingWrites();
    private final SessionStoreAdapter sessions;
    private final IdentityKeyStoreAdapter identities;
    private final PreKeyStoreAdapter preKeys;
    private final SignedPreKeyStoreAdapter signedPreKeys;
    private final SenderKeyStoreAdapter senderKeys;
    private final RatchetStore ratchet = new RatchetStore() {
        @Override
        public RatchetRecord loadRecord(SignalAddress address) {
            return sessions.loadRecord(address);
        }

        @Override
        public void storeRecord(SignalAddress address, RatchetRecord record) {
            sessions.store(address, record);
        }

        @Override
        public boolean isTrustedIdentity(SignalAddress address, byte[] identityKey, boolean sending) {
            return identities.isTrusted(address, identityKey);
        }

        @Override
        public void saveIdentity(SignalAddress address, byte[] identityKey) {
            identities.save(address, identityKey);
        }
    };

    private SignalStores(AccountStore account, Credentials credentials, IdentityPolicy policy,
            IdentityChangeListener listener) {
        this.sessionSpi = account.signalSessions();
        this.identitySpi = account.identities();
        this.preKeySpi = account.preKeys();
        this.senderKeySpi = account.senderKeys();
        this.sessions = new SessionStoreAdapter(sessionSpi, pending);
        this.identities = new IdentityKeyStoreAdapter(SignalKeys.identityKeyPair(credentials.identityKey()),
                credentials.registrationId(), identitySpi, pending, sessions, policy, listener);
        this.preKeys = new PreKeyStoreAdapter(preKeySpi, pending);
        this.signedPreKeys = new SignedPreKeyStoreAdapter(credentials.signedPreKey(), account.signedPreKeys());
        this.senderKeys = new SenderKeyStoreAdapter(account.senderKeys(), pending);
    }

    /** Stores with WhatsApp's identity policy (report changes, accept the new key). */
    public static SignalStores open(AccountStore account, Credentials credentials, IdentityChangeListener listener) {
        return open(account, credentials, IdentityPolicy.ACCEPT_CHANGES, listener);
    }

    public static SignalStores open(AccountStore account, Credentials credentials, IdentityPolicy policy,
            IdentityChangeListener listener) {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(credentials, "credentials");
        return new SignalStores(account, credentials, Objects.requireNonNull(policy, "policy"),
                Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public SessionStore sessionStore() {
        return sessions;
    }

    @Override
    public IdentityKeyStore identityKeyStore() {
        return identities;
    }

    @Override
    public org.signal.libsignal.protocol.state.PreKeyStore preKeyStore() {
        return preKeys;
    }

    @Override
    public SignedPreKeyStore signedPreKeyStore() {
        return signedPreKeys;
    }

    /** The live records and identity policy the Java ratchet works on, over the same pending writes. */
    @Override
    public RatchetStore ratchetStore() {
        return ratchet;
    }

    /** Group sender keys, write-behind over the same pending set as the sessions (see {@link #flush()}). */
    public SenderKeyStore senderKeys() {
        return senderKeys;
    }

    /** Pending writes first, then the store; no libsignal address (a native object with a finalizer) is made. */
    @Override
    public boolean containsSession(SignalAddress address) {
        return sessions.contains(address);
    }

    /**
     * Writes everything pending in batches, in an order that keeps the store consistent at every step: peer
     * identities first (a stored session's peer identity is always stored), then sessions, then the removal of the
     * one-time prekeys those sessions consumed, then group sender keys (their distribution messages came inside those
     * sessions). If a write fails nothing is dropped: the pending set stays as it
     * was and the next flush writes it again (every step is idempotent). Waits for a flush still out first.
     *
     * @throws io.wabridge.client.store.StoreException if the store fails; pending writes are kept
     */
    public void flush() {
        pending.awaitInflight();
        sessions.forgetLastLoaded();
        if (pending.size() == 0) {
            return;
        }
        PendingWrites.Snapshot snapshot = pending.snapshot();
        write(snapshot);
        sessions.flushedAll(pending.committed(snapshot));
    }

    /**
     * {@link #flush()} without blocking the session: what is pending is copied now, written on {@code io} in the same
     * order, and the returned stage completes on {@code session} (the account's serial executor, which must be the
     * caller's) once the pending entries it stored are dropped. Meanwhile the session goes on: reads still find the
     * entries pending, and what it writes stays pending for the next flush. At most one flush is out at a time:
     * the callers keep them apart (the {@link io.wabridge.client.receive.CommitGate}), a synchronous flush or a direct
     * store write waits for it. If the store fails the stage fails and nothing is dropped.
     */
    public CompletableFuture<Void> flushAsync(Executor io, Executor session) {
        if (pending.hasInflight()) {
            return CompletableFuture.failedFuture(new IllegalStateException("a flush is already out"));
        }
        sessions.forgetLastLoaded();
        if (pending.size() == 0) {
            return CompletableFuture.completedFuture(null);
        }
        PendingWrites.Snapshot snapshot = pending.snapshot();
        CompletableFuture<Void> write;
        try {
            write = CompletableFuture.runAsync(() -> write(snapshot), io);
        } catch (RuntimeException e) { // io refused the task (shut down)
            return CompletableFuture.failedFuture(e);
        }
        if (write.isDone()) { // written inline (a direct io executor)
            return completeFlush(write, snapshot);
        }
        pending.inflight(write);
        CompletableFuture<Void> done = new CompletableFuture<>();
        write.whenComplete((ok, failure) -> session.execute(() -> completeFlush(write, snapshot).whenComplete((v, f) -> {
            if (f != null) {
                done.completeExceptionally(f);
            } else {
                done.complete(null);
            }
        })));
        return done;
    }

    /**
     * Reads ahead, on {@code io}, the records of {@code keys} that the executor would otherwise read from the store
     * itself (the keys pending here, or read ahead already, are left out): sessions, then the peer identities of the
     * devices without a session (a new session saves its peer's identity) and those asked for, one-time prekeys and
     * sender keys, one batched store call each. The returned stage completes on {@code session} (the account's
     * serial executor, the caller's) once they are kept for the executor's reads; it fails if the store does.
     * Meanwhile the session goes on. Every call, whatever its outcome, must be followed by one
     * {@link #readAheadDone()} on the executor once the work that needed the records is done (what was read
     * is kept until then, and dropped when no read-ahead is open).
     */
    public CompletableFuture<Void> readAhead(ReadAhead.Keys keys, Executor io, Executor session) {
        return readAhead(keys, io, session, pending.readAhead.open());
    }

    /**
     * {@link #readAhead} within a read-ahead this work opened already (no other {@link #readAheadDone()} is owed):
     * a send reads its group's sender key first, then the sessions of the devices that key's holders leave.
     */
    public CompletableFuture<Void> readAheadMore(ReadAhead.Keys keys, Executor io, Executor session) {
        if (pending.readAhead.openCount() == 0) {
            throw new IllegalStateException("no read-ahead is open");
        }
        return readAhead(keys, io, session, pending.readAhead.sequence());
    }

    private CompletableFuture<Void> readAhead(ReadAhead.Keys keys, Executor io, Executor session, long startedAt) {
        ReadAhead ahead = pending.readAhead;
        keys.sessions().removeIf(a -> pending.sessions.containsKey(a) || pending.deletedSessions.contains(a));
        java.util.Set<SignalAddress> identitiesAsked = new java.util.HashSet<>(keys.identities());
        keys.identities().addAll(keys.sessions());
        keys.identities().removeIf(pending.identities::containsKey);
        keys.preKeys().removeIf(pending.removedPreKeys::contains);
        keys.senderKeys().removeIf(n -> pending.senderKeys.containsKey(n) || pending.deletedSenderKeys.contains(n));
        ahead.removeKnown(keys);
        if (keys.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        // A record this account flushed lately is kept in memory: the read ahead only asks the store whether it still
        // holds it, answered here when the store knows it from memory (the MongoDB and PostgreSQL stores' known
        // addresses), else off the executor. When that is all there is to read, nothing goes to the I/O executor.
        java.util.Set<SignalAddress> flushedKept = new java.util.HashSet<>();
        java.util.Map<SignalAddress, byte[]> knownHeld = new java.util.HashMap<>();
        for (java.util.Iterator<SignalAddress> it = keys.sessions().iterator(); it.hasNext(); ) {
            SignalAddress a = it.next();
            if (!sessions.isFlushed(a)) {
                continue;
            }
            if (sessionSpi.knownToHold(a)) {
                knownHeld.put(a, ReadAhead.PRESENT);
            } else {
                flushedKept.add(a);
            }
            it.remove();
        }
        if (!knownHeld.isEmpty()) { // a held session needs no identity read (unless asked for)
            keys.identities().removeIf(a -> knownHeld.containsKey(a) && !identitiesAsked.contains(a));
            if (keys.isEmpty() && flushedKept.isEmpty()) {
                ahead.install(new ReadAhead.Found(startedAt, knownHeld, java.util.Map.of(), java.util.Map.of(),
                        java.util.Map.of()));
                return CompletableFuture.completedFuture(null);
            }
        }
        CompletableFuture<ReadAhead.Found> read;
        try {
            read = CompletableFuture.supplyAsync(() -> read(keys, flushedKept, knownHeld, identitiesAsked, startedAt), io);
        } catch (RuntimeException e) { // io refused the task (shut down)
            return CompletableFuture.failedFuture(e);
        }
        if (read.isDone()) { // read inline (a direct io executor)
            return keep(read);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        read.whenComplete((ok, failure) -> session.execute(() -> keep(read).whenComplete((v, f) -> {
            if (f != null) {
                done.completeExceptionally(f);
            } else {
                done.complete(null);
            }
        })));
        return done;
    }

    /**
     * Whether loading the sender key {@code name} asks the store nothing: a pending write or delete, or an entry read
     * ahead. On the executor.
     */
    public boolean senderKeyInMemory(SenderKeyName name) {
        return pending.senderKeys.containsKey(name) || pending.deletedSenderKeys.contains(name)
                || pending.readAhead.senderKeys.serves(name);
    }

    /** One {@link #readAhead}'s work is done. */
    public void readAheadDone() {
        pending.readAhead.close();
    }

    /** Reads answered from records read ahead so far (each a store round trip the executor did not make). */
    public long readAheadServed() {
        return pending.readAhead.served();
    }

    private ReadAhead.Found read(ReadAhead.Keys keys, java.util.Set<SignalAddress> flushedKept,
                                 java.util.Map<SignalAddress, byte[]> knownHeld,
                                 java.util.Set<SignalAddress> identitiesAsked, long startedAt) {
        java.util.Map<SignalAddress, byte[]> sessions = keys.sessions().isEmpty() ? new java.util.HashMap<>()
                : ReadAhead.withAbsent(keys.sessions(), sessionSpi.loadAll(keys.sessions()));
        sessions.putAll(knownHeld);
        for (SignalAddress address : flushedKept) { // a store that remembers its addresses answers from memory
            sessions.put(address, sessionSpi.contains(address) ? ReadAhead.PRESENT : ReadAhead.ABSENT);
        }
        java.util.Set<SignalAddress> identityKeys = new java.util.LinkedHashSet<>();
        for (SignalAddress address : keys.identities()) {
            if (identitiesAsked.contains(address) || sessions.get(address) == ReadAhead.ABSENT) {
                identityKeys.add(address);
            }
        }
        java.util.Map<SignalAddress, byte[]> identities = identityKeys.isEmpty() ? java.util.Map.of()
                : ReadAhead.withAbsent(identityKeys, identitySpi.loadAll(identityKeys));
        // a missing prekey (a hostile or stale pkmsg) is kept as missing for the batch that asked only
        // (ReadAhead.close): new ones are stored straight by the uploader, not through these stores
        java.util.Map<Integer, byte[]> preKeys = keys.preKeys().isEmpty() ? java.util.Map.of()
                : ReadAhead.withAbsent(keys.preKeys(), preKeySpi.loadAll(keys.preKeys()));
        java.util.Map<SenderKeyName, byte[]> senderKeys = keys.senderKeys().isEmpty() ? java.util.Map.of()
                : ReadAhead.withAbsent(keys.senderKeys(), senderKeySpi.loadAll(keys.senderKeys()));
        return new ReadAhead.Found(startedAt, sessions, identities, preKeys, senderKeys);
    }

    private CompletableFuture<Void> keep(CompletableFuture<ReadAhead.Found> read) {
        try {
            pending.readAhead.install(read.join());
            return CompletableFuture.completedFuture(null);
        } catch (CompletionException e) {
            return CompletableFuture.failedFuture(e.getCause() != null ? e.getCause() : e);
        }
    }

    private CompletableFuture<Void> completeFlush(CompletableFuture<Void> write, PendingWrites.Snapshot snapshot) {
        pending.inflightDone(write);
        try {
            write.join();
        } catch (CompletionException e) {
            return CompletableFuture.failedFuture(io.wabridge.client.session.Failures.unwrap(e));
        }
        sessions.flushedAll(pending.committed(snapshot));
        return CompletableFuture.completedFuture(null);
    }

    private void write(PendingWrites.Snapshot s) {
        if (!s.identities().isEmpty()) {
            identitySpi.saveAll(s.identities());
        }
        if (!s.sessions().isEmpty()) {
            sessionSpi.storeAll(s.sessions());
        }
        for (SignalAddress address : s.deletedSessions()) {
            sessionSpi.delete(address);
        }
        if (!s.removedPreKeys().isEmpty()) {
            preKeySpi.removeAll(s.removedPreKeys());
        }
        if (!s.senderKeys().isEmpty()) {
            senderKeySpi.storeAll(s.senderKeys());
        }
        for (SenderKeyName name : s.deletedSenderKeys()) {
            senderKeySpi.delete(name);
        }
    }

    /**
     * Drops every pending write, as a process restart would: used when received messages could not be handed
     * off, so their ratchet state must not become durable (the server delivers them again and they decrypt again).
     */
    public void discardPending() {
        pending.awaitInflight();
        sessions.forgetLastLoaded();
        pending.clear();
    }

    /** How many writes wait for {@link #flush()}. */
    public int pendingWrites() {
        return pending.size();
    }
}

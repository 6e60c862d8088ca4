package io.wabridge.client.lid;

import io.wabridge.client.binary.Node;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.jid.JidServer;
import io.wabridge.client.session.OnExecutor;
import io.wabridge.client.signal.SessionAddressing;
import io.wabridge.client.store.LidMappingStore;
import io.wabridge.client.store.LidPnMapping;
import io.wabridge.client.store.StoreFencedException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session's LID &lt;-&gt; phone-number mappings: the coordinator every source feeds ({@link #learn},
 * {@link #learnAll}, {@link #learnFromStanza}) and the Signal cipher asks ({@link #sessionDevice}). A bounded cache
 * (both directions, absent entries included) sits in front of the session's {@link LidMappingStore}; every write of
 * this session goes through here, so the cache never disagrees with the store within one owner. A new or changed
 * mapping is stored at once (one round trip; an unchanged one costs nothing) and reported as
 * {@link ClientEvent.LidMappingLearned}.
 *
 * <p>Runs on the account's serial executor, like the rest of the session's state: not thread-safe.
 */
public final class LidMappings implements SessionAddressing {
    private static final Logger LOG = LoggerFactory.getLogger(LidMappings.class);

    /**
     * Users remembered per session (each direction; absent entries count too): WhatsApp's group cap (1,024
     * participants) and some more, so the passes of a send to the largest group over its device list find every
     * member's mapping in memory instead of reading the store on the executor for each one past the bound.
     */
    public static final int DEFAULT_CACHE_USERS = 1_152;

    /** Where a mapping came from; reported with the event (its {@link #wireName()} in the contract). */
    public enum Source {
        /** A usync answer ({@code <lid val/>} of a {@code <user jid>}). */
        USYNC,
        /** Attributes of a received message ({@code sender_pn}, {@code participant_lid}, {@code peer_recipient_pn}, ...). */
        MESSAGE,
        /** Attributes of a receipt. */
        RECEIPT,
        /** A notification (devices, privacy token, group). */
        NOTIFICATION,
        /** Our own account: pair-success, {@code <success lid>}, or our own usync entry. */
        OWN,
        /** History sync ({@code phoneNumberToLidMappings}, conversations). */
        HISTORY,
        /** App state (contact actions naming both). */
        APP_STATE,
        /** Group metadata (participants with {@code phone_number} / {@code lid}). */
        GROUP;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final LidMappingStore store;
    private final Consumer<ClientEvent> emit;
    private final String sessionId;
    private final LinkedHashMap<Jid, Optional<Jid>> lidByPn;
    private final LinkedHashMap<Jid, Optional<Jid>> pnByLid;
    /** Where new mappings are stored (write-behind) and looked up ahead, or null: at once, on the caller's thread. */
    private java.util.concurrent.Executor io;
    private java.util.concurrent.Executor session;
    /** Mappings learnt whose write is not stored yet (pn user -> lid user, and back): asked before the store. */
    private final Map<Jid, Jid> unstoredLidByPn = new java.util.HashMap<>();
    private final Map<Jid, Jid> unstoredPnByLid = new java.util.HashMap<>();
    /** The last write queued on {@link #io}: store calls run there one after another, in the order learnt. */
    private java.util.concurrent.CompletableFuture<Void> tail = java.util.concurrent.CompletableFuture.completedFuture(null);
    /** Writes queued since the last {@link #stored()}, for it to wait for. */
    private final List<java.util.concurrent.CompletableFuture<Void>> unconfirmed = new ArrayList<>();
    /** Bumped by {@link #clear()} (on the executor): a read ahead or a write queued before it is dropped. */
    private volatile long generation;
    /**
     * Our own phone-number and LID users, once learnt ({@link Source#OWN}): never evicted from the cache (until
     * {@link #clear()}), so a long connection that saw more than the cache's users never reads our own mapping again
     * on the executor (our own devices' stanzas, usync answers and receipts name it all the time).
     */
    private Jid ownPn;
    private Jid ownLid;

    public LidMappings(String sessionId, LidMappingStore store, Consumer<ClientEvent> emit) {
        this(sessionId, store, emit, DEFAULT_CACHE_USERS);
    }

    public LidMappings(String sessionId, LidMappingStore store, Consumer<ClientEvent> emit, int cacheUsers) {
        this.sessionId = sessionId;
        this.store = Objects.requireNonNull(store, "store");
        this.emit = Objects.requireNonNull(emit, "emit");
        this.lidByPn = lru(cacheUsers);
        this.pnByLid = lru(cacheUsers);
    }

    /**
     * Learns that {@code lid} is the LID of phone-number user {@code pn} (devices are dropped; the two may come in
     * either order of the arguments' kinds, anything else is ignored). Stores it and reports it when it is new or
     * replaces another mapping of either side.
     *
     * @return whether it was new or changed
     * @throws StoreFencedException if a newer owner wrote the session (the session must stop)
     */
    public boolean learn(Jid pn, Jid lid, Source source) {
        return learnAll(Map.of(pn, lid), source) > 0;
    }

    /**
     * Learns many mappings, phone-number user to LID user, with one store read and one store write for those not
     * known yet (the way history sync and usync answers come). Pairs that are not a phone number and a LID are
     * skipped.
     *
     * @return how many were new or changed
     */
    public int learnAll(Map<Jid, Jid> pnToLid, Source source) {
        return learning(pnToLid, source).count();
    }

    /**
     * As {@link #learnAll}, and completes (on the session's executor, or at once) once what it learnt is stored, a
     * mapping it found known but whose write is still under way included; fails if that write failed. For writers
     * that must store a mapping as part of a larger unit (an app-state patch's contact action).
     */
    public java.util.concurrent.CompletableFuture<Void> learnStored(Map<Jid, Jid> pnToLid, Source source) {
        return learning(pnToLid, source).stored();
    }

    /** What a learn call did: how many mappings were new or changed, and when they (or known ones not stored yet) are stored. */
    private record Learnt(int count, java.util.concurrent.CompletableFuture<Void> stored) {
        static final Learnt NOTHING = new Learnt(0, java.util.concurrent.CompletableFuture.completedFuture(null));
    }

    private Learnt learning(Map<Jid, Jid> pnToLid, Source source) {
        Objects.requireNonNull(source, "source");
        boolean unstoredKnown = false;
        Map<Jid, Jid> candidates = new LinkedHashMap<>();
        List<Jid> unknown = new ArrayList<>();
        for (Map.Entry<Jid, Jid> e : pnToLid.entrySet()) {
            Jid pn = user(e.getKey(), false);
            Jid lid = user(e.getValue(), true);
            if (pn == null || lid == null) {
                continue;
            }
            if (source == Source.OWN) {
                ownPn = pn; // pinned before it is remembered below or found known here
                ownLid = lid;
            }
            Optional<Jid> cached = lidByPn.get(pn);
            if (cached != null && cached.isPresent() && cached.get().equals(lid)) {
                unstoredKnown |= lid.equals(unstoredLidByPn.get(pn));
                continue; // known: nothing to do
            }
            candidates.put(pn, lid);
            if (cached == null && unstoredLidByPn.containsKey(pn)) {
                remember(pn, unstoredLidByPn.get(pn));
            } else if (cached == null) {
                unknown.add(pn);
            }
        }
        if (candidates.isEmpty()) {
            return unstoredKnown ? new Learnt(0, confirmedOnSession(tail)) : Learnt.NOTHING;
        }
        if (!unknown.isEmpty()) {
            Map<String, String> stored = store.lidsForPns(unknown.stream().map(Jid::toString).toList());
            for (Jid pn : unknown) {
                String lid = stored.get(pn.toString());
                remember(pn, lid == null ? null : Jid.tryParse(lid));
            }
        }
        List<LidPnMapping> writes = new ArrayList<>();
        List<ClientEvent.LidMappingLearned> learned = new ArrayList<>();
        for (Map.Entry<Jid, Jid> e : candidates.entrySet()) {
            Jid pn = e.getKey();
            Jid lid = e.getValue();
            Optional<Jid> before = lidByPn.get(pn);
            if (before != null && before.isPresent() && before.get().equals(lid)) {
                continue; // it was stored already
            }
            writes.add(new LidPnMapping(lid.toString(), pn.toString()));
            learned.add(new ClientEvent.LidMappingLearned(pn, lid, source.wireName(),
                    before == null ? null : before.orElse(null)));
        }
        if (writes.isEmpty()) {
            return unstoredKnown ? new Learnt(0, confirmedOnSession(tail)) : Learnt.NOTHING;
        }
        java.util.concurrent.CompletableFuture<Void> written = write(writes);
        for (ClientEvent.LidMappingLearned l : learned) {
            Optional<Jid> oldPn = pnByLid.get(l.lid());
            if (oldPn != null && oldPn.isPresent() && !oldPn.get().equals(l.pn())) {
                lidByPn.put(oldPn.get(), Optional.empty()); // the store dropped the stale reverse entry too
            }
            if (l.previousLid() != null) {
                pnByLid.put(l.previousLid(), Optional.empty());
            }
            remember(l.pn(), l.lid());
            LOG.debug("[{}] learned {} <-> {} from {}", sessionId, l.pn(), l.lid(), l.source());
            emit.accept(l);
        }
        return new Learnt(learned.size(), confirmedOnSession(written));
    }

    /** {@code write} (the write tail), its outcome seen on the session's executor. */
    private java.util.concurrent.CompletableFuture<Void> confirmedOnSession(java.util.concurrent.CompletableFuture<Void> write) {
        return write.isDone() ? write : onSession(write);
    }

    /**
     * Learns what a stanza's alternate-identity attributes say (a message, receipt or notification):
     * {@code from} with {@code sender_pn}/{@code sender_lid}, {@code participant} with
     * {@code participant_pn}/{@code participant_lid}, {@code recipient} with
     * {@code peer_recipient_pn}/{@code peer_recipient_lid}, and a notification's {@code lid}. Never throws on odd
     * attributes (they are skipped); a fenced store still throws.
     */
    public int learnFromStanza(Node stanza, Source source) {
        Map<Jid, Jid> pairs = pairs(stanza);
        return pairs.isEmpty() ? 0 : learnAll(pairs, source);
    }

    /** The phone-number user &lt;-&gt; LID user pairs a stanza's attributes name (package-visible for tests). */
    static Map<Jid, Jid> pairs(Node stanza) {
        Map<Jid, Jid> pairs = new LinkedHashMap<>(2);
        pair(pairs, stanza.attr("from"), stanza.attr("sender_pn"));
        pair(pairs, stanza.attr("from"), stanza.attr("sender_lid"));
        pair(pairs, stanza.attr("from"), stanza.attr("lid"));
        pair(pairs, stanza.attr("participant"), stanza.attr("participant_pn"));
        pair(pairs, stanza.attr("participant"), stanza.attr("participant_lid"));
        pair(pairs, stanza.attr("recipient"), stanza.attr("peer_recipient_pn"));
        pair(pairs, stanza.attr("recipient"), stanza.attr("peer_recipient_lid"));
        return pairs;
    }

    private static void pair(Map<Jid, Jid> pairs, String a, String b) {
        if (a == null || b == null) {
            return;
        }
        Jid x = Jid.tryParse(a);
        Jid y = Jid.tryParse(b);
        if (x == null || y == null) {
            return;
        }
        if (x.isPn() && y.isLid()) {
            pairs.put(x.toNonAd(), y.toNonAd());
        } else if (x.isLid() && y.isPn()) {
            pairs.put(y.toNonAd(), x.toNonAd());
        }
    }

    /** The LID user of a phone-number user, when known. */
    public Optional<Jid> lidFor(Jid pn) {
        Jid user = user(pn, false);
        if (user == null) {
            return Optional.empty();
        }
        Optional<Jid> cached = lidByPn.get(user);
        if (cached == null) {
            Jid unstored = unstoredLidByPn.get(user);
            cached = unstored != null ? Optional.of(unstored) : store.lidForPn(user.toString()).map(Jid::tryParse);
            remember(user, cached.orElse(null));
        }
        return cached;
    }

    /** The phone-number user of a LID user, when known. */
    public Optional<Jid> pnFor(Jid lid) {
        Jid user = user(lid, true);
        if (user == null) {
            return Optional.empty();
        }
        Optional<Jid> cached = pnByLid.get(user);
        if (cached == null) {
            Jid unstored = unstoredPnByLid.get(user);
            cached = unstored != null ? Optional.of(unstored) : store.pnForLid(user.toString()).map(Jid::tryParse);
            pnByLid.put(user, cached);
            cached.ifPresent(pn -> lidByPn.put(pn, Optional.of(user)));
        }
        return cached;
    }

    /** pn -> lid for those of {@code pns} (users) that have a mapping: cached ones free, the rest in one read. */
    public Map<Jid, Jid> lidsFor(Collection<Jid> pns) {
        Map<Jid, Jid> out = new LinkedHashMap<>();
        List<Jid> unknown = new ArrayList<>();
        for (Jid pn : pns) {
            Jid user = user(pn, false);
            if (user == null) {
                continue;
            }
            Optional<Jid> cached = lidByPn.get(user);
            if (cached == null && unstoredLidByPn.containsKey(user)) {
                cached = Optional.of(unstoredLidByPn.get(user));
                remember(user, cached.get());
            }
            if (cached == null) {
                unknown.add(user);
            } else {
                cached.ifPresent(lid -> out.put(user, lid));
            }
        }
        if (!unknown.isEmpty()) {
            Map<String, String> stored = store.lidsForPns(unknown.stream().map(Jid::toString).toList());
            for (Jid pn : unknown) {
                Jid lid = Jid.tryParse(stored.get(pn.toString()));
                remember(pn, lid);
                if (lid != null) {
                    out.put(pn, lid);
                }
            }
        }
        return out;
    }

    /**
     * The device whose Signal session serves {@code device}: its LID twin (same device number) when the device is
     * a phone-number device whose user's LID is known, else the device itself. Hosted devices keep their own.
     */
    @Override
    public Jid sessionDevice(Jid device) {
        if (!device.isPn() || device.isHosted()) {
            return device;
        }
        Optional<Jid> lid = lidFor(device);
        return lid.map(l -> Jid.ofDevice(l.user(), device.device(), JidServer.LID)).orElse(device);
    }

    /**
     * The message with both identities of its sender where the mappings know the one its stanza did not name (a
     * stanza without {@code sender_lid} from a number whose LID we know, ...); the message itself when nothing is
     * missing or known.
     */
    public ClientEvent.MessageReceived withBothIdentities(ClientEvent.MessageReceived m) {
        Jid pn = m.senderPn();
        Jid lid = m.senderLid();
        if (pn != null && lid == null) {
            lid = lidFor(pn).orElse(null);
        } else if (lid != null && pn == null) {
            pn = pnFor(lid).orElse(null);
        }
        if (pn == m.senderPn() && lid == m.senderLid()) {
            return m;
        }
        return new ClientEvent.MessageReceived(m.id(), m.chat(), m.sender(), pn, lid, m.pushName(), m.timestamp(),
                m.content(), m.message(), m.fromMe());
    }

    /** Forgets the cache (a logout wiped the store). */
    public void clear() {
        lidByPn.clear();
        pnByLid.clear();
        unconfirmed.clear();
        unstoredLidByPn.clear();
        unstoredPnByLid.clear();
        ownPn = null;
        ownLid = null;
        generation++;
    }

    /**
     * Stores new mappings WRITE-BEHIND from now on: the cache has them at once, the store calls run on {@code io}
     * one after another in the order learnt, and {@link #stored()} tells when they are stored; mappings missing from
     * the cache can be looked up ahead ({@link #readAhead}). {@code session} is the account's serial executor, the
     * only caller of this class.
     */
    public void writeBehind(java.util.concurrent.Executor io, java.util.concurrent.Executor session) {
        this.io = Objects.requireNonNull(io, "io");
        this.session = Objects.requireNonNull(session, "session");
    }

    /** Stores {@code writes}: at once, or behind (the returned write completes once stored, on the store's I/O executor). */
    private java.util.concurrent.CompletableFuture<Void> write(List<LidPnMapping> writes) {
        if (io == null) {
            if (writes.size() == 1) {
                store.store(writes.getFirst());
            } else {
                store.storeAll(writes);
            }
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
        for (LidPnMapping w : writes) {
            Jid pn = Jid.tryParse(w.pn());
            Jid lid = Jid.tryParse(w.lid());
            Jid oldLid = unstoredLidByPn.put(pn, lid);
            if (oldLid != null && !oldLid.equals(lid)) {
                unstoredPnByLid.remove(oldLid);
            }
            unstoredPnByLid.put(lid, pn);
        }
        List<LidPnMapping> copy = List.copyOf(writes);
        long gen = generation;
        java.util.concurrent.CompletableFuture<Void> written;
        try {
            written = tail.handle((v, f) -> null).thenRunAsync(() -> {
                if (gen != generation) {
                    return; // logged out meanwhile: the store is wiped
                }
                if (copy.size() == 1) {
                    store.store(copy.getFirst());
                } else {
                    store.storeAll(copy);
                }
            }, io);
        } catch (RuntimeException e) { // io refused the task (shut down)
            written = java.util.concurrent.CompletableFuture.failedFuture(e);
        }
        tail = written;
        unconfirmed.removeIf(w -> w.isDone() && !w.isCompletedExceptionally());
        unconfirmed.add(written);
        written.whenComplete((v, failure) -> session.execute(() -> {
            if (gen != generation) {
                return;
            }
            for (LidPnMapping w : copy) { // stored (or failed: then the store is asked again on the next miss)
                Jid pn = Jid.tryParse(w.pn());
                Jid lid = Jid.tryParse(w.lid());
                if (lid.equals(unstoredLidByPn.get(pn))) {
                    unstoredLidByPn.remove(pn);
                }
                if (pn.equals(unstoredPnByLid.get(lid))) {
                    unstoredPnByLid.remove(lid);
                }
            }
            if (failure != null) {
                LOG.warn("[{}] storing {} LID mapping(s) failed: {}", sessionId, copy.size(), failure.toString());
                lidByPn.clear(); // what the cache says may not be stored: learn it again from the next stanza
                pnByLid.clear();
            }
        }));
        return written;
    }

    /**
     * Completes, on the session's executor, once every mapping learnt so far is stored; fails if one of those writes
     * failed (the inbound pipeline then acknowledges nothing: the stanzas come again and teach them again). At once
     * when nothing is queued or writes are not behind.
     */
    public java.util.concurrent.CompletableFuture<Void> stored() {
        if (unconfirmed.isEmpty()) {
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
        java.util.concurrent.CompletableFuture<Void> all =
                java.util.concurrent.CompletableFuture.allOf(unconfirmed.toArray(new java.util.concurrent.CompletableFuture<?>[0]));
        unconfirmed.clear();
        if (all.isDone() && !all.isCompletedExceptionally()) {
            return all;
        }
        return onSession(all);
    }

    /**
     * Looks up ahead, on the store's I/O executor, the mappings of the users {@code stanzas} name (sender, participant,
     * recipient and their alternate-identity attributes) that the cache does not know, in one read per direction,
     * after the writes queued so far; completes on the session's executor once the cache has them (a user written or
     * looked up meanwhile keeps what it has). At once when all are known or writes are not behind. A failed read
     * fails the stage.
     */
    public java.util.concurrent.CompletableFuture<Void> readAhead(Collection<Node> stanzas) {
        List<Jid> named = new ArrayList<>();
        for (Node stanza : stanzas) {
            for (String attr : NAMED) {
                Jid jid = Jid.tryParse(stanza.attr(attr));
                if (jid != null) {
                    named.add(jid);
                }
            }
        }
        return readAheadUsers(named);
    }

    /**
     * {@link #readAhead} for users named directly (phone-number or LID JIDs, devices allowed; others are ignored): a
     * send looks up its chat's mapping ahead this way.
     */
    public java.util.concurrent.CompletableFuture<Void> readAheadUsers(Collection<Jid> users) {
        if (io == null) {
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
        java.util.Set<String> pns = new java.util.LinkedHashSet<>();
        java.util.Set<String> lids = new java.util.LinkedHashSet<>();
        for (Jid jid : users) {
            Jid pn = user(jid, false);
            Jid lid = user(jid, true);
            if (pn != null && !lidByPn.containsKey(pn) && !unstoredLidByPn.containsKey(pn)) {
                pns.add(pn.toString());
            } else if (lid != null && !pnByLid.containsKey(lid) && !unstoredPnByLid.containsKey(lid)) {
                lids.add(lid.toString());
            }
        }
        if (pns.isEmpty() && lids.isEmpty()) {
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
        long gen = generation;
        java.util.concurrent.CompletableFuture<Map<String, String>[]> read;
        try {
            read = tail.handle((v, f) -> null).thenApplyAsync(v -> {
                @SuppressWarnings("unchecked")
                Map<String, String>[] found = new Map[] {
                        pns.isEmpty() ? Map.of() : store.lidsForPns(pns),
                        lids.isEmpty() ? Map.of() : store.pnsForLids(lids)};
                return found;
            }, io);
        } catch (RuntimeException e) {
            return java.util.concurrent.CompletableFuture.failedFuture(e);
        }
        return onSession(read).thenApply(found -> {
            if (gen == generation) {
                for (String pn : pns) {
                    Jid user = Jid.tryParse(pn);
                    if (!lidByPn.containsKey(user) && !unstoredLidByPn.containsKey(user)) {
                        remember(user, Jid.tryParse(found[0].get(pn)));
                    }
                }
                for (String lid : lids) {
                    Jid user = Jid.tryParse(lid);
                    if (!pnByLid.containsKey(user) && !unstoredPnByLid.containsKey(user)) {
                        Jid pn = Jid.tryParse(found[1].get(lid));
                        pnByLid.put(user, Optional.ofNullable(pn));
                        if (pn != null && !lidByPn.containsKey(pn) && !unstoredLidByPn.containsKey(pn)) {
                            lidByPn.put(pn, Optional.of(user));
                        }
                    }
                }
            }
            return null;
        });
    }

    /**
     * {@link #readAheadUsers} for what {@link #learnFromStanza} would read of {@code stanzas} (receipts,
     * notifications): the mappings of the phone-number users their alternate-identity attributes pair with a LID
     * that the cache does not know, so that learning them then reads nothing on the executor.
     */
    public java.util.concurrent.CompletableFuture<Void> readAheadPairs(Collection<Node> stanzas) {
        java.util.Set<Jid> pns = new java.util.LinkedHashSet<>();
        for (Node stanza : stanzas) {
            pns.addAll(pairs(stanza).keySet());
        }
        return pns.isEmpty() ? java.util.concurrent.CompletableFuture.completedFuture(null) : readAheadUsers(pns);
    }

    /** The attributes of a stanza that name a user whose mapping a receive may ask. */
    private static final List<String> NAMED = List.of("from", "participant", "recipient", "sender_pn", "sender_lid",
            "participant_pn", "participant_lid", "peer_recipient_pn", "peer_recipient_lid");

    /** {@code stage}, completed on the session's executor. */
    private <T> java.util.concurrent.CompletableFuture<T> onSession(java.util.concurrent.CompletableFuture<T> stage) {
        return OnExecutor.relay(stage, session);
    }

    private void remember(Jid pn, Jid lid) {
        lidByPn.put(pn, Optional.ofNullable(lid));
        if (lid != null) {
            pnByLid.put(lid, Optional.of(pn));
        }
    }

    /** The user JID (no device) of a phone-number ({@code lid == false}) or LID user, or null if it is neither. */
    private static Jid user(Jid jid, boolean lid) {
        if (jid == null || jid.isHosted()) {
            return null;
        }
        if (lid ? !jid.isLid() : !jid.isPn()) {
            return null;
        }
        return jid.toNonAd();
    }

    /** Whether {@code user} is our own phone-number or LID user (kept in the cache whatever its age). */
    private boolean pinned(Jid user) {
        return user.equals(ownPn) || user.equals(ownLid);
    }

    /** A least-recently-used cache of {@code max} users that never evicts our own ({@link #pinned}). */
    private LinkedHashMap<Jid, Optional<Jid>> lru(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("cache size must be positive");
        }
        return new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Jid, Optional<Jid>> eldest) {
                if (size() <= max || !pinned(eldest.getKey())) {
                    return size() > max;
                }
                // our own user is the eldest: evict the next eldest instead (at most two entries are skipped)
                var it = entrySet().iterator();
                while (it.hasNext()) {
                    if (!pinned(it.next().getKey())) {
                        it.remove();
                        break;
                    }
                }
                return false;
            }
        };
    }
}

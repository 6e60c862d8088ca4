package io.wabridge.client.appstate;

import io.wabridge.client.session.OnExecutor;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.wabridge.client.binary.Node;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.stanza.IqErrorException;
import io.wabridge.client.store.AppStateKeyStore;
import io.wabridge.client.store.AppStateSyncKey;
import io.wabridge.client.store.AppStateVersion;
import io.wabridge.client.store.AppStateVersionStore;
import io.wabridge.proto.wa.AppStateSyncKeyId;
import io.wabridge.proto.wa.AppStateSyncKeyRequest;
import io.wabridge.proto.wa.AppStateSyncKeyShare;
import io.wabridge.proto.wa.ExternalBlobReference;
import io.wabridge.proto.wa.SyncdMutation;
import io.wabridge.proto.wa.SyncdMutations;
import io.wabridge.proto.wa.SyncdPatch;
import io.wabridge.proto.wa.SyncdSnapshot;
import io.wabridge.proto.wa.SyncdVersion;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app-state coordinator of one session. Call every method on the session's serial executor; the futures it
 * returns complete there too.
 *
 * <ul>
 * <li>{@link #onKeyShare}: stores the keys the primary shares, then syncs every collection (and first of all those
 *     waiting for a key).</li>
 * <li>{@link #onServerSync}: a {@code <notification type="server_sync">} names collections that changed: syncs them.</li>
 * <li>{@link #sync}: fetches patches (or a snapshot when the collection is new or broken) until the server has no
 *     more, verifies each, and applies each as one unit: what its mutations change is stored first (by the
 *     {@link Listener#applied listener}), then its version, LTHash and value MACs in one store write; when the first
 *     part fails ({@link AppStateException.Kind#STORE}) the version stays and the next sync applies the patch again:
 *     a push, or the retry after a growing wait ({@link AppStateSettings}: 30 s, 1 min, 2 min ... up to 15 min, then
 *     every 15 min; one timer per collection, reset once a patch of it is stored). A missing key parks the collection
 *     (nothing applied, so nothing is lost: the server serves the same patches again) and asks our other devices for the key, at most once a day per key. A MAC or LTHash mismatch is
 *     reported with the collection and version, and the collection is rebuilt from a snapshot (at most
 *     {@link #MAX_SNAPSHOT_ATTEMPTS} times in a row). When the snapshot itself fails (or the patches after it fail
 *     again), the collection is marked <b>fatal</b> ({@link Listener#fatal}): it is not fetched again (a server_sync
 *     would serve the same broken data) until the primary shares a new key or {@link #resync} asks for it; the other
 *     collections keep syncing.</li>
 * <li>{@link #send}: encodes our own actions as a patch on the collection's current state and sends it; a 409 (the
 *     server has newer patches) syncs and retries once.</li>
 * </ul>
 */
public final class AppStateSync {
    private static final Logger LOG = LoggerFactory.getLogger(AppStateSync.class);

    static final String XMLNS = "w:sync:app:state";
    public static final int MAX_SNAPSHOT_ATTEMPTS = 2;
    static final Duration KEY_REQUEST_INTERVAL = Duration.ofHours(24);
    /** Fetch rounds per sync (has_more_patches pages); a server that never stops gets cut off here. */
    static final int MAX_ROUNDS = 100;

    /** What the coordinator needs from the connection. */
    public interface Link {
        /** Sends an iq and completes with its result (fails with {@link IqErrorException} on an error answer). */
        CompletableFuture<Node> sendIq(Node iq);

        /** Downloads, verifies and decrypts an app-state blob ("WhatsApp App State Keys", md-app-state). */
        CompletableFuture<byte[]> download(ExternalBlobReference blob);

        /** Sends an APP_STATE_SYNC_KEY_REQUEST protocol message to our own devices. */
        CompletableFuture<Void> requestKeys(AppStateSyncKeyRequest request);
    }

    /** Where results go (on the session executor). */
    public interface Listener {
        void changed(AppStateChange change);

        /** A patch or snapshot could not be applied; {@code recovering}: a key request or snapshot resync is under way. */
        void failed(AppStateException error, boolean recovering);

        /** The collection is marked fatal after this error (see {@link #resync}). */
        default void fatal(AppStateException error) {
            failed(error, false);
        }

        /**
         * The changes of one patch or snapshot (or of our own patch the server took), before its version and LTHash
         * are stored: completes (on the session executor) once everything they change is stored. Only then is the
         * collection's new version stored; when it fails, the collection stays at its previous version and LTHash,
         * so the next sync applies the patch again (applying one twice changes nothing more). Default: reports each
         * with {@link #changed}, done at once.
         */
        default CompletableFuture<Void> applied(List<AppStateChange> changes) {
            changes.forEach(this::changed);
            return CompletableFuture.completedFuture(null);
        }
    }

    private final String sessionId;
    private final AppStateKeyStore keyStore;
    private final AppStateVersionStore versions;
    private final Executor executor;
    private final Link link;
    private final Listener listener;
    private final Clock clock;
    private final PatchDecoder decoder;
    private final PatchEncoder encoder;
    private final Map<Bytes, MutationKeys> derived = new HashMap<>();
    private final Map<Bytes, Instant> keyRequested = new HashMap<>();
    private final Set<String> waitingForKey = new HashSet<>();
    private final Set<String> needsSnapshot = new HashSet<>();
    private final Set<String> fatal = new HashSet<>();
    private final Map<String, CompletableFuture<Void>> running = new HashMap<>();
    private final Set<String> again = new HashSet<>();
    private final AppStateSettings settings;
    /** STORE failures in a row per collection (reset once a patch of it is stored); on the executor. */
    private final Map<String, Integer> storeFailures = new HashMap<>();
    /** The pending STORE retry of each collection: a timer runs only while its token is still the one here. */
    private final Map<String, Object> storeRetries = new HashMap<>();
    private final LongAdder applied = new LongAdder();
    private final LongAdder errors = new LongAdder();

    public AppStateSync(String sessionId, AppStateKeyStore keyStore, AppStateVersionStore versions, Executor executor,
                        Link link, Listener listener, Clock clock, SecureRandom random, AppStateSettings settings) {
        this.sessionId = sessionId;
        this.settings = java.util.Objects.requireNonNull(settings, "settings");
        this.keyStore = keyStore;
        this.versions = versions;
        this.executor = executor;
        this.link = link;
        this.listener = listener;
        this.clock = clock;
        this.decoder = new PatchDecoder(this::keys);
        this.encoder = new PatchEncoder(random);
    }

    /** Mutations applied so far (for metrics). */
    public long mutationsApplied() {
        return applied.sum();
    }

    /** Patches or snapshots refused so far (for metrics). */
    public long failures() {
        return errors.sum();
    }

    /**
     * The session logged in: with a key already, every collection syncs (what changed while we were away). Whether
     * a key is stored is asked on {@code io} (the store I/O executor), the sync started back on the executor.
     */
    public void connected(Executor io) {
        OnExecutor.storeCall(() -> keyStore.latest().isPresent(), io, executor).whenComplete((has, failure) -> {
            if (failure != null) {
                LOG.warn("[{}] app-state key check at login failed: {}", sessionId, failure.toString());
            } else if (has) {
                sync(EnumSet.allOf(AppStateCollection.class));
            }
        });
    }

    /**
     * The account logged out (its store is being wiped): forgets what this account's app state left here (derived keys,
     * key requests, collections waiting for a key, marked fatal or for a snapshot, STORE failures in a row) and calls
     * off the pending STORE retries (their timers find no token and do nothing: no sync after the logout). On the
     * executor.
     */
    public void reset() {
        storeRetries.clear();
        storeFailures.clear();
        derived.clear();
        keyRequested.clear();
        waitingForKey.clear();
        needsSnapshot.clear();
        fatal.clear();
        again.clear();
    }

    // ---- keys ----

    /** Stores the shared keys (before the message is acknowledged), then syncs every collection. */
    public CompletableFuture<Void> onKeyShare(AppStateSyncKeyShare share) {
        List<AppStateSyncKey> keys = new ArrayList<>(share.getKeysCount());
        for (var k : share.getKeysList()) {
            byte[] id = k.getKeyId().getKeyId().toByteArray();
            if (id.length == 0 || !k.getKeyData().hasKeyData()) {
                LOG.warn("[{}] app-state key share with an empty key id or no key data: skipped", sessionId);
                continue;
            }
            keys.add(new AppStateSyncKey(id, k.getKeyData().getKeyData().toByteArray(),
                    k.getKeyData().getFingerprint().toByteArray(), k.getKeyData().getTimestamp()));
        }
        if (keys.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        keyStore.storeAll(keys);
        LOG.info("[{}] stored {} app-state sync key(s)", sessionId, keys.size());
        waitingForKey.clear();
        if (!fatal.isEmpty()) {
            LOG.info("[{}] a new app-state key: retrying the collections marked fatal {} from a snapshot", sessionId, fatal);
            needsSnapshot.addAll(fatal);
            fatal.clear();
        }
        return sync(EnumSet.allOf(AppStateCollection.class));
    }

    private Optional<MutationKeys> keys(byte[] keyId) {
        Bytes ref = new Bytes(keyId);
        MutationKeys k = derived.get(ref);
        if (k == null) {
            Optional<AppStateSyncKey> stored = keyStore.load(keyId);
            if (stored.isEmpty()) {
                return Optional.empty();
            }
            k = MutationKeys.derive(stored.get().keyData());
            derived.put(ref, k);
        }
        return Optional.of(k);
    }

    private void requestKey(byte[] keyId) {
        Bytes ref = new Bytes(keyId);
        Instant last = keyRequested.get(ref);
        Instant now = clock.instant();
        if (last != null && last.plus(KEY_REQUEST_INTERVAL).isAfter(now)) {
            return;
        }
        keyRequested.put(ref, now);
        link.requestKeys(AppStateSyncKeyRequest.newBuilder()
                .addKeyIds(AppStateSyncKeyId.newBuilder().setKeyId(ByteString.copyFrom(keyId))).build())
                .whenComplete((ok, failure) -> {
                    if (failure != null) {
                        LOG.warn("[{}] could not ask our devices for an app-state key: {}", sessionId, failure.toString());
                    }
                });
    }

    // ---- incoming ----

    /** {@code <notification type="server_sync"><collection name version/>..}: syncs the named collections. */
    public CompletableFuture<Void> onServerSync(Node notification) {
        Set<AppStateCollection> names = EnumSet.noneOf(AppStateCollection.class);
        for (Node c : notification.children("collection")) {
            AppStateCollection.of(c.attr("name", "")).ifPresentOrElse(names::add,
                    () -> LOG.debug("[{}] server_sync for an unknown collection {}", sessionId, c.attr("name")));
        }
        return sync(names);
    }

    /** Syncs these collections (one after the other); completes when all are done, never exceptionally. */
    public CompletableFuture<Void> sync(Set<AppStateCollection> collections) {
        CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
        for (AppStateCollection c : collections) {
            all = all.thenCompose(ignored -> syncOne(c.wireName()));
        }
        return all;
    }

    /** The collections marked fatal (a snapshot that failed), for metrics and tests. On the executor. */
    public Set<String> fatalCollections() {
        return Set.copyOf(fatal);
    }

    /**
     * Fetches {@code collections} again from a snapshot (empty: those marked fatal, or all five when none is), even
     * those marked fatal. Any thread. Completes (never exceptionally) with the collections still marked fatal
     * afterwards.
     */
    public CompletableFuture<Set<String>> resync(Set<AppStateCollection> collections) {
        return CompletableFuture.supplyAsync(() -> {
            Set<AppStateCollection> chosen = EnumSet.noneOf(AppStateCollection.class);
            if (collections.isEmpty()) {
                fatal.forEach(name -> AppStateCollection.of(name).ifPresent(chosen::add));
                if (chosen.isEmpty()) {
                    chosen.addAll(EnumSet.allOf(AppStateCollection.class));
                }
            } else {
                chosen.addAll(collections);
            }
            for (AppStateCollection c : chosen) {
                fatal.remove(c.wireName());
                needsSnapshot.add(c.wireName());
            }
            LOG.info("[{}] app-state resync of {} asked for", sessionId, chosen);
            return chosen;
        }, executor).thenCompose(chosen -> sync(chosen).thenApplyAsync(ignored -> {
            Set<String> still = new HashSet<>();
            chosen.forEach(c -> {
                if (fatal.contains(c.wireName())) {
                    still.add(c.wireName());
                }
            });
            return Set.copyOf(still);
        }, executor));
    }

    /** One sync per collection at a time: a request during a running one makes it run once more at its end. */
    private CompletableFuture<Void> syncOne(String name) {
        CompletableFuture<Void> current = running.get(name);
        if (current != null) {
            again.add(name);
            return current;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        running.put(name, done);
        rounds(name, 0, 0).whenCompleteAsync((ok, failure) -> {
            running.remove(name);
            if (failure != null) {
                LOG.warn("[{}] app-state sync of {} failed: {}", sessionId, name, unwrap(failure).toString());
            }
            if (again.remove(name)) {
                syncOne(name).whenComplete((o, f) -> done.complete(null));
            } else {
                done.complete(null);
            }
        }, executor);
        return done;
    }

    private CompletableFuture<Void> rounds(String name, int round, int snapshotAttempts) {
        if (round >= MAX_ROUNDS) {
            LOG.warn("[{}] app-state sync of {} stopped after {} rounds of has_more_patches", sessionId, name, round);
            return CompletableFuture.completedFuture(null);
        }
        if (waitingForKey.contains(name) || fatal.contains(name)) {
            return CompletableFuture.completedFuture(null);
        }
        Optional<AppStateVersion> state = needsSnapshot.contains(name) ? Optional.empty() : versions.load(name);
        boolean snapshot = state.isEmpty(); // a resync, or the first sync: the server answers with a snapshot
        return link.sendIq(fetchIq(name, state)).thenComposeAsync(response -> {
            Node collection = collectionOf(response, name);
            if (collection == null) {
                return CompletableFuture.completedFuture(false);
            }
            if ("error".equals(collection.attr("type"))) {
                Node error = collection.child("error");
                String code = error == null ? "?" : error.attr("code", "?");
                throw new CompletionException(new IllegalStateException("server refused the fetch of " + name + ": error " + code));
            }
            boolean more = "true".equals(collection.attr("has_more_patches"));
            return applyResponse(name, collection, state).thenApply(ok -> more);
        }, executor).handleAsync((more, failure) -> {
            if (failure == null) {
                if (snapshot) {
                    needsSnapshot.remove(name);
                }
                return Boolean.TRUE.equals(more) ? rounds(name, round + 1, snapshotAttempts) : CompletableFuture.<Void>completedFuture(null);
            }
            Throwable cause = unwrap(failure);
            if (!(cause instanceof AppStateException e)) {
                return CompletableFuture.<Void>failedFuture(cause);
            }
            errors.increment();
            switch (e.kind()) {
                case STORE -> {
                    // nothing verified wrong: the next sync fetches from the version kept (a server push, the next
                    // login, or the retry storeFailed schedules, whichever comes first)
                    storeFailed(name, e);
                    return CompletableFuture.<Void>completedFuture(null);
                }
                case MISSING_KEY -> {
                    waitingForKey.add(name);
                    requestKey(e.keyId());
                    LOG.info("[{}] {}: waiting for the key", sessionId, e.getMessage());
                    listener.failed(e, true);
                    return CompletableFuture.<Void>completedFuture(null);
                }
                default -> {
                    // a broken snapshot comes again on the next fetch: only patches are worth a snapshot
                    boolean retry = !snapshot && snapshotAttempts < MAX_SNAPSHOT_ATTEMPTS;
                    needsSnapshot.add(name); // whatever comes next starts from a snapshot
                    if (!retry) {
                        fatal.add(name);
                        LOG.warn("[{}] {}: collection marked fatal (not synced until a new key or a resync)",
                                sessionId, e.getMessage());
                        listener.fatal(e);
                        return CompletableFuture.<Void>completedFuture(null);
                    }
                    LOG.warn("[{}] {}: resyncing from a snapshot", sessionId, e.getMessage());
                    listener.failed(e, true);
                    return rounds(name, round + 1, snapshotAttempts + 1);
                }
            }
        }, executor).thenCompose(f -> f);
    }

    /** The snapshot (if any), then the patches in order, each applied as one unit. */
    private CompletableFuture<Void> applyResponse(String name, Node collection, Optional<AppStateVersion> before) {
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        Node snapshotNode = collection.child("snapshot");
        long listed = parseLong(collection.attr("version"), 0);
        if (snapshotNode != null && snapshotNode.bytes() != null) {
            ExternalBlobReference ref = parse(name, listed, () -> ExternalBlobReference.parseFrom(snapshotNode.bytes()));
            chain = link.download(ref).thenComposeAsync(bytes -> {
                SyncdSnapshot snapshot = parse(name, listed, () -> SyncdSnapshot.parseFrom(bytes));
                return commit(name, call(() -> decoder.snapshot(name, snapshot)), true);
            }, executor);
        }
        Node patchesNode = collection.child("patches");
        List<Node> patchNodes = (patchesNode != null ? patchesNode : collection).children("patch");
        for (Node patchNode : patchNodes) {
            chain = chain.thenComposeAsync(ignored -> {
                if (patchNode.bytes() == null) {
                    return CompletableFuture.completedFuture(null);
                }
                SyncdPatch parsed = parse(name, listed, () -> SyncdPatch.parseFrom(patchNode.bytes()));
                AppStateVersion current = versions.load(name).orElse(new AppStateVersion(name, 0, LtHash.empty()));
                SyncdPatch patch = parsed.hasVersion() ? parsed
                        : parsed.toBuilder().setVersion(SyncdVersion.newBuilder().setVersion(current.version() + 1)).build();
                if (patch.getVersion().getVersion() <= current.version()) {
                    return CompletableFuture.completedFuture(null); // applied already (ours, or a repeated page)
                }
                CompletableFuture<List<SyncdMutation>> mutations = patch.hasExternalMutations()
                        ? link.download(patch.getExternalMutations()).thenApply(bytes -> parse(name, patch.getVersion().getVersion(),
                                () -> SyncdMutations.parseFrom(bytes)).getMutationsList())
                        : CompletableFuture.completedFuture(patch.getMutationsList());
                return mutations.thenComposeAsync(list -> {
                    AppStateVersion now = versions.load(name).orElse(new AppStateVersion(name, 0, LtHash.empty()));
                    return commit(name, call(() -> decoder.patch(name, now, patch, list,
                            macs -> versions.loadValueMacs(name, macs))), false);
                }, executor);
            }, executor);
        }
        return chain;
    }

    /**
     * Applies a verified patch or snapshot as one unit: first what its mutations change (the listener stores chats,
     * labels, stars, names), then, once all of that is stored, the collection's new version, LTHash and value MACs in
     * one store write. A crash or a failed write in between leaves the previous version stored: the next sync fetches
     * and applies the patch again (each mutation sets a value, so applying it twice is harmless), and no stored
     * version ever claims changes the store does not hold. Fails with {@link AppStateException.Kind#STORE} when the
     * listener's writes failed.
     */
    private CompletableFuture<Void> commit(String name, PatchDecoder.Result result, boolean snapshot) {
        long version = result.next().version();
        List<AppStateChange> changes = new ArrayList<>(result.mutations().size());
        for (Mutation m : result.mutations()) {
            changes.add(AppStateChange.of(m, version, snapshot));
        }
        CompletableFuture<Void> derived;
        try {
            derived = listener.applied(changes);
        } catch (RuntimeException e) {
            LOG.warn("[{}] app-state listener threw on {} v{}", sessionId, name, version, e);
            derived = CompletableFuture.completedFuture(null);
        }
        return derived.handleAsync((ok, failure) -> {
            if (failure != null) {
                throw new CompletionException(new AppStateException(AppStateException.Kind.STORE, name, version,
                        "what the " + (snapshot ? "snapshot" : "patch") + " changes was not stored (" + unwrap(failure)
                                + "): the collection stays at its previous version; the next sync applies it again", null));
            }
            if (!result.replace() && versions.load(name).map(AppStateVersion::version).orElse(0L) >= version) {
                // our own patch, applied meanwhile by a sync that fetched it from the server (or later ones were):
                // storing it now would take the collection back
                LOG.debug("[{}] {} v{} is stored already", sessionId, name, version);
                return null;
            }
            versions.apply(result.next(), result.replace(), result.removes(), result.puts());
            applied.add(result.mutations().size());
            if (storeFailures.remove(name) != null) {
                storeRetries.remove(name); // a pending retry has nothing left to do
                LOG.info("[{}] {} v{} stored: the store takes the collection's changes again", sessionId, name, version);
            }
            return null;
        }, executor);
    }

    /**
     * What a patch of {@code name} changes could not be stored: counted (failures in a row), reported with the
     * attempt and the wait, and the collection synced again after that wait (doubling from
     * {@link AppStateSettings#storeRetry()} up to {@link AppStateSettings#storeRetryMax()}, then at that interval). A
     * failure while a retry is pending replaces it: one timer per collection, never a tight loop.
     */
    private void storeFailed(String name, AppStateException e) {
        int attempt = storeFailures.merge(name, 1, Integer::sum);
        Duration wait = settings.storeRetryAfter(attempt);
        boolean capped = wait.equals(settings.storeRetryMax());
        AppStateException reported = e.retrying(attempt, wait, capped);
        LOG.warn("[{}] {}", sessionId, reported.getMessage());
        listener.failed(reported, true);
        Object token = new Object();
        storeRetries.put(name, token);
        CompletableFuture.runAsync(() -> {
            if (storeRetries.remove(name, token)) {
                syncOne(name);
            }
        }, CompletableFuture.delayedExecutor(wait.toMillis(), TimeUnit.MILLISECONDS, executor));
    }

    // ---- outgoing ----

    /**
     * Sends our actions, one patch per collection. Completes once the server accepted them and they are applied
     * here too (and reported like incoming ones); fails with {@link AppStateException} (no key yet) or the server's
     * error.
     */
    public CompletableFuture<Void> send(List<ChatAction> actions) {
        Map<AppStateCollection, List<ChatAction>> byCollection = new LinkedHashMap<>();
        for (ChatAction a : actions) {
            byCollection.computeIfAbsent(a.collection(), c -> new ArrayList<>()).add(a);
        }
        CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
        for (var e : byCollection.entrySet()) {
            all = all.thenCompose(ignored -> sendOne(e.getKey(), e.getValue(), true));
        }
        return all;
    }

    private CompletableFuture<Void> sendOne(AppStateCollection collection, List<ChatAction> actions, boolean retryOnConflict) {
        String name = collection.wireName();
        Optional<AppStateSyncKey> key = keyStore.latest();
        if (key.isEmpty()) {
            return CompletableFuture.failedFuture(new AppStateException(AppStateException.Kind.MISSING_KEY, name, 0,
                    "no app-state sync key yet (the primary shares them after linking)", null));
        }
        AppStateVersion current = versions.load(name).orElse(new AppStateVersion(name, 0, LtHash.empty()));
        PatchEncoder.Encoded encoded;
        try {
            encoded = encoder.encode(collection, current, actions, key.get().keyId(), keys(key.get().keyId()).orElseThrow(),
                    clock.millis(), macs -> versions.loadValueMacs(name, macs), decoder);
        } catch (AppStateException e) {
            return CompletableFuture.failedFuture(e);
        }
        Node iq = Node.builder("iq").attr("to", Jid.SERVER).attr("type", "set").attr("xmlns", XMLNS)
                .child(Node.builder("sync").child(Node.builder("collection").attr("name", name)
                        .attr("version", current.version()).attr("return_snapshot", "false")
                        .child(Node.builder("patch").bytes(encoded.patch().toByteArray()).build()).build()).build()).build();
        return link.sendIq(iq).handleAsync((response, failure) -> {
            int code = failure != null && unwrap(failure) instanceof IqErrorException iqe ? iqe.code() : 0;
            if (failure == null) {
                Node c = collectionOf(response, name);
                if (c != null && "error".equals(c.attr("type"))) {
                    Node error = c.child("error");
                    code = error == null ? 500 : (int) parseLong(error.attr("code"), 500);
                }
            }
            if (failure == null && code == 0) {
                // the server took it at current+1 unless another device got in between (then our state would not match)
                AppStateVersion now = versions.load(name).orElse(current);
                if (now.version() == current.version()) {
                    // not stored here: the retry storeFailed schedules fetches our own patch from the server and
                    // applies it again (not a sync at once: it would fail on the same store and count a second failure)
                    return commit(name, encoded.result(), false).handle((ok, f) -> {
                        if (f == null) {
                            return syncOne(name);
                        }
                        if (unwrap(f) instanceof AppStateException e) {
                            errors.increment();
                            storeFailed(name, e);
                            return CompletableFuture.<Void>completedFuture(null);
                        }
                        return syncOne(name);
                    }).thenCompose(f -> f);
                }
                return syncOne(name);
            }
            if (code == 409 && retryOnConflict) {
                LOG.info("[{}] {} changed on the server meanwhile (409): syncing, then sending again", sessionId, name);
                return syncOne(name).thenCompose(ignored -> sendOne(collection, actions, false));
            }
            return CompletableFuture.<Void>failedFuture(failure != null && code == 0 ? unwrap(failure)
                    : new AppStateException(AppStateException.Kind.REJECTED, name, current.version() + 1,
                            "the server refused the patch: error " + code, null));
        }, executor).thenCompose(f -> f);
    }

    // ---- helpers ----

    static Node fetchIq(String name, Optional<AppStateVersion> state) {
        var collection = Node.builder("collection").attr("name", name);
        if (state.isPresent()) {
            collection.attr("version", state.get().version()).attr("return_snapshot", "false");
        } else {
            collection.attr("return_snapshot", "true");
        }
        return Node.builder("iq").attr("to", Jid.SERVER).attr("type", "set").attr("xmlns", XMLNS)
                .child(Node.builder("sync").child(collection.build()).build()).build();
    }

    private static Node collectionOf(Node response, String name) {
        Node sync = response == null ? null : response.child("sync");
        if (sync == null) {
            return null;
        }
        for (Node c : sync.children("collection")) {
            if (name.equals(c.attr("name"))) {
                return c;
            }
        }
        return null;
    }

    private interface ProtoParse<T> {
        T parse() throws InvalidProtocolBufferException;
    }

    private static <T> T parse(String name, long version, ProtoParse<T> p) {
        try {
            return p.parse();
        } catch (InvalidProtocolBufferException e) {
            throw new CompletionException(AppStateException.malformed(name, version, "not a valid protobuf: " + e.getMessage()));
        }
    }

    private interface Decode {
        PatchDecoder.Result run() throws AppStateException;
    }

    private static PatchDecoder.Result call(Decode d) {
        try {
            return d.run();
        } catch (AppStateException e) {
            throw new CompletionException(e);
        }
    }

    private static long parseLong(String s, long fallback) {
        try {
            return s == null ? fallback : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static Throwable unwrap(Throwable t) {
        return io.wabridge.client.session.Failures.unwrap(t);
    }
}

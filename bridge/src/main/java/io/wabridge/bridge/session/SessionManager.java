package io.wabridge.bridge.session;

import io.wabridge.bridge.lease.LeaseAttempt;
import io.wabridge.bridge.lease.LeaseKeeper;
import io.wabridge.client.ClientRuntime;
import io.wabridge.client.WaClient;
import io.wabridge.client.WaClientConfig;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.events.ClientEventListener;
import io.wabridge.client.store.StoreProvider;
import io.wabridge.bridge.protection.SessionLimitException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The sessions this worker runs, and which command partitions it owns. A session lives here while its partition
 * is owned and it has a client or unfinished commands: created by its first command (or by a resume after a
 * partition assignment), dropped when its client is gone and its lane idle, or when its partition is let go.
 *
 * <p>Ownership follows the consumer group's assignment. On assignment the sessions of those partitions whose owner
 * wanted them connected are connected again from their stored state, a bounded number at a time; on revocation
 * their sessions are disconnected (not logged out) and forgotten here.
 *
 * <p>No client of a session is created before its lease is taken ({@link #lease}): a MongoDB document with an owner
 * and an epoch, so two workers never run one session, even when the group moved a partition away from a worker
 * that does not know it yet (GC pause, cut off from Kafka). A lease held by another worker is waited for (it is
 * released when that worker lets the session go, or expires when it died). Every state write is tagged with the
 * lease's epoch, so a worker that lost its lease cannot overwrite what the new owner wrote, and it stops its copy
 * of the session as soon as it notices ({@link #leasesLost}).
 */
public final class SessionManager {
    private static final Logger LOG = Logger.getLogger(SessionManager.class);
    private static final Duration RETRY = Duration.ofSeconds(2);
    /** How often a lease held elsewhere is tried again before it would expire (it may be released sooner). */
    private static final Duration LEASE_POLL = Duration.ofMillis(500);

    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();
    private final Set<Integer> owned = ConcurrentHashMap.newKeySet();
    private final ClientRuntime runtime;
    private final WaClientConfig clientConfig;
    private final StoreProvider stores;
    private final SessionRegistry registry;
    private final SessionStates states;
    private final Semaphore resumeSlots;
    private final Duration resumeTimeout;
    private final Pacer resumePace;
    private final LeaseKeeper leases;
    private SessionEvents events;
    private volatile int partitionCount = -1;
    private volatile boolean stopping;
    /** Sessions with a client here, against {@link #maxSessions} (0: no cap). */
    private final AtomicInteger running = new AtomicInteger();
    private final int maxSessions;
    private final Runnable refused;

    public SessionManager(ClientRuntime runtime, WaClientConfig clientConfig, StoreProvider stores,
                          SessionRegistry registry, SessionStates states, LeaseKeeper leases, int resumeConcurrency,
                          Duration resumeTimeout, int resumesPerSecond) {
        this(runtime, clientConfig, stores, registry, states, leases, resumeConcurrency, resumeTimeout,
                resumesPerSecond, 0, () -> { });
    }

    /**
     * @param maxSessions sessions this worker runs at most (0: no cap): one more is refused with
     *                    {@link SessionLimitException}, and {@code refused} is told (a metric)
     */
    public SessionManager(ClientRuntime runtime, WaClientConfig clientConfig, StoreProvider stores,
                          SessionRegistry registry, SessionStates states, LeaseKeeper leases, int resumeConcurrency,
                          Duration resumeTimeout, int resumesPerSecond, int maxSessions, Runnable refused) {
        this.maxSessions = maxSessions;
        this.refused = refused;
        this.runtime = runtime;
        this.clientConfig = clientConfig;
        this.stores = stores;
        this.registry = registry;
        this.states = states;
        this.resumeSlots = new Semaphore(resumeConcurrency);
        this.resumeTimeout = resumeTimeout;
        this.resumePace = new Pacer(resumesPerSecond);
        this.leases = leases;
        leases.listeners(this::leasesLost, this::resumeOwned);
    }

    /** Set once at wiring (the events need the publisher, which needs nothing of this). */
    public void events(SessionEvents value) {
        this.events = value;
        value.fencedOut = this::stopWithoutLease;
    }

    public SessionEvents events() {
        return events;
    }

    public SessionRegistry registry() {
        return registry;
    }

    /** Partition count of the command topic, as of the latest assignment; -1 before. */
    public int partitionCount() {
        return partitionCount;
    }

    public boolean owns(int partition) {
        return owned.contains(partition) && !stopping;
    }

    public Optional<Session> find(String id) {
        return Optional.ofNullable(sessions.get(id));
    }

    /** The sessions run here, by id. */
    public List<Session> list() {
        List<Session> out = new ArrayList<>(sessions.values());
        out.sort(Comparator.comparing(Session::id));
        return out;
    }

    /**
     * Enqueues a step on the session (created if this worker does not run it yet). Lookup and enqueue happen
     * atomically, so a session being dropped as idle never swallows a step.
     */
    public <T> CompletableFuture<T> submit(String id, int partition, Function<Session, CompletableFuture<T>> step) {
        @SuppressWarnings("unchecked")
        CompletableFuture<T>[] result = new CompletableFuture[1];
        sessions.compute(id, (key, existing) -> {
            Session s = existing != null ? existing : new Session(id, partition, runtime.pool(), states);
            // A step queued behind the session's release (its partition lost and assigned here again at once: the
            // resume comes before the release finished) finds it dropped: it runs on the session's next entry, or it
            // would take a lease and start a client on a session nobody lists.
            // (Not "is it in the table": a new session's first step may start before compute has put it there.)
            result[0] = s.enqueue(() -> s.gone() ? submit(id, partition, step) : step.apply(s));
            return s;
        });
        return result[0];
    }

    /**
     * As {@link #submit}, for a step that may overlap the ones after it ({@link Session#enqueuePipelined}):
     * {@code prepare} runs at once on the caller's thread, with the session, and returns the step.
     */
    public <T> CompletableFuture<T> submitPipelined(String id, int partition,
                                                    Function<Session, Function<Runnable, CompletableFuture<T>>> prepare) {
        @SuppressWarnings("unchecked")
        CompletableFuture<T>[] result = new CompletableFuture[1];
        sessions.compute(id, (key, existing) -> {
            Session s = existing != null ? existing : new Session(id, partition, runtime.pool(), states);
            result[0] = s.enqueuePipelined(prepare.apply(s));
            return s;
        });
        return result[0];
    }

    /** Lane: the session's client is gone; it no longer counts against the cap. */
    private void uncount(Session s) {
        if (s.countedRunning) {
            s.countedRunning = false;
            running.decrementAndGet();
        }
    }

    /** Sessions with a client on this worker (connected, connecting, pairing). */
    public int running() {
        return running.get();
    }

    /**
     * The session's client, created (not connected) if it has none; its lease must be held. Lane only.
     *
     * @throws SessionLimitException when creating it would exceed the worker's cap on sessions
     */
    private java.util.function.BiConsumer<String, WaClient> clientCreated = (id, client) -> { };

    /** Called on the lane with each client this manager creates, before it connects (per-session client settings). */
    public void onClientCreated(java.util.function.BiConsumer<String, WaClient> listener) {
        this.clientCreated = listener;
    }

    WaClient clientOf(Session s) {
        if (s.client == null) {
            if (s.lease == null) {
                throw new IllegalStateException("session " + s.id() + " has no lease: take it first");
            }
            int now = running.incrementAndGet();
            if (maxSessions > 0 && now > maxSessions) {
                running.decrementAndGet();
                refused.run();
                throw new SessionLimitException(now - 1, maxSessions);
            }
            s.countedRunning = true;
            WaClient[] self = new WaClient[1];
            try {
                self[0] = newClient(s, self);
            } catch (RuntimeException e) { // the store could not be opened: nothing runs, nothing counts
                uncount(s);
                throw e;
            }
            s.client = self[0];
            clientCreated.accept(s.id(), s.client);
        }
        return s.client;
    }

    /** A client for the session whose events go to its lane while it is the session's client ({@code self}). */
    private WaClient newClient(Session s, WaClient[] self) {
        return WaClient.create(runtime, clientConfig, stores.open(s.id(), s.lease.epoch()), new ClientEventListener() {
            @Override
            public void onEvent(ClientEvent event) {
                s.lane().execute(() -> {
                    if (s.client == self[0]) { // a dropped client's late events describe nothing current
                        events.onEvent(s, event);
                        if (s.client == null) { // the event ended it (logged out)
                            uncount(s);
                        }
                    }
                });
            }

            @Override
            public CompletionStage<Void> handOff(ClientEvent event) {
                // Same lane as onEvent, so messages and connection events keep their order.
                CompletableFuture<Void> acked = new CompletableFuture<>();
                s.lane().execute(() -> {
                    if (s.client != self[0]) { // unacknowledged, WhatsApp delivers it to whoever runs it next
                        acked.completeExceptionally(new NotConnectedException("the session's client was dropped"));
                        return;
                    }
                    events.handOff(s, event).whenComplete((ok, failure) -> {
                        if (failure != null) {
                            acked.completeExceptionally(failure);
                        } else {
                            acked.complete(null);
                        }
                    });
                });
                return acked;
            }
        });
    }

    /**
     * Takes the session's lease unless it holds it; while another worker holds it, tries again when it would
     * expire (or sooner, every {@link #LEASE_POLL}, in case it is released). Completes on the lane; fails with
     * {@link NotOwnedException} if the partition is let go meanwhile. Lane only.
     */
    CompletableFuture<Void> lease(Session s) {
        if (s.lease != null) {
            return CompletableFuture.completedFuture(null);
        }
        if (s.leasing != null) { // one attempt at a time: a second would take the lease again, a newer epoch
            return s.leasing;
        }
        CompletableFuture<Void> taken = new CompletableFuture<>();
        s.leasing = taken;
        taken.whenComplete((ok, failure) -> s.lane().execute(() -> {
            if (s.leasing == taken) {
                s.leasing = null;
            }
            if (failure != null) {
                retireIfUnused(s); // kept while the attempt ran (see retireIfUnused): nothing will start it now
            }
        }));
        tryLease(s, taken, true);
        return taken;
    }

    private void tryLease(Session s, CompletableFuture<Void> taken, boolean first) {
        if (!owns(s.partition())) {
            taken.completeExceptionally(new NotOwnedException("partition " + s.partition() + " of session " + s.id()
                    + " is no longer owned by this worker"));
            return;
        }
        if (s.gone()) {
            // Dropped from this worker meanwhile (let go, retired): a lease taken for it would start a client nobody
            // lists or stops, which WhatsApp then plays off against the session's real copy ("replaced").
            taken.completeExceptionally(new NotOwnedException("session " + s.id() + " is no longer run here"));
            return;
        }
        Duration wait;
        try {
            LeaseAttempt attempt = leases.acquire(s.id());
            if (attempt instanceof LeaseAttempt.Acquired a) {
                s.epoch = a.lease().epoch();
                if (a.takenOver() || s.claimDue) {
                    // The last owner never let go and may still run: stamp the state so none of its writes land.
                    s.claimDue = true; // until the claim succeeded, also if a retry re-takes our own lease
                    LOG.infof("[%s] lease taken over (epoch %d): claiming the session's state", s.id(), s.epoch);
                    stores.open(s.id(), s.epoch).claim();
                    s.claimDue = false;
                }
                s.lease = a.lease();
                taken.complete(null);
                return;
            }
            LeaseAttempt.HeldElsewhere held = (LeaseAttempt.HeldElsewhere) attempt;
            Duration left = Duration.between(Instant.now(), held.expiresAt());
            wait = left.isNegative() ? Duration.ofMillis(20) : left.compareTo(LEASE_POLL) < 0 ? left.plusMillis(20) : LEASE_POLL;
            if (first) {
                LOG.infof("[%s] waiting for the lease held by %s (expires %s)", s.id(), held.owner(), held.expiresAt());
            }
        } catch (RuntimeException e) {
            LOG.warnf("[%s] taking the lease failed, retrying: %s", s.id(), e.toString());
            wait = RETRY;
        }
        runtime.scheduler().schedule(() -> s.lane().execute(() -> tryLease(s, taken, false)), wait);
    }

    /**
     * The keeper found these leases gone (taken by a newer owner, or unconfirmed for too long): stop their clients
     * now, between steps, without logging out and without touching the registry (the new owner writes there).
     */
    private void leasesLost(List<String> ids) {
        for (String id : ids) {
            Session s = sessions.get(id);
            if (s != null) {
                s.lane().execute(() -> stopWithoutLease(s));
            }
        }
    }

    /** Lane: a fenced write or the keeper showed the lease is gone. */
    void stopWithoutLease(Session s) {
        s.lease = null;
        leases.forget(s.id());
        WaClient client = s.client;
        if (client == null) {
            return;
        }
        LOG.warnf("[%s] lease lost: disconnecting this worker's copy of the session", s.id());
        s.releasing = true;
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        s.stopping = stopped;
        client.disconnect().whenComplete((ok, failure) -> s.lane().execute(() -> {
            if (s.client == client) {
                dropClient(s);
            }
            s.releasing = false;
            s.stopping = null;
            stopped.complete(null);
            if (s.opened != null && !s.opened.isDone()) {
                startOnDemand(s, s.opened); // a command waits for it: start again as soon as the lease allows
            }
            retireIfUnused(s);
        }));
    }

    /** Forgets the session's client after it was disconnected; lane only. */
    void dropClient(Session s) {
        uncount(s);
        s.client = null;
        s.pairingPhone = null;
    }

    /**
     * Drops the session if it has no client and nothing enqueued, giving its lease back; call on its lane after a
     * step finished.
     */
    public void retireIfUnused(Session s) {
        if (s.client != null) {
            // A running client keeps the session (as the lane's check below would find): no lane hop per command.
            // The steps that drop the client (disconnect, a lost lease, logout) call this after, and then see null.
            return;
        }
        s.lane().execute(() -> {
            // Not while a lease attempt runs either (a copy stopped for a lost lease that a command waits for starts
            // again that way, outside any step): retired then, the session's lease and client would live on unlisted.
            if (s.client != null || s.leasing != null || !s.idle() || sessions.get(s.id()) != s) {
                return;
            }
            giveBackLease(s);
            retire(s);
        });
    }

    private void giveBackLease(Session s) {
        if (s.lease != null) {
            leases.release(s.lease);
            s.lease = null;
        }
    }

    private void retire(Session s) {
        sessions.computeIfPresent(s.id(), (id, current) -> {
            if (current == s && s.client == null && s.leasing == null && s.idle()) {
                s.removed();
                return null;
            }
            return current;
        });
    }

    // ---- ownership ----

    /** The consumer was assigned these command partitions: resume their sessions in the background. */
    public void assign(Collection<Integer> partitions, int count) {
        partitionCount = count;
        owned.addAll(partitions);
        if (partitions.isEmpty()) {
            return;
        }
        List<Integer> mine = List.copyOf(partitions);
        Thread.ofVirtual().name("wabridge-resume").start(() -> resume(mine, count));
    }

    private void resume(List<Integer> partitions, int count) {
        List<SessionRecord> records = null;
        while (records == null && partitions.stream().anyMatch(this::owns)) {
            try {
                records = registry.toResume(partitions, count);
            } catch (RuntimeException e) {
                LOG.warnf("reading the sessions of partitions %s failed, retrying: %s", partitions, e.toString());
                sleep(RETRY);
            }
        }
        if (records == null) {
            return;
        }
        LOG.infof("partitions %s assigned: resuming %d session(s)", partitions, records.size());
        long assignedAt = System.nanoTime();
        for (SessionRecord r : records) {
            if (!owns(r.partition())) {
                continue;
            }
            try {
                resumePace.await();
                resumeSlots.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            CompletableFuture<Void> slot = new CompletableFuture<>();
            slot.orTimeout(resumeTimeout.toMillis(), TimeUnit.MILLISECONDS)
                    .whenComplete((ok, failure) -> resumeSlots.release());
            submit(r.id(), r.partition(), s -> resumeStep(s, slot, assignedAt)).whenComplete((ok, failure) -> {
                if (failure != null) {
                    LOG.warnf("[%s] resume failed: %s", r.id(), failure.toString());
                    slot.complete(null);
                }
            });
        }
    }

    /** Lane: connects the session again if its owner still wants it connected and nothing runs it yet. */
    private CompletableFuture<Void> resumeStep(Session s, CompletableFuture<Void> slot, long assignedAt) {
        if (s.stopping != null) { // its lease was just lost: resume once that copy is gone
            return s.stopping.thenComposeAsync(v -> resumeStep(s, slot, assignedAt), s.lane());
        }
        if (!owns(s.partition()) || s.client != null && s.state() != SessionState.CLOSED) {
            slot.complete(null);
            retireIfUnused(s); // let go meanwhile: do not leave an empty session behind
            return CompletableFuture.completedFuture(null);
        }
        if (!wantedConnected(s)) { // read fresh: a command may have changed it meanwhile
            slot.complete(null);
            retireIfUnused(s);
            return CompletableFuture.completedFuture(null);
        }
        s.causation = "";
        s.settled = slot;
        s.resumeStartedNanos = assignedAt;
        return lease(s).thenCompose(v -> clientOf(s).connect()).whenComplete((ok, failure) -> {
            if (failure != null) {
                slot.complete(null);
                retireIfUnused(s);
            }
        });
    }

    /**
     * Lane: completes when the session is open, for a command that needs it while it (re)connects: after a
     * hand-over the partition's commands often arrive before the resume reached the session, so a session its
     * owner wants connected but that has no client here yet is started now (lease, stored state, connect). Fails
     * with {@link NotConnectedException} when it cannot open (pairing needed, closed for good) or not in time.
     */
    CompletableFuture<Void> awaitOpen(Session s, Duration timeout) {
        return awaitOpen(s, timeout, false);
    }

    /** As {@link #awaitOpen(Session, Duration)}; with {@code next}, waits for the next open even if open now. */
    CompletableFuture<Void> awaitOpen(Session s, Duration timeout, boolean next) {
        if (!next && s.client != null && s.state() == SessionState.OPEN) {
            return CompletableFuture.completedFuture(null);
        }
        if (s.client != null && s.state() == SessionState.PAIRING) {
            return CompletableFuture.failedFuture(new NotConnectedException("the account is not linked yet (pairing)"));
        }
        if (s.opened == null || s.opened.isDone()) {
            s.opened = new CompletableFuture<>();
        }
        CompletableFuture<Void> opened = s.opened;
        if (s.stopping != null) { // a copy that lost its lease is going: start again once it is gone
            s.stopping.thenRunAsync(() -> startOnDemand(s, opened), s.lane());
        } else if (s.client == null) {
            startOnDemand(s, opened);
        }
        return opened.copy().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Lane: starts the session from its stored state for a waiting command, unless something else did. */
    private void startOnDemand(Session s, CompletableFuture<Void> opened) {
        if (s.client != null || opened.isDone()) {
            return;
        }
        boolean wanted;
        try {
            wanted = wantedConnected(s);
        } catch (RuntimeException e) {
            runtime.scheduler().schedule(() -> s.lane().execute(() -> startOnDemand(s, opened)), RETRY);
            return;
        }
        if (!wanted) {
            opened.completeExceptionally(new NotConnectedException("the session is not wanted connected"));
            return;
        }
        lease(s).thenCompose(v -> s.client != null ? CompletableFuture.<Void>completedFuture(null) : clientOf(s).connect())
                .whenComplete((ok, failure) -> {
                    if (failure != null) {
                        opened.completeExceptionally(failure);
                    }
                });
    }

    /**
     * Lane: true if the registry says the session's owner wants it connected; it then takes the wanted state and
     * the account's identity from there, as a start from stored state needs them.
     */
    private boolean wantedConnected(Session s) {
        Optional<SessionRecord> record = registry.find(s.id());
        if (record.isEmpty() || record.get().desired() != DesiredState.CONNECTED) {
            return false;
        }
        s.desired(DesiredState.CONNECTED);
        if (record.get().mePn() != null) {
            s.me(ClientEventMapper.me(record.get().mePn(), record.get().meLid()));
        }
        return true;
    }

    /** After lease renewals work again following a give-up of every lease: resume what this worker still owns. */
    private void resumeOwned() {
        List<Integer> mine = List.copyOf(owned);
        if (!mine.isEmpty() && partitionCount > 0) {
            int count = partitionCount;
            Thread.ofVirtual().name("wabridge-resume").start(() -> resume(mine, count));
        }
    }

    /**
     * Lets these partitions go: each of their sessions is disconnected (after its enqueued commands) and
     * forgotten. Completes when all are, so a new owner never meets a connection of ours.
     */
    public CompletableFuture<Void> release(Collection<Integer> partitions) {
        owned.removeAll(partitions);
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (Session s : sessions.values()) {
            if (partitions.contains(s.partition())) {
                all.add(releaseOne(s));
            }
        }
        if (!all.isEmpty()) {
            LOG.infof("partitions %s let go: disconnecting %d session(s)", partitions, all.size());
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    /** Every session goes (shutdown). */
    public CompletableFuture<Void> releaseAll() {
        stopping = true;
        return release(List.copyOf(partitionsInUse()));
    }

    private Collection<Integer> partitionsInUse() {
        Set<Integer> in = ConcurrentHashMap.newKeySet();
        in.addAll(owned);
        sessions.values().forEach(s -> in.add(s.partition()));
        return in;
    }

    private CompletableFuture<Void> releaseOne(Session s) {
        CompletableFuture<Void> done = s.enqueue(() -> {
            s.releasing = true;
            if (s.client == null) {
                giveBackLease(s);
                unlist(s);
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> handled = new CompletableFuture<>();
            s.client.disconnect().whenComplete((ok, failure) -> s.lane().execute(() -> {
                giveBackLease(s); // after the socket closed: the next owner connects only then
                unlist(s);
                handled.complete(null);
            }));
            return handled;
        });
        return done.handle((ok, failure) -> {
            unlist(s); // if the step failed
            return null;
        });
    }

    /** Drops the released session from the table; on its lane before the step ends, so the next step sees it gone. */
    private void unlist(Session s) {
        if (sessions.remove(s.id(), s)) {
            s.removed();
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

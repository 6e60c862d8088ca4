package io.wabridge.client.send;

import io.wabridge.client.session.Failures;
import io.wabridge.client.session.OnExecutor;
import io.wabridge.client.binary.Node;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.message.MessageIdGenerator;
import io.wabridge.client.message.MessagePlaintext;
import io.wabridge.client.message.content.MessageContent;
import io.wabridge.client.message.content.MessageContentCodec;
import io.wabridge.client.receive.CommitGate;
import io.wabridge.client.signal.EncryptedMessage;
import io.wabridge.client.signal.SignalCipher;
import io.wabridge.client.signal.SignalCipherException;
import io.wabridge.client.signal.store.ReadAhead;
import io.wabridge.client.signal.store.SignalStores;
import io.wabridge.client.stanza.StanzaRouter;
import io.wabridge.client.store.MessageKey;
import io.wabridge.client.store.MessageStore;
import io.wabridge.client.usync.DeviceResolver;
import io.wabridge.proto.wa.Message;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends 1:1 messages: resolves the recipient's and our own devices (usync, cached), fetches prekey bundles for
 * devices without a session, encrypts the padded message for every recipient device and a
 * {@code deviceSentMessage} copy for our own other devices, flushes the Signal state, keeps the message for retry
 * receipts and sends one {@code <message>} stanza; the future completes with the server's ack. Messages encrypted
 * in one burst (their tasks queued together on the executor) share one flush and one socket write, in a commit task
 * queued behind them. Runs on the account's serial executor; the encrypt step waits at the {@link CommitGate} while
 * received messages are out for hand-off, and a receive batch waits for the commit.
 */
public final class MessageSender {
    private static final Logger LOG = LoggerFactory.getLogger(MessageSender.class);

    /** Who we are, read when a send starts. */
    public record Identity(Jid me, Jid lid, byte[] deviceIdentity, MessageIdGenerator ids) {}

    /**
     * How one send reaches its devices, once they are known: the devices it encrypts for pairwise (their missing
     * sessions are fetched first) and the stanza, built in order after the sends started before it, with the
     * commit gate open. A 1:1 send is one; a group send ({@link GroupPlanner}) is another.
     */
    public interface Plan {
        /** Devices the stanza encrypts for pairwise: bundles are fetched for those without a session. */
        List<Jid> pairwiseDevices();

        /**
         * Names what {@link #pairwiseDevices()} and the build read besides the devices' sessions (a group's own sender
         * key into {@code keys}, the devices whose LID mappings the addressing needs into {@code users}): the sender
         * reads them ahead, off the executor, before it asks for the devices. None by default.
         */
        default void readFirst(ReadAhead.Keys keys, List<Jid> users) {
        }

        /**
         * Encrypts and builds the stanza; may spread its work over several executor tasks (each through the commit
         * gate, see {@link MessageSender#encryptInSteps}). Fails with {@link MessageSendException} when nothing can
         * be sent.
         */
        CompletableFuture<Built> build(Map<Jid, PreKeyFetch.Result> bundles);
    }

    /**
     * A built stanza: its {@code phash}, how many devices it reaches, what to drop when the server's phash differs
     * (stale device lists), and what to remember once the server acked it.
     */
    public record Built(Node stanza, String phash, int count, Runnable staleDevices, Runnable acked) {}

    /** Plans sends to groups (implemented by {@code io.wabridge.client.group}). */
    public interface GroupPlanner {
        CompletableFuture<Plan> plan(StanzaRouter router, Identity self, Jid group, Message message, String id);

        /**
         * A device asked again for a message we sent in {@code group}: our current distribution message for the
         * resend to carry (null when we have no identity yet); the device counts as lacking our key from now on.
         */
        Message redistribute(Jid group, Jid device);

        /** Names what {@link #redistribute} reads (our sender key of {@code group}), to be read ahead. */
        default void redistributeReads(Jid group, ReadAhead.Keys keys) {
        }

        /** The server refused our message to {@code group}: what the send fails with (the refusal, or a named one). */
        default MessageSendException rejected(Jid group, MessageRejectedException refusal) {
            return refusal;
        }
    }

    /**
     * At most this many pairwise encryptions per executor task, so a send to a big group never holds the executor
     * long: about 0.5 ms of Java ratchet work.
     */
    public static final int ENCRYPT_STEP = 16;
    /**
     * A step also ends once it has run this long (wall clock, so a loaded machine makes steps shorter, never longer):
     * a device without a session costs a session start from its bundle (four X25519 agreements, 0.2-0.6 ms), so 16 of
     * them took 8-12 ms at once on a loaded machine.
     */
    public static final long STEP_NANOS = 1_000_000;

    private final SignalCipher cipher;
    private final SignalStores stores;
    private final DeviceResolver devices;
    private final ServerAcks acks;
    private final CommitGate gate;
    private final MessageStore sent;
    private final RandomGenerator random;
    private final Clock clock;
    private final Duration sendTimeout;
    private final Duration iqTimeout;
    private final KeyFetchFailures keyFetches;
    private final Map<String, CompletableFuture<SendResult>> inFlight = new HashMap<>();
    private final Executor executor;
    private final List<Prepared> uncommitted = new ArrayList<>();
    /** {@link #commitState()} callers waiting for the next commit's flush. */
    private final List<CompletableFuture<Void>> flushWaiters = new ArrayList<>();
    /** A commit's store round trips are out (see {@link #commit()}). */
    private boolean committing;
    private final Executor io;
    private List<Jid> lastHashed;
    /**
     * Completes once the send started last reached its encryption (or failed before it). A send resolves devices
     * and fetches bundles at once, but encrypts only after the one started before it: sends are encrypted, flushed
     * and written in the order they were started even when an earlier one waits on a device list or a prekey
     * fetch (callers pipeline a chat's sends without waiting for acks).
     */
    private CompletableFuture<Void> lastEncrypted = CompletableFuture.completedFuture(null);
    private String lastHash;
    private GroupPlanner groups;

    public MessageSender(SignalCipher cipher, SignalStores stores, DeviceResolver devices, ServerAcks acks,
                         CommitGate gate, MessageStore sent, RandomGenerator random, Clock clock,
                         Duration sendTimeout, Duration iqTimeout, KeyFetchFailures keyFetches, Executor executor,
                         Executor io) {
        this.executor = executor;
        this.io = io;
        this.keyFetches = keyFetches;
        this.cipher = cipher;
        this.stores = stores;
        this.devices = devices;
        this.acks = acks;
        this.gate = gate;
        this.sent = sent;
        this.random = random;
        this.clock = clock;
        this.sendTimeout = sendTimeout;
        this.iqTimeout = iqTimeout;
    }

    /** Lets sends to {@code @g.us} JIDs through, planned by {@code planner}. */
    public void groups(GroupPlanner planner) {
        this.groups = planner;
    }

    /**
     * Sends {@code content} to a user (phone-number or LID JID, no device) or, once {@link #groups} is set, a group.
     *
     * @param idempotencyKey when not null the message id is derived from it, so a repeated send reuses the id (and a
     *                       send still in flight with that id is joined rather than repeated)
     */
    public CompletableFuture<SendResult> send(StanzaRouter router, Identity self, Jid to, MessageContent content,
                                              String idempotencyKey) {
        Message message;
        String id;
        try {
            checkRecipient(to, groups != null);
            message = MessageContentCodec.encode(content);
            id = idempotencyKey == null ? self.ids().next() : self.ids().forIdempotencyKey(idempotencyKey);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<SendResult> running = inFlight.get(id);
        if (running != null) {
            return running;
        }
        CompletableFuture<SendResult> result = send(router, self, to, message, id);
        inFlight.put(id, result);
        result.whenComplete((r, f) -> inFlight.remove(id, result));
        return result;
    }

    /** Sends an already built message with a given id (the content codec's checks are the caller's business). */
    public CompletableFuture<SendResult> send(StanzaRouter router, Identity self, Jid to, Message message, String id) {
        Jid chat = to.toNonAd();
        CompletableFuture<? extends Plan> plan;
        if (chat.isGroup()) {
            plan = groups == null
                    ? CompletableFuture.failedFuture(new UnsupportedOperationException("group sends are not enabled"))
                    : groups.plan(router, self, chat, message, id);
        } else {
            Jid ownUser = chat.isLid() && self.lid() != null ? self.lid().toNonAd() : self.me().toNonAd();
            List<Jid> users = chat.sameUser(ownUser) ? List.of(chat) : List.of(chat, ownUser);
            plan = devices.devices(router, users, self.me(), self.lid())
                    .thenApply(targets -> new DirectPlan(router, self, chat, ownUser, id, message, targets));
        }
        return send(router, id, chat, message, plan);
    }

    /**
     * Runs a planned send: bundles for the plan's devices without a session, then its build in the order sends were
     * started, then the commit (flush, sent-message cache, one socket write) and the server's ack.
     */
    public CompletableFuture<SendResult> send(StanzaRouter router, String id, Jid chat, Message message,
                                              CompletableFuture<? extends Plan> plan) {
        CompletableFuture<Void> previous = lastEncrypted;
        CompletableFuture<Void> encrypted = new CompletableFuture<>();
        lastEncrypted = encrypted;
        return plan
                .thenCompose(p -> readAhead(p)
                        .thenCompose(read -> fetchMissingBundles(router, p.pairwiseDevices()))
                        .thenCompose(bundles -> OnExecutor.after(previous, () -> gate.submit(() -> {
                            if (router.isClosed()) {
                                return CompletableFuture.failedFuture(new MessageSendException(id,
                                        "connection closed before " + id + " was sent"));
                            }
                            return p.build(bundles);
                        }), executor))
                        .whenComplete((built, failure) -> readAheadDone())
                        .thenApply(built -> prepare(router, id, chat, message, built))
                        .whenComplete((r, f) -> encrypted.complete(null)) // the next send encrypts after this one
                        .thenCompose(prepared -> prepared.result()))
                .whenComplete((result, failure) -> encrypted.complete(null))
                .handle((result, failure) -> {
                    if (failure == null) {
                        return result;
                    }
                    Throwable cause = Failures.unwrap(failure);
                    if (cause instanceof MessageRejectedException refused && chat.isGroup() && groups != null) {
                        throw groups.rejected(chat, refused);
                    }
                    throw cause instanceof MessageSendException e ? e
                            : new MessageSendException(id, "sending " + id + " to " + chat + " failed: " + cause.getMessage(), cause);
                });
    }

    /**
     * Reads the sessions (and, for devices without one, the identities) of {@code devices} on the store's I/O
     * executor, so that neither the bundle check nor the encryption waits for the store on the session's executor.
     * Paired with one {@link SignalStores#readAheadDone()} once the send is built or failed.
     */
    public CompletableFuture<Void> readAhead(List<Jid> devices) {
        return namedThenRead(devices, true, false, ReadAhead.Keys.create());
    }

    /**
     * {@link #readAhead(List)}, with the devices' identities too when {@code identities} (a retry receipt's new
     * session from keys saves them) and the records {@code also} names (a group's sender key).
     */
    public CompletableFuture<Void> readAhead(List<Jid> devices, boolean identities, ReadAhead.Keys also) {
        return namedThenRead(devices, true, identities, also);
    }

    /** Names the devices' sessions, then reads them, opening a read-ahead or ({@code open} false) adding to the open one. */
    private CompletableFuture<Void> namedThenRead(List<Jid> devices, boolean open, boolean identities,
                                                  ReadAhead.Keys keys) {
        // a big group's devices in steps: each address may look its LID mapping up
        return forEachInSteps(devices, Integer.MAX_VALUE, device -> {
            try {
                cipher.sessionAddressesOf(device, keys.sessions());
            } catch (RuntimeException e) {
                // not a device: encryptFor skips it with the reason
            }
        }).thenCompose(v -> {
            if (identities) {
                keys.identities().addAll(keys.sessions());
            }
            try {
                return open ? stores.readAhead(keys, io, executor) : stores.readAheadMore(keys, io, executor);
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        });
    }

    /**
     * The plan's own reads first ({@link Plan#readFirst}: its devices' LID mappings not cached, a group's sender key),
     * then, once they are kept, {@link #readAhead(List)} for its pairwise devices, within the same read-ahead (one
     * {@link SignalStores#readAheadDone()} closes both).
     */
    private CompletableFuture<Void> readAhead(Plan p) {
        ReadAhead.Keys first = ReadAhead.Keys.create();
        List<Jid> users = new ArrayList<>();
        p.readFirst(first, users);
        if (first.isEmpty() && users.isEmpty()) {
            return readAhead(p.pairwiseDevices());
        }
        CompletableFuture<Void> keys;
        CompletableFuture<Void> mappings;
        try {
            keys = stores.readAhead(first, io, executor); // opens the send's read-ahead
            mappings = users.isEmpty() ? CompletableFuture.completedFuture(null) : usersAhead.apply(users);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return CompletableFuture.allOf(keys, mappings) // both complete on the executor
                .thenCompose(v -> namedThenRead(p.pairwiseDevices(), false, false, ReadAhead.Keys.create()));
    }

    private java.util.function.Function<List<Jid>, CompletableFuture<Void>> usersAhead =
            users -> CompletableFuture.completedFuture(null);

    /**
     * Sets how a send looks up, off the executor, the LID mappings its plan names ({@link Plan#readFirst}) that are
     * not cached; the stage completes on the executor.
     */
    public void usersAhead(java.util.function.Function<List<Jid>, CompletableFuture<Void>> lookup) {
        this.usersAhead = java.util.Objects.requireNonNull(lookup, "lookup");
    }

    /**
     * Runs {@code action} on each of {@code items} in order on the session's executor, in tasks of at most
     * {@code perStep} items that end once they ran about {@link #STEP_NANOS} (one item at least), so a big group's
     * device list never holds the executor long at once. The first step runs in the caller's task (call on the
     * executor); completes there when it did it all, else in the last step's task. A throwing action fails it (the
     * items after it are not run).
     */
    public <T> CompletableFuture<Void> forEachInSteps(List<T> items, int perStep, java.util.function.Consumer<T> action) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        forEachStep(items, 0, perStep, action, done);
        return done;
    }

    private <T> void forEachStep(List<T> items, int from, int perStep, java.util.function.Consumer<T> action,
                                 CompletableFuture<Void> done) {
        int limit = (int) Math.min(items.size(), (long) from + perStep);
        long start = System.nanoTime();
        int to = from;
        try {
            while (to < limit && (to == from || System.nanoTime() - start < STEP_NANOS)) {
                action.accept(items.get(to++));
            }
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
            return;
        }
        if (to == items.size()) {
            done.complete(null);
            return;
        }
        int next = to;
        try {
            executor.execute(() -> forEachStep(items, next, perStep, action, done));
        } catch (RuntimeException e) { // the executor is shut down
            done.completeExceptionally(e);
        }
    }

    /** Closes one {@link #readAhead}, on the executor (from any thread). */
    public void readAheadDone() {
        try {
            executor.execute(stores::readAheadDone);
        } catch (RuntimeException e) { // the session's executor is shut down: nothing is kept for it any more
            LOG.debug("read-ahead not closed: {}", e.toString());
        }
    }

    private CompletableFuture<Map<Jid, PreKeyFetch.Result>> fetchMissingBundles(StanzaRouter router, List<Jid> targets) {
        List<Jid> missing = new ArrayList<>();
        return forEachInSteps(targets, Integer.MAX_VALUE, device -> {
            if (!cipher.hasSession(device)) {
                missing.add(device);
            }
        }).thenCompose(v -> keyFetches.fetch(router, missing, iqTimeout));
    }

    /**
     * Encrypts {@code plaintext} for one device, starting its session from {@code bundles} when it has none: the
     * part, or null with the reason added to {@code skipped} (a store failure is thrown: the send fails).
     */
    public OutgoingStanzas.Part encryptFor(Jid device, byte[] plaintext, Map<Jid, PreKeyFetch.Result> bundles,
                                           List<String> skipped) {
        try {
            PreKeyFetch.Result fetched = bundles.get(device);
            if (!cipher.hasSession(device)) {
                if (fetched == null || !fetched.ok()) {
                    skipped.add(device + " (" + (fetched == null ? "no session" : fetched.error()) + ")");
                    return null;
                }
                cipher.processBundle(device, fetched.bundle());
            }
            return new OutgoingStanzas.Part(device, cipher.encrypt(device, plaintext));
        } catch (SignalCipherException | RuntimeException e) {
            if (e instanceof io.wabridge.client.store.StoreException) {
                throw (RuntimeException) e;
            }
            skipped.add(device + " (" + e.getMessage() + ")");
            return null;
        }
    }

    /**
     * Encrypts {@code plaintext} for {@code devices} in steps of at most {@link #ENCRYPT_STEP} devices and about
     * {@link #STEP_NANOS}, each step its own executor task through the commit gate (other frames run between steps;
     * the sends stay marked pending, so no receive batch can start and drop this send's unflushed state). Completes
     * with the parts, in device order: in the first step's task when one step did it all, else in a task of its own
     * (what the caller builds on them is not added to the last step).
     */
    public CompletableFuture<List<OutgoingStanzas.Part>> encryptInSteps(List<Jid> devices, byte[] plaintext,
                                                                      Map<Jid, PreKeyFetch.Result> bundles,
                                                                      List<String> skipped) {
        List<OutgoingStanzas.Part> parts = new ArrayList<>(devices.size());
        CompletableFuture<List<OutgoingStanzas.Part>> done = new CompletableFuture<>();
        encryptStep(devices, 0, plaintext, bundles, skipped, parts, done);
        return done;
    }

    private void encryptStep(List<Jid> devices, int from, byte[] plaintext, Map<Jid, PreKeyFetch.Result> bundles,
                             List<String> skipped, List<OutgoingStanzas.Part> parts,
                             CompletableFuture<List<OutgoingStanzas.Part>> done) {
        gate.sendsPending();
        int limit = Math.min(devices.size(), from + ENCRYPT_STEP);
        long start = System.nanoTime();
        int to = from;
        try {
            while (to < limit && (to == from || System.nanoTime() - start < STEP_NANOS)) {
                OutgoingStanzas.Part part = encryptFor(devices.get(to++), plaintext, bundles, skipped);
                if (part != null) {
                    parts.add(part);
                }
            }
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
            return;
        }
        if (to == devices.size()) {
            if (from == 0) {
                done.complete(parts); // one step: the caller goes on in this task
            } else { // the caller's own work (the skmsg, the stanza) in a task of its own
                executor.execute(() -> gate.submit(() -> {
                    done.complete(parts);
                    return CompletableFuture.completedFuture(null);
                }));
            }
            return;
        }
        int next = to;
        executor.execute(() -> gate.submit(() -> {
            encryptStep(devices, next, plaintext, bundles, skipped, parts, done);
            return CompletableFuture.completedFuture(null);
        }));
    }

    /** A 1:1 send: every device of the chat and our own other devices, a deviceSentMessage copy for ours. */
    private java.util.function.Function<Jid, List<Node>> directExtras = chat -> List.of();

    /**
     * Sets what every 1:1 message stanza to another user gets appended (the {@code <tctoken>} of the privacy tokens);
     * never for our own chat, groups or retries.
     */
    public void directExtras(java.util.function.Function<Jid, List<Node>> extras) {
        this.directExtras = java.util.Objects.requireNonNull(extras, "extras");
    }

    private final class DirectPlan implements Plan {
        private final StanzaRouter router;
        private final Identity self;
        private final Jid chat;
        private final Jid ownUser;
        private final String id;
        private final Message message;
        private final List<Jid> targets;

        DirectPlan(StanzaRouter router, Identity self, Jid chat, Jid ownUser, String id, Message message,
                   List<Jid> targets) {
            this.router = router;
            this.self = self;
            this.chat = chat;
            this.ownUser = ownUser;
            this.id = id;
            this.message = message;
            this.targets = targets;
        }

        @Override
        public List<Jid> pairwiseDevices() {
            return targets;
        }

        @Override
        public CompletableFuture<Built> build(Map<Jid, PreKeyFetch.Result> bundles) {
            byte[] plaintext = MessagePlaintext.encode(message, random);
            byte[] ownCopy = null;
            List<OutgoingStanzas.Part> parts = new ArrayList<>(targets.size());
            List<String> skipped = new ArrayList<>();
            int toRecipient = 0;
            for (Jid device : targets) {
                boolean own = device.sameUser(ownUser);
                if (own && ownCopy == null) {
                    ownCopy = MessagePlaintext.encode(MessageContentCodec.wrapForOwnDevices(message, chat.toString()), random);
                }
                OutgoingStanzas.Part part = encryptFor(device, own ? ownCopy : plaintext, bundles, skipped);
                if (part != null) {
                    parts.add(part);
                    if (!own) {
                        toRecipient++;
                    }
                }
            }
            if (!skipped.isEmpty()) {
                LOG.warn("message {} to {}: skipped devices {}", id, chat, skipped);
            }
            if (toRecipient == 0 && !chat.sameUser(ownUser)) {
                commitState(); // sessions set up from bundles meanwhile are kept (no ciphertext leaves)
                return CompletableFuture.failedFuture(new MessageSendException(id, skipped.isEmpty()
                        ? "the server lists no device of " + chat
                        : "no device of " + chat + " could be encrypted for: " + skipped));
            }
            Node stanza = OutgoingStanzas.fanOut(id, chat, message, parts, self.deviceIdentity());
            if (!chat.sameUser(ownUser)) {
                List<Node> extras = directExtras.apply(chat);
                if (!extras.isEmpty()) {
                    stanza = stanza.toBuilder().children(extras).build();
                }
            }
            String phash = participantHash(targets, chat.isLid() && self.lid() != null ? self.lid() : self.me());
            return CompletableFuture.completedFuture(new Built(stanza, phash, parts.size(), () -> {
                // The server knows other devices than we used: drop both lists so the next send queries again.
                devices.cache().invalidate(chat);
                devices.cache().invalidate(ownUser);
            }, () -> { }));
        }
    }

    /** Queues a built stanza for the next commit. */
    private Prepared prepare(StanzaRouter router, String id, Jid chat, Message message, Built built) {
        Prepared prepared = new Prepared(router, id, chat, message, built, new CompletableFuture<>());
        uncommitted.add(prepared);
        commitSoon();
        return prepared;
    }

    /**
     * Makes the Signal state changed so far on the executor durable with the next commit, off the executor (the
     * commit's flush on the store I/O executor): the returned stage completes on the executor once it is stored, so
     * what follows it (a resend's ciphertext leaving) comes after. Until then no receive batch starts (the state is
     * pending like a send's, see {@link CommitGate#sendsPending()}). Fails if the flush does. Call on the executor.
     */
    public CompletableFuture<Void> commitState() {
        CompletableFuture<Void> flushed = new CompletableFuture<>();
        flushWaiters.add(flushed);
        commitSoon();
        return flushed;
    }

    /** Queues a commit on the executor if none is queued yet for what waits. */
    private void commitSoon() {
        if (uncommitted.size() + flushWaiters.size() == 1) {
            gate.sendsPending();
            executor.execute(this::commit);
        }
    }

    /** An encrypted message waiting for its commit: flushed with the others, then written. */
    private record Prepared(StanzaRouter router, String id, Jid chat, Message message, Built built,
                            CompletableFuture<SendResult> result) {}

    /**
     * Commits the messages encrypted since the last commit (those whose send tasks were queued together): one flush
     * of the Signal state for all of them, then their stanzas written together. The state is durable before any
     * ciphertext leaves, as for a single message; until then a receive batch waits (see {@link CommitGate}). The
     * store round trips (the flush, then the copies kept for retry receipts) run on the store's I/O executor, never
     * blocking the session; sends encrypted meanwhile wait for the next commit, which starts when this one ends.
     */
    private void commit() {
        if (committing) {
            return; // the commit out now starts the next one when it ends
        }
        committing = true;
        List<Prepared> batch = new ArrayList<>(uncommitted);
        uncommitted.clear();
        List<CompletableFuture<Void>> waiters = new ArrayList<>(flushWaiters);
        flushWaiters.clear();
        CompletableFuture<Void> flushed;
        try {
            flushed = stores.flushAsync(io, executor);
        } catch (RuntimeException e) {
            flushed = CompletableFuture.failedFuture(e);
        }
        flushed.whenComplete((ok, failure) -> {
            if (failure != null) {
                failAll(batch, failure);
                waiters.forEach(w -> w.completeExceptionally(failure));
                committed();
                return;
            }
            waiters.forEach(w -> w.complete(null));
            keepThenWrite(batch);
        });
    }

    /** The messages a retry receipt may ask for again, stored in one write before any of them leaves. */
    private void keepThenWrite(List<Prepared> batch) {
        Map<MessageKey, byte[]> toKeep = new LinkedHashMap<>(batch.size() * 2);
        List<Prepared> live = new ArrayList<>(batch.size());
        for (Prepared p : batch) {
            if (p.router().isClosed()) {
                p.result().completeExceptionally(new MessageSendException(p.id(),
                        "connection closed before " + p.id() + " was sent"));
            } else {
                toKeep.put(new MessageKey(p.chat().toString(), p.id()), p.message().toByteArray());
                live.add(p);
            }
        }
        if (toKeep.isEmpty()) {
            committed();
            return;
        }
        CompletableFuture<Void> kept;
        try {
            kept = CompletableFuture.runAsync(() -> sent.putAll(toKeep), io);
        } catch (RuntimeException e) {
            kept = CompletableFuture.failedFuture(e);
        }
        if (kept.isDone()) {
            writeKept(live, kept);
        } else {
            CompletableFuture<Void> k = kept;
            kept.whenComplete((ok, failure) -> executor.execute(() -> writeKept(live, k)));
        }
    }

    private void writeKept(List<Prepared> live, CompletableFuture<Void> kept) {
        try {
            kept.join();
        } catch (RuntimeException e) {
            failAll(live, Failures.unwrap(e));
            committed();
            return;
        }
        StanzaRouter router = null;
        List<Prepared> group = new ArrayList<>(live.size());
        for (Prepared p : live) {
            if (p.router() != router) {
                write(router, group);
                router = p.router();
            }
            acks.await(p.id(), sendTimeout).thenApply(node -> acked(p, node)).whenComplete((r, f) -> {
                if (f != null) {
                    p.result().completeExceptionally(f);
                } else {
                    p.result().complete(r);
                }
            });
            group.add(p);
        }
        write(router, group);
        committed();
    }

    private static void failAll(List<Prepared> batch, Throwable failure) {
        for (Prepared p : batch) {
            p.result().completeExceptionally(failure);
        }
    }

    /** A commit ended: the next one starts if sends were prepared meanwhile, else a waiting receive batch may. */
    private void committed() {
        committing = false;
        if (!uncommitted.isEmpty() || !flushWaiters.isEmpty()) {
            commit();
        } else {
            gate.sendsCommitted();
        }
    }

    /** Writes one connection's stanzas together; if that fails (the connection just closed) their sends fail. */
    private static void write(StanzaRouter router, List<Prepared> group) {
        if (router != null && !group.isEmpty()) {
            List<Node> stanzas = new ArrayList<>(group.size());
            for (Prepared p : group) {
                stanzas.add(p.built().stanza());
            }
            try {
                router.sendAll(stanzas);
            } catch (RuntimeException e) {
                for (Prepared p : group) {
                    p.result().completeExceptionally(e);
                }
            }
        }
        group.clear();
    }

    private SendResult acked(Prepared p, Node node) {
        String error = node.attr("error");
        if (error != null && !error.isEmpty() && !"0".equals(error)) {
            throw new MessageRejectedException(p.id(), parseInt(error));
        }
        String serverHash = node.attr("phash");
        if (serverHash != null && !serverHash.equals(p.built().phash())) {
            LOG.debug("message {} to {}: server phash {} differs from ours {}", p.id(), p.chat(), serverHash,
                    p.built().phash());
            p.built().staleDevices().run();
        }
        p.built().acked().run();
        return new SendResult(p.id(), timestamp(node.attr("t")), p.built().count());
    }

    /** The phash of the devices plus our own; the last one is reused, since a chat's device list rarely changes. */
    private String participantHash(List<Jid> targets, Jid self) {
        List<Jid> hashed = new ArrayList<>(targets.size() + 1);
        hashed.addAll(targets);
        hashed.add(self);
        if (!hashed.equals(lastHashed)) {
            lastHash = ParticipantHash.of(hashed);
            lastHashed = hashed;
        }
        return lastHash;
    }

    private Instant timestamp(String t) {
        if (t != null) {
            try {
                return Instant.ofEpochSecond(Long.parseLong(t));
            } catch (NumberFormatException ignored) {
                // fall back to our clock
            }
        }
        return clock.instant();
    }

    /** Users (not devices) of phone-number or LID servers, and groups when enabled; broadcasts and newsletters come later. */
    static void checkRecipient(Jid to, boolean groups) {
        if (to.isGroup() && groups) {
            return;
        }
        if (to.isGroup() || to.isBroadcast() || to.isNewsletter() || to.isServerJid()) {
            throw new UnsupportedOperationException("only 1:1 chats are supported, not " + to);
        }
        if (!to.isPn() && !to.isLid()) {
            throw new IllegalArgumentException("not a WhatsApp user JID: " + to);
        }
        if (to.isAd()) {
            throw new IllegalArgumentException("send to a user, not to one of its devices: " + to);
        }
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}

package io.wabridge.client.group;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.wabridge.client.binary.Node;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.message.MessagePlaintext;
import io.wabridge.client.receive.CommitGate;
import io.wabridge.client.send.MessageSendException;
import io.wabridge.client.send.MessageRejectedException;
import io.wabridge.client.send.MessageSender;
import io.wabridge.client.send.OutgoingStanzas;
import io.wabridge.client.send.ParticipantHash;
import io.wabridge.client.send.PreKeyFetch;
import io.wabridge.client.signal.SenderKeyException;
import io.wabridge.client.signal.SignalAddresses;
import io.wabridge.client.signal.group.GroupCipher;
import io.wabridge.client.signal.store.SignalStores;
import io.wabridge.client.stanza.Acks;
import io.wabridge.client.stanza.StanzaMatcher;
import io.wabridge.client.stanza.StanzaRouter;
import io.wabridge.client.store.SenderKeyName;
import io.wabridge.client.usync.DeviceResolver;
import io.wabridge.proto.wa.Message;
import io.wabridge.proto.wa.SenderKeyDistributionMessage;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One account's groups: plans each send to a group for the {@link MessageSender} and keeps what that needs.
 *
 * <p>A send takes the group's metadata (cached, else one {@code w:g2} query) and its members' devices (cached
 * with the group, else usync; our own other devices included, as members), creates our sender key for the group
 * if we have none, encrypts its distribution message pairwise for every device that does not hold the current key
 * yet ({@link SenderKeyMemory}) in steps ({@link MessageSender#encryptInSteps}), then the message once as an
 * {@code skmsg}: one stanza {@code <message to=GROUP phash [addressing_mode=lid]><participants>..</participants>
 * [<device-identity>]<enc type=skmsg>}. When the server acks, the devices that got the key are remembered; a
 * differing {@code phash} drops the group's cached devices and metadata.
 *
 * <p>{@code <notification type=w:gp2>} drops the group's cache and becomes {@link ClientEvent.GroupUpdate} events
 * ({@link GroupNotifications}); a member removed, leaving or changing number (or the group deleted) also rotates
 * our sender key of the group (WhatsApp Web does), so the next send distributes a new key to the remaining devices
 * and the one who left cannot read on. Administration ({@code w:g2} iqs) is {@link GroupAdmin}. Runs on the
 * account's serial executor.
 */
public final class Groups implements MessageSender.GroupPlanner {
    private static final Logger LOG = LoggerFactory.getLogger(Groups.class);

    /** Groups whose metadata and member devices an account caches. */
    public static final int CACHED_GROUPS = 64;
    /** Groups whose sender-key holders an account remembers. */
    public static final int REMEMBERED_GROUPS = 256;
    /**
     * Participants' PN -> LID pairs of a metadata answer handed to {@link #onMetadata}'s listener per executor task:
     * learning them costs a few microseconds each, so a 1,024-member group's answer is learnt in several short tasks.
     */
    public static final int LIDS_PER_STEP = 128;
    /**
     * A group send to more devices than this builds its stanza and computes its {@code phash} off the session's
     * executor ({@code offload}); smaller ones inline (the hop would cost more than the work).
     */
    public static final int INLINE_STANZA_DEVICES = 128;

    private final MessageSender sender;
    private final GroupCipher cipher;
    private final SignalStores stores;
    private final DeviceResolver devices;
    private final CommitGate gate;
    private final RandomGenerator random;
    private final Duration iqTimeout;
    private final GroupCache cache;
    private final SenderKeyMemory memory = new SenderKeyMemory(REMEMBERED_GROUPS);
    private final java.util.function.Supplier<MessageSender.Identity> identity;
    private final java.util.function.Function<ClientEvent, java.util.concurrent.CompletionStage<Void>> handOff;
    private final java.util.concurrent.Executor executor;
    private final java.util.concurrent.Executor offload;

    /**
     * @param executor the account's serial executor
     * @param offload  where pure work of a big group runs off that executor (parsing a metadata answer, building a
     *                 send's stanza and {@code phash}): it touches no session state
     */
    public Groups(MessageSender sender, GroupCipher cipher, SignalStores stores, DeviceResolver devices,
                  CommitGate gate, RandomGenerator random, Clock clock, Duration cacheTtl, Duration iqTimeout,
                  java.util.function.Supplier<MessageSender.Identity> identity,
                  java.util.function.Function<ClientEvent, java.util.concurrent.CompletionStage<Void>> handOff,
                  java.util.concurrent.Executor executor, java.util.concurrent.Executor offload) {
        this.offload = java.util.Objects.requireNonNull(offload, "offload");
        this.identity = identity;
        this.handOff = handOff;
        this.executor = executor;
        this.sender = sender;
        this.cipher = cipher;
        this.stores = stores;
        this.devices = devices;
        this.gate = gate;
        this.random = random;
        this.iqTimeout = iqTimeout;
        this.cache = new GroupCache(CACHED_GROUPS, cacheTtl, clock);
        devices.cache().onInvalidate(cache::userChanged);
        sender.groups(this);
    }

    /**
     * Installs the {@code w:gp2} notification handler on a login connection: the group's cache goes, a member gone
     * rotates our key, each change is handed off as a {@link ClientEvent.GroupUpdate}, and the notification is
     * acknowledged once every event of it was (a failed hand-off leaves it unacknowledged: the server sends it
     * again on the next connection).
     */
    public void install(StanzaRouter router) {
        router.on(StanzaMatcher.tagAndType("notification", "w:gp2"), node -> {
            List<ClientEvent.GroupUpdate> updates = List.of();
            try {
                updates = GroupNotifications.parse(node);
                notification(node, updates);
            } catch (RuntimeException e) {
                LOG.warn("group notification not understood; acknowledged: {}", node, e);
            }
            CompletableFuture<Void> handed = CompletableFuture.completedFuture(null);
            for (ClientEvent.GroupUpdate update : updates) {
                handed = handed.thenCompose(v -> handOff.apply(update).toCompletableFuture());
            }
            handed.whenCompleteAsync((v, failure) -> {
                if (failure == null) {
                    router.send(Acks.ackFor(node));
                } else {
                    LOG.warn("group notification {} not handed off, left unacknowledged: {}", node.attr("id"),
                            failure.toString());
                }
            }, executor);
        });
    }

    private java.util.function.Consumer<Map<Jid, Jid>> metadataSeen = pairs -> { };

    /**
     * Sets the one listener told the phone-number user -> LID user pairs of the participants of every group metadata
     * answer (they feed the mappings), at most {@link #LIDS_PER_STEP} per call, each call an executor task of its own.
     */
    public void onMetadata(java.util.function.Consumer<Map<Jid, Jid>> listener) {
        this.metadataSeen = java.util.Objects.requireNonNull(listener, "listener");
    }

    /** A parsed metadata answer (parsed off the executor). */
    private record Parsed(GroupInfo info, boolean announcement) {}

    /**
     * The group's metadata: cached, else asked of the server (and cached). The answer is parsed on {@code offload}
     * (a 1,024-member group's is over a thousand participants), then cached and its LID pairs learnt on the executor
     * in steps of {@link #LIDS_PER_STEP}; completes on the executor once they are.
     */
    public CompletableFuture<GroupInfo> metadata(StanzaRouter router, Jid group) {
        GroupInfo cached = cache.info(group);
        if (cached != null) {
            return CompletableFuture.completedFuture(cached);
        }
        return router.sendIq(GroupMetadataQuery.request(group), iqTimeout).thenApplyAsync(response -> {
            GroupInfo info = GroupMetadataQuery.parse(group, response);
            Node element = response.is("group") ? response : response.child("group");
            return new Parsed(info, element != null && element.child("announcement") != null);
        }, offload).thenComposeAsync(parsed -> {
            cache.put(parsed.info(), parsed.announcement());
            List<Map<Jid, Jid>> chunks = new ArrayList<>();
            Map<Jid, Jid> chunk = new java.util.LinkedHashMap<>();
            for (GroupInfo.Participant p : parsed.info().participants()) {
                if (p.pn() != null && p.lid() != null) {
                    chunk.put(p.pn(), p.lid());
                    if (chunk.size() == LIDS_PER_STEP) {
                        chunks.add(chunk);
                        chunk = new java.util.LinkedHashMap<>();
                    }
                }
            }
            if (!chunk.isEmpty()) {
                chunks.add(chunk);
            }
            CompletableFuture<Void> learnt = sender.forEachInSteps(chunks, 1, pairs -> learn(group, pairs));
            // after several steps, what follows (the send's usync queries) goes on in a task of its own
            return chunks.size() > 1 ? learnt.thenApplyAsync(v -> parsed.info(), executor)
                    : learnt.thenApply(v -> parsed.info());
        }, executor);
    }

    private void learn(Jid group, Map<Jid, Jid> pairs) {
        try {
            metadataSeen.accept(pairs);
        } catch (io.wabridge.client.store.StoreFencedException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("group {}: its members' LID mappings could not be kept", group, e);
        }
    }

    /**
     * Drops our sender key of the group (a member left or was removed): the next send distributes a new one to
     * every remaining device. Written through the commit gate, as a send's state is, by the sender's next commit
     * (off the executor); the stage completes once it is stored.
     */
    public CompletableFuture<Void> rotate(Jid group) {
        memory.forget(group);
        return gate.submit(() -> {
            for (SenderKeyName own : ownKeyNames(group)) {
                cipher.rotate(own);
            }
            return sender.commitState();
        });
    }

    private List<SenderKeyName> ownKeyNames(Jid group) {
        List<SenderKeyName> names = new ArrayList<>(2);
        MessageSender.Identity self = identity.get();
        if (self != null) {
            names.add(new SenderKeyName(group.toString(), SignalAddresses.of(self.me())));
            if (self.lid() != null) {
                names.add(new SenderKeyName(group.toString(), SignalAddresses.of(self.lid())));
            }
        }
        return names;
    }

    @Override
    public CompletableFuture<MessageSender.Plan> plan(StanzaRouter router, MessageSender.Identity self, Jid group,
                                                      Message message, String id) {
        return metadata(router, group).exceptionallyCompose(failure -> {
            Throwable cause = io.wabridge.client.session.Failures.unwrap(failure);
            if (cause instanceof io.wabridge.client.stanza.IqErrorException iq && (iq.code() == 404 || iq.code() == 403)) {
                return CompletableFuture.failedFuture(new GroupSendException(id, iq.code() == 404
                        ? GroupSendException.Reason.GROUP_NOT_FOUND : GroupSendException.Reason.NOT_A_PARTICIPANT,
                        (iq.code() == 404 ? "no group " : "not a participant of ") + group, iq));
            }
            return CompletableFuture.failedFuture(cause);
        }).thenCompose(info -> {
            boolean lid = info.addressingMode() == GroupInfo.AddressingMode.LID && self.lid() != null;
            Jid ownDevice = lid ? self.lid() : self.me();
            Jid ownUser = ownDevice.toNonAd();
            GroupInfo.Participant us = info.participants().stream().filter(p -> ownUser.equals(p.jid())
                    || ownUser.equals(p.pn()) || ownUser.equals(p.lid())).findFirst().orElse(null);
            if (us == null) {
                return CompletableFuture.failedFuture(new GroupSendException(id,
                        GroupSendException.Reason.NOT_A_PARTICIPANT, "not a participant of " + group, null));
            }
            if (us.role() == GroupInfo.Role.MEMBER && cache.announcement(group)) {
                return CompletableFuture.failedFuture(new GroupSendException(id, GroupSendException.Reason.NOT_ADMIN,
                        group + " is an announcement group: only its admins may send", null));
            }
            List<Jid> cached = cache.devices(group);
            CompletableFuture<List<Jid>> targets = cached != null ? CompletableFuture.completedFuture(cached)
                    : devices.devices(router, info.users(), self.me(), self.lid()).thenApply(found -> {
                        cache.putDevices(group, info, found);
                        return found;
                    });
            java.util.function.Function<List<Jid>, MessageSender.Plan> plan = found -> new GroupPlan(self, info.jid(),
                    info.users(), lid ? info.addressingMode().wireName() : null, lid, ownDevice, id, message, found, true);
            // a big group's plan (its key check over every device) does not add to the last usync answer's task
            return cached == null && info.participants().size() > LIDS_PER_STEP
                    ? targets.thenApplyAsync(plan, executor) : targets.thenApply(plan);
        });
    }

    /**
     * Plans a send to a broadcast list ({@code status@broadcast}) with the group sender-key machinery: our sender key
     * of the list (under our LID when we have one, as WhatsApp addresses statuses), distributed pairwise to every
     * device of {@code audience} and of our own other devices with each send (the server delivers a status only to
     * the devices the stanza lists, so no holder is remembered), then the message once as an {@code skmsg}.
     *
     * @param audience users (phone-number or LID JIDs, no device), already checked by the caller
     */
    public CompletableFuture<MessageSender.Plan> planBroadcast(StanzaRouter router, MessageSender.Identity self,
                                                               Jid list, List<Jid> audience, Message message,
                                                               String id) {
        boolean lid = self.lid() != null;
        Jid ownDevice = lid ? self.lid() : self.me();
        List<Jid> users = new ArrayList<>(audience.size() + 1);
        users.addAll(audience);
        if (audience.stream().noneMatch(u -> u.sameUser(self.me()) || self.lid() != null && u.sameUser(self.lid()))) {
            users.add(self.me().toNonAd());
        }
        return devices.devices(router, users, self.me(), self.lid()).thenApply(found ->
                new GroupPlan(self, list, users, null, lid, ownDevice, id, message, found, false));
    }

    /**
     * One send to a group or broadcast list: the devices lacking our key get it pairwise (every device when the list's
     * holders are not remembered), everyone gets the one skmsg.
     */
    private final class GroupPlan implements MessageSender.Plan {
        private final MessageSender.Identity self;
        private final Jid chat;
        private final List<Jid> users;
        private final String addressing;
        private final boolean remember;
        private final boolean lid;
        private final Jid ownDevice;
        private final String id;
        private final Message message;
        private final List<Jid> targets;
        private List<Jid> lacking;
        private int keyId;
        private byte[] distribution;

        GroupPlan(MessageSender.Identity self, Jid chat, List<Jid> users, String addressing, boolean lid,
                  Jid ownDevice, String id, Message message, List<Jid> targets, boolean remember) {
            this.self = self;
            this.chat = chat;
            this.users = users;
            this.addressing = addressing;
            this.remember = remember;
            this.lid = lid;
            this.ownDevice = ownDevice;
            this.id = id;
            this.message = message;
            this.targets = targets;
        }

        private SenderKeyName ownKey() {
            return new SenderKeyName(chat.toString(), SignalAddresses.of(ownDevice));
        }

        /**
         * Our sender key of the chat, read ahead before {@link #pairwiseDevices()} asks it, and the devices, whose
         * LID mappings (when not cached) their session addresses need.
         */
        @Override
        public void readFirst(io.wabridge.client.signal.store.ReadAhead.Keys keys, List<Jid> users) {
            keys.senderKeys().add(ownKey());
            users.addAll(targets);
        }

        /** Decided now from the current key (created if missing); checked again at build time. */
        @Override
        public List<Jid> pairwiseDevices() {
            refreshKey();
            return lacking;
        }

        private void refreshKey() {
            distribution = cipher.createDistribution(ownKey());
            keyId = keyIdOf(distribution);
            lacking = new ArrayList<>();
            for (Jid device : targets) {
                if (!remember || !memory.has(chat, keyId, device)) {
                    lacking.add(device);
                }
            }
        }

        @Override
        public CompletableFuture<MessageSender.Built> build(Map<Jid, PreKeyFetch.Result> bundles) {
            refreshKey(); // a rotation may have come between planning and now
            Message skdm = Message.newBuilder().setSenderKeyDistributionMessage(SenderKeyDistributionMessage
                    .newBuilder().setGroupId(chat.toString())
                    .setAxolotlSenderKeyDistributionMessage(ByteString.copyFrom(distribution))).build();
            List<String> skipped = new ArrayList<>();
            return sender.encryptInSteps(lacking, MessagePlaintext.encode(skdm, random), bundles, skipped)
                    .thenCompose(parts -> finish(parts, skipped));
        }

        /**
         * The skmsg (on the executor: it advances our sender key), then the stanza with its {@code phash}: built on
         * {@code offload} when the stanza carries the key to more than {@link #INLINE_STANZA_DEVICES} devices or the
         * phash of more than that many is not computed yet (a 1,024-member group's first stanza names over a thousand
         * devices; neither touches session state), completing back on the executor; else inline (a later send to the
         * same group: its cached phash and a small stanza).
         */
        private CompletableFuture<MessageSender.Built> finish(List<OutgoingStanzas.Part> parts, List<String> skipped) {
            if (!skipped.isEmpty()) {
                LOG.warn("message {} to {}: sender key not distributed to {}", id, chat, skipped);
            }
            byte[] skmsg;
            try {
                skmsg = cipher.encrypt(ownKey(), MessagePlaintext.encode(message, random));
            } catch (SenderKeyException e) {
                throw new MessageSendException(id, "group encryption failed for " + chat + ": " + e.getMessage(), e);
            }
            CompletableFuture<String> hash = phash(targets, ownDevice, targets.size() <= INLINE_STANZA_DEVICES);
            int sentKey = keyId;
            Runnable stale = () -> {
                cache.invalidate(chat);
                for (Jid user : users) {
                    devices.cache().invalidate(user);
                }
            };
            java.util.function.Function<String, MessageSender.Built> built = phash -> {
                Node stanza = OutgoingStanzas.group(id, chat, message, parts, skmsg, phash, addressing,
                        self.deviceIdentity());
                List<Jid> distributed = parts.stream().map(OutgoingStanzas.Part::device).toList();
                return new MessageSender.Built(stanza, phash, targets.size(), stale,
                        remember ? () -> memory.add(chat, sentKey, distributed) : () -> { });
            };
            if (parts.size() <= INLINE_STANZA_DEVICES && hash.isDone()) { // a later send: its phash is known, its stanza small
                return CompletableFuture.completedFuture(built.apply(hash.join()));
            }
            return hash.thenApplyAsync(built, offload).thenApplyAsync(b -> b, executor);
        }
    }

    /** The last group send's device list (the cached list itself), our device and their phash. */
    private List<Jid> hashedTargets;
    private Jid hashedOwn;
    private CompletableFuture<String> hashedPhash;

    /**
     * The phash of a group send's devices plus ours. Sends to a group reuse its cached device list (the same list
     * object until the cache drops it), so the hash (sorting and hashing every device's JID: ~0.1-0.3 ms for 512
     * devices) is computed once per list, not per message; unless {@code inline}, on {@code offload} (the list is
     * immutable: {@link GroupCache#putDevices} copies it).
     */
    private CompletableFuture<String> phash(List<Jid> targets, Jid ownDevice, boolean inline) {
        if (targets != hashedTargets || !ownDevice.equals(hashedOwn) || hashedPhash.isCompletedExceptionally()) {
            java.util.function.Supplier<String> compute = () -> {
                List<Jid> hashed = new ArrayList<>(targets.size() + 1);
                hashed.addAll(targets);
                hashed.add(ownDevice);
                return ParticipantHash.of(hashed);
            };
            hashedPhash = inline ? CompletableFuture.completedFuture(compute.get())
                    : CompletableFuture.supplyAsync(compute, offload);
            hashedTargets = targets;
            hashedOwn = ownDevice;
        }
        return hashedPhash;
    }

    private static int keyIdOf(byte[] distribution) {
        try {
            return io.wabridge.proto.wa.signal.SenderKeyDistributionMessage
                    .parseFrom(Arrays.copyOfRange(distribution, 1, distribution.length)).getId();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("our own distribution message does not parse", e);
        }
    }

    /**
     * The server refused our message to {@code group} ({@code <ack error>}): the cached metadata is dropped (the next
     * send asks again, and so sees an announcement mode or a removal it missed), and the refusal is named when its
     * code says why: 401 not an admin of an announcement group (as the simulator answers; WhatsApp's code for it is
     * not confirmed by a public implementation, which pass any code through as a number), 403 not a participant,
     * 404 no such group.
     */
    @Override
    public MessageSendException rejected(Jid group, MessageRejectedException refusal) {
        cache.invalidate(group);
        GroupSendException.Reason reason = switch (refusal.code()) {
            case 401 -> GroupSendException.Reason.NOT_ADMIN;
            case 403 -> GroupSendException.Reason.NOT_A_PARTICIPANT;
            case 404 -> GroupSendException.Reason.GROUP_NOT_FOUND;
            default -> null;
        };
        return reason == null ? refusal : new GroupSendException(refusal.messageId(), reason,
                refusal.getMessage() + " (" + reason + " in " + group + ")", refusal);
    }

    /**
     * A device could not decrypt our message in the group (a retry receipt): the resend carries our current
     * distribution message, and the device gets it again with the next send too.
     */
    @Override
    public Message redistribute(Jid group, Jid device) {
        memory.remove(group, device);
        MessageSender.Identity self = identity.get();
        if (self == null) {
            return null;
        }
        SenderKeyName own = ownKey(group, self);
        return Message.newBuilder().setSenderKeyDistributionMessage(SenderKeyDistributionMessage.newBuilder()
                .setGroupId(group.toString())
                .setAxolotlSenderKeyDistributionMessage(ByteString.copyFrom(cipher.createDistribution(own)))).build();
    }

    @Override
    public void redistributeReads(Jid group, io.wabridge.client.signal.store.ReadAhead.Keys keys) {
        MessageSender.Identity self = identity.get();
        if (self != null) {
            keys.senderKeys().add(ownKey(group, self));
        }
    }

    /** Our sender key of {@code group}, under our LID device in a LID-addressed group we know. */
    private SenderKeyName ownKey(Jid group, MessageSender.Identity self) {
        GroupInfo info = cache.info(group);
        boolean lid = info != null && info.addressingMode() == GroupInfo.AddressingMode.LID && self.lid() != null;
        return new SenderKeyName(group.toString(), SignalAddresses.of(lid ? self.lid() : self.me()));
    }

    private void notification(Node node, List<ClientEvent.GroupUpdate> updates) {
        Jid group = Jid.tryParse(node.attr("from"));
        if (group == null || !group.isGroup()) {
            return;
        }
        group = group.toNonAd();
        cache.invalidate(group);
        boolean memberGone = false;
        for (ClientEvent.GroupUpdate update : updates) {
            switch (update.kind()) {
                case PARTICIPANTS_REMOVED, PARTICIPANTS_LEFT, PARTICIPANT_NUMBER_CHANGED, DELETED -> memberGone = true;
                default -> { }
            }
        }
        if (memberGone) {
            LOG.debug("a member left {}: rotating our sender key", group);
            Jid g = group;
            rotate(group).exceptionally(e -> {
                LOG.warn("rotating our sender key of {} failed", g, e);
                return null;
            });
        }
    }

    int cachedGroups() {
        return cache.size();
    }
}

package io.wabridge.client;

import io.wabridge.client.auth.CredentialsCell;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.events.ClientEventListener;
import io.wabridge.client.group.Groups;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.lid.LidMappings;
import io.wabridge.client.privacy.PrivacyTokens;
import io.wabridge.client.chats.ChatBook;
import io.wabridge.client.message.MessageIdGenerator;
import io.wabridge.client.message.content.MessageContent;
import io.wabridge.client.receipt.IncomingReceipts;
import io.wabridge.client.receipt.ReceiptStanzas;
import io.wabridge.client.receipt.ReceiptType;
import io.wabridge.client.receive.CommitGate;
import io.wabridge.client.receive.DecryptRetries;
import io.wabridge.client.receive.InboundPipeline;
import io.wabridge.client.receive.MessageDecryptor;
import io.wabridge.client.receive.RetryKeys;
import io.wabridge.client.send.KeyFetchFailures;
import io.wabridge.client.send.MessageSender;
import io.wabridge.client.send.RetryResender;
import io.wabridge.client.send.SendResult;
import io.wabridge.client.send.ServerAcks;
import io.wabridge.client.session.OnExecutor;
import io.wabridge.client.session.SerialExecutor;
import io.wabridge.client.signal.SignalAddresses;
import io.wabridge.client.signal.SignalCipher;
import io.wabridge.client.signal.group.GroupCipher;
import io.wabridge.client.signal.store.SignalStores;
import io.wabridge.client.stanza.StanzaMatcher;
import io.wabridge.client.stanza.StanzaRouter;
import io.wabridge.client.store.AccountStore;
import io.wabridge.client.store.Credentials;
import io.wabridge.client.usync.DeviceCache;
import io.wabridge.client.usync.DeviceNotifications;
import io.wabridge.client.usync.DeviceResolver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One account's messaging (1:1 and groups), wired: Signal stores and cipher, device cache, send, receive pipeline, receipts and
 * retries. The account-level state (Signal stores, caches, retry counters) lives as long as the account's
 * credentials; the stanza handlers are installed on every login connection. Runs on the account's serial executor.
 */
final class Messaging {
    private static final Logger LOG = LoggerFactory.getLogger(Messaging.class);

    private final ClientRuntime runtime;
    private final MessagingSettings settings;
    private final AccountStore store;
    private final CredentialsCell credentials;
    private final SerialExecutor executor;
    private final ClientEventListener listener;
    /** Takes received messages that are not for the consumer (history notifications); true when taken. */
    private final Predicate<ClientEvent.MessageReceived> takeOver;
    private final Consumer<ClientEvent> emit;
    private final InboundPipeline.FailureListener failures;
    private final LidMappings lids;
    private final PrivacyTokens privacyTokens;
    private final ChatBook chats;
    private final io.wabridge.client.newsletter.Newsletters newsletters;
    private final io.wabridge.client.call.Calls calls;
    private final io.wabridge.client.blocking.Blocking blocking;
    private final io.wabridge.client.disappearing.Disappearing disappearing;
    private Parts parts;
    private Credentials identityFor;
    private MessageSender.Identity identity;

    /** The account-level state, built on the first login connection. */
    private final class Parts {
        final byte[] identityPublic;
        final SignalStores stores;
        final SignalCipher cipher;
        final GroupCipher groupCipher;
        final CommitGate gate = new CommitGate();
        final DeviceResolver devices;
        final ServerAcks acks;
        final MessageSender sender;
        final RetryResender resender;
        final Groups groups;
        final InboundPipeline pipeline;
        final IncomingReceipts receipts;

        Parts(Credentials c) {
            identityPublic = c.identityKey().publicKey();
            stores = SignalStores.open(store, c, (address, previous, current) ->
                    emit.accept(new ClientEvent.IdentityChanged(SignalAddresses.toJid(address))));
            cipher = new SignalCipher(stores, lids);
            devices = new DeviceResolver(new DeviceCache(settings.deviceCacheUsers(), settings.deviceCacheTtl(),
                    runtime.clock()), settings.iqTimeout(), runtime.leniencies(), Messaging.this::learnedOwnLid);
            devices.onLidsLearned(pairs -> lids.learnAll(pairs, LidMappings.Source.USYNC));
            acks = new ServerAcks(runtime.scheduler(), executor, runtime.leniencies());
            sender = new MessageSender(cipher, stores, devices, acks, gate, store.messages(), runtime.secureRandom(),
                    runtime.clock(), settings.sendTimeout(), settings.iqTimeout(),
                    new KeyFetchFailures(settings.keyFetchFailureTtl(), runtime.clock(), runtime.leniencies()), executor,
                    runtime.storeIo());
            sender.directExtras(privacyTokens::messageChildren);
            sender.usersAhead(lids::readAheadUsers); // a group send's members' LID mappings, off the executor
            groupCipher = new GroupCipher(stores.senderKeys());
            groupCipher.verifyAheadOn(runtime.pool()); // skmsg signatures checked while they wait for the executor
            groups = new Groups(sender, groupCipher, stores, devices, gate, runtime.secureRandom(), runtime.clock(),
                    settings.deviceCacheTtl(), settings.iqTimeout(), Messaging.this::identity, Messaging.this::handOff,
                    executor, runtime.pool());
            resender = new RetryResender(cipher, sender, gate, store.messages(), runtime.secureRandom(),
                    runtime.clock(), settings.maxResends(), settings.iqTimeout(), executor, runtime.storeIo());
            resender.groups(groups);
            groups.onMetadata(pairs -> lids.learnAll(pairs, LidMappings.Source.GROUP));
            MessageDecryptor decryptor = new MessageDecryptor(cipher, groupCipher, new DecryptRetries(DecryptRetries.TRACKED),
                    new RetryKeys(credentials, store.preKeys()), settings.maxDecryptRetries(),
                    settings.ackAfterReceipt(), runtime.clock());
            decryptor.beforeDecrypt(stanza -> lids.learnFromStanza(stanza, LidMappings.Source.MESSAGE));
            pipeline = new InboundPipeline(Messaging.this::decryptorSelf, decryptor, stores, gate, emit,
                    Messaging.this::handOffReceived, executor, runtime.storeIo(), settings.inboundBatch(), failures);
            pipeline.lookAhead(lids::readAhead);
            pipeline.readAlongside(chats::readAhead);
            // the LID mappings the batch taught, then the credentials (a retry receipt's fresh prekey and its id)
            pipeline.alsoStored(() -> lids.stored().thenCompose(v -> credentials.stored()));
            pipeline.batchListener(new InboundPipeline.BatchListener() {
                @Override
                public void committed() {
                    chats.committed();
                }

                @Override
                public void discarded() {
                    chats.discarded();
                }
            });
            receipts = new IncomingReceipts(Messaging.this::handOff, emit,
                    (router, receipt) -> resender.handle(router, receipt, Messaging.this::identity), executor,
                    runtime.clock());
        }
    }

    Messaging(ClientRuntime runtime, MessagingSettings settings, AccountStore store, CredentialsCell credentials,
              SerialExecutor executor, OwnConnection link, ClientEventListener listener, Predicate<ClientEvent.MessageReceived> takeOver,
              Consumer<ClientEvent> emit, InboundPipeline.FailureListener failures) {
        this.runtime = runtime;
        this.settings = settings;
        this.store = store;
        this.credentials = credentials;
        this.executor = executor;
        this.listener = listener;
        this.takeOver = takeOver;
        this.emit = emit;
        this.failures = failures;
        this.lids = new LidMappings(store.sessionId(), store.lidMappings(), emit, settings.lidCacheUsers());
        lids.writeBehind(runtime.storeIo(), executor);
        this.privacyTokens = new PrivacyTokens(store.sessionId(), store.privacyTokens(), lids, runtime.clock(),
                settings.iqTimeout());
        this.chats = new ChatBook(store.sessionId(), store.contacts(), store.threads(), store.messages(), lids, emit,
                executor, runtime.storeIo());
        this.newsletters = new io.wabridge.client.newsletter.Newsletters(executor, settings.iqTimeout(),
                settings.sendTimeout(), runtime.secureRandom(), this::handOff);
        AccountLink account = new AccountLink();
        this.calls = new io.wabridge.client.call.Calls(store.sessionId(), executor, this::handOff, emit, account,
                runtime.clock());
        this.blocking = new io.wabridge.client.blocking.Blocking(store.sessionId(), executor, this::handOff, emit, account,
                runtime.clock(), settings.iqTimeout());
        this.disappearing = new io.wabridge.client.disappearing.Disappearing(link, chats, emit, runtime.secureRandom(),
                runtime.clock());
    }

    /** The account's disappearing-messages timers. */
    io.wabridge.client.disappearing.Disappearing disappearing() {
        return disappearing;
    }

    /** What the calls and blocking coordinators ask of the account: its own identity, its LID mappings, a text send. */
    private final class AccountLink implements io.wabridge.client.call.Calls.Link, io.wabridge.client.blocking.Blocking.Link {
        @Override
        public Jid ownUser() {
            return identity().me().normalizedUser();
        }

        @Override
        public Jid ownLid() {
            Jid lid = identity().lid();
            return lid == null ? null : lid.normalizedUser();
        }

        @Override
        public CompletableFuture<?> sendText(StanzaRouter router, Jid to, String text, String key) {
            return send(router, to, new io.wabridge.client.message.content.Text(text), key);
        }

        @Override
        public java.util.Optional<Jid> lidFor(Jid pn) {
            return lids.lidFor(pn);
        }

        @Override
        public java.util.Optional<Jid> pnFor(Jid lid) {
            return lids.pnFor(lid);
        }
    }

    /** The account's newsletters (channels). */
    io.wabridge.client.newsletter.Newsletters newsletters() {
        return newsletters;
    }

    /** The account's block list and privacy settings. */
    io.wabridge.client.blocking.Blocking blocking() {
        return blocking;
    }

    /** The account's calls (offers in, rejects out). */
    io.wabridge.client.call.Calls calls() {
        return calls;
    }

    /** The account's contacts and chats (on the account's executor only). */
    ChatBook chats() {
        return chats;
    }

    /** The account's privacy tokens (on the account's executor only). */
    PrivacyTokens privacyTokens() {
        return privacyTokens;
    }

    /** The account's LID mappings (on the account's executor only). */
    LidMappings lids() {
        return lids;
    }

    /** Installs the message, receipt, ack and device-notification handlers on a login connection. */
    void install(StanzaRouter router) {
        Parts p = parts();
        // a receipt's or notification's LID mappings not in memory are read ahead, off the executor, before it is
        // handled; they keep their order among themselves meanwhile (messages have their own read ahead)
        router.lookAhead(node -> node.is("receipt") || node.is("notification"), lids::readAheadPairs, settings.iqTimeout());
        p.acks.install(router);
        DeviceNotifications.install(router, p.devices.cache(),
                node -> learnQuietly(node, LidMappings.Source.NOTIFICATION));
        p.groups.install(router);
        privacyTokens.install(router);
        calls.install(router);
        blocking.install(router);
        io.wabridge.client.profile.ProfileNotifications.install(router, emit);
        newsletters.install(router, p.acks);
        router.on(StanzaMatcher.tag("message"), node -> {
            if (!newsletters.offer(router, node)) { // posts from a newsletter are plaintext
                p.pipeline.accept(router, node);
            }
        });
        router.on(StanzaMatcher.tag("receipt"), node -> {
            learnQuietly(node, LidMappings.Source.RECEIPT);
            MessageSender.Identity self = identity();
            p.receipts.handle(router, node, self.me(), self.lid());
        });
    }

    /** A connection ended: sends waiting for its acks fail, its undecrypted stanzas are dropped. */
    void connectionClosed(StanzaRouter router, String reason) {
        if (parts != null) {
            parts.acks.failAll(reason);
            parts.pipeline.connectionClosed(router);
        }
        calls.connectionClosed(router);
        blocking.connectionClosed(router);
    }

    /** The account was logged out: everything account-level goes. */
    void reset() {
        if (parts != null) {
            parts.acks.failAll("logged out");
            parts.stores.discardPending();
        }
        parts = null;
        lids.clear();
        chats.discarded();
        chats.storeWiped();
        privacyTokens.storeWiped();
        calls.reset();
        blocking.reset();
        disappearing.reset();
    }

    CompletableFuture<SendResult> send(StanzaRouter router, Jid to, MessageContent content, String idempotencyKey) {
        Jid chat = to.toNonAd();
        // What the send reads that is not in memory is read ahead first, off the executor; sends start in the order
        // they were asked (a send to a known chat behind a first send waits for the latter's reads).
        CompletableFuture<Void> ready = OnExecutor.after(sendsReady, () -> aheadOfSend(chat), executor);
        CompletableFuture<CompletableFuture<SendResult>> started = ready.thenApply(v -> parts().sender.send(router,
                identity(), to, disappearing.outgoing(chat, content), idempotencyKey));
        sendsReady = started.handle((v, f) -> null);
        CompletableFuture<SendResult> sent = started.thenCompose(s -> s);
        sent.thenAccept(result -> executor.execute(() -> {
            try {
                chats.sent(chat, result.timestamp(), identity().me(), result.messageId(), content);
            } catch (RuntimeException e) {
                LOG.debug("[{}] chat {} not updated after a send: {}", store.sessionId(), chat, e.toString());
            }
        }));
        if ((chat.isPn() || chat.isLid()) && !chat.sameUser(identity().me())
                && (identity().lid() == null || !chat.sameUser(identity().lid()))) {
            sent.thenRun(() -> executor.execute(() -> {
                try {
                    privacyTokens.issueIfDue(router, chat);
                } catch (RuntimeException e) {
                    LOG.debug("[{}] privacy token not issued to {}: {}", store.sessionId(), chat, e.toString());
                }
            }));
        }
        return sent;
    }

    /** Completes once the send asked last has started (see {@link #send}). */
    private CompletableFuture<Void> sendsReady = CompletableFuture.completedFuture(null);

    /**
     * Reads ahead, on the store I/O executor, what a send to {@code chat} would otherwise read on the executor: for a
     * user its LID mapping and privacy tokens ({@link #privacyTokensAhead}), then its chat ({@code ChatBook}, kept
     * under the phone number the mapping names). At once when all are in memory; completes on the executor.
     */
    private CompletableFuture<Void> aheadOfSend(Jid chat) {
        if (chat.isGroup()) {
            return chats.readAhead(List.of(chat), List.of());
        }
        if (!(chat.isPn() || chat.isLid())) {
            return CompletableFuture.completedFuture(null);
        }
        return privacyTokensAhead(chat).thenCompose(v -> chats.readAhead(List.of(chat), List.of()));
    }

    /**
     * Reads ahead, off the executor, the privacy tokens {@code user} issued us (and its LID mapping first) when they
     * are not in memory, e.g. before a presence subscription carries one; completes on the executor.
     */
    CompletableFuture<Void> privacyTokensAhead(Jid user) {
        return lids.readAheadUsers(List.of(user))
                .thenCompose(v -> privacyTokens.readAhead(user, runtime.storeIo(), executor));
    }

    /**
     * Sends a protocol message to our own primary phone only ({@code category="peer"}), e.g. a history request; the
     * result's id is the request's message id.
     */
    CompletableFuture<SendResult> sendPeer(StanzaRouter router, io.wabridge.proto.wa.Message message) {
        Parts p = parts();
        MessageSender.Identity self = identity();
        Jid ownUser = self.me().normalizedUser();
        Jid primary = ownUser.withDevice(0);
        String id = self.ids().next();
        MessageSender.Plan plan = new MessageSender.Plan() {
            @Override
            public List<Jid> pairwiseDevices() {
                return List.of(primary);
            }

            @Override
            public CompletableFuture<MessageSender.Built> build(java.util.Map<Jid, io.wabridge.client.send.PreKeyFetch.Result> bundles) {
                List<String> skipped = new java.util.ArrayList<>();
                var part = p.sender.encryptFor(primary, io.wabridge.client.message.MessagePlaintext.encode(message,
                        runtime.secureRandom()), bundles, skipped);
                if (part == null) {
                    return CompletableFuture.failedFuture(new io.wabridge.client.send.MessageSendException(id,
                            "our primary phone could not be encrypted for: " + skipped));
                }
                return CompletableFuture.completedFuture(new MessageSender.Built(
                        io.wabridge.client.send.OutgoingStanzas.peer(id, ownUser, message, part.encrypted(),
                                self.deviceIdentity()), null, 1, () -> { }, () -> { }));
            }
        };
        return p.sender.send(router, id, ownUser, message, CompletableFuture.completedFuture(plan));
    }

    /**
     * Sends a status to {@code status@broadcast} for {@code audience} (users, checked by the caller) with our sender
     * key of the list, as a group message; no chat is touched.
     */
    CompletableFuture<SendResult> sendStatus(StanzaRouter router, List<Jid> audience,
                                             io.wabridge.proto.wa.Message message, String idempotencyKey) {
        Parts p = parts();
        MessageSender.Identity self = identity();
        String id = idempotencyKey == null ? self.ids().next() : self.ids().forIdempotencyKey(idempotencyKey);
        return p.sender.send(router, id, Jid.STATUS_BROADCAST, message,
                p.groups.planBroadcast(router, self, Jid.STATUS_BROADCAST, audience, message, id));
    }

    /** Sends a read / played / ... receipt for messages of one chat. */
    CompletableFuture<Void> sendReceipt(StanzaRouter router, Jid chat, Jid sender, List<String> ids, ReceiptType type) {
        if (type == ReceiptType.RETRY || type == ReceiptType.OTHER) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("cannot send a " + type.jsonName() + " receipt"));
        }
        router.send(ReceiptStanzas.forMessages(chat, sender, ids, type, runtime.clock().millis() / 1000));
        return CompletableFuture.completedFuture(null);
    }

    /** For tests and metrics: the receive pipeline of the account, null before the first login. */
    InboundPipeline pipeline() {
        return parts == null ? null : parts.pipeline;
    }

    DeviceCache deviceCache() {
        return parts == null ? null : parts.devices.cache();
    }

    private Parts parts() {
        Credentials c = credentials.get();
        if (parts != null && !java.util.Arrays.equals(parts.identityPublic, c.identityKey().publicKey())) {
            reset();
        }
        if (parts == null) {
            parts = new Parts(c);
        }
        return parts;
    }

    private MessageSender.Identity identity() {
        Credentials c = credentials.get();
        if (c != identityFor) {
            Jid me = Jid.parse(c.me());
            Jid lid = c.lid() == null ? null : Jid.parse(c.lid());
            identity = new MessageSender.Identity(me, lid, c.account(),
                    MessageIdGenerator.create(me, c.identityKey(), runtime.clock()));
            identityFor = c;
        }
        return identity;
    }

    /** A usync answer named our LID user while we had none (a login without it): stored for our device. */
    private void learnedOwnLid(Jid lidUser) {
        Credentials c = credentials.get();
        if (c.lid() != null) {
            return;
        }
        String lid = lidUser.withDevice(Jid.parse(c.me()).device()).toString();
        credentials.save(c.toBuilder().lid(lid).build());
        LOG.info("[{}] learned our LID {} from a usync answer", store.sessionId(), lid);
        learnOwnMapping();
    }

    /** The login completed: our LID may have come with {@code <success>}. */
    void loggedIn() {
        try {
            learnOwnMapping();
        } catch (io.wabridge.client.store.StoreFencedException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("[{}] our own LID mapping could not be kept", store.sessionId(), e);
        }
    }

    /**
     * Our own phone number's stored LID mapping, read ahead (off the executor) when a connection starts, before the
     * connection exists: the login then learns our mapping from the cache, and the first stanzas it decrypts (our own
     * devices' copies, addressed by it) cannot race the read.
     */
    CompletableFuture<Void> ownMappingAhead(Credentials c) {
        Jid me = c.me() == null ? null : Jid.tryParse(c.me());
        return me == null ? CompletableFuture.completedFuture(null) : lids.readAheadUsers(List.of(me));
    }

    /**
     * Our own phone number and LID, once we know the LID (pair-success, {@code <success>}, usync). Learnt at once, on
     * the executor, before the login reports open: the session addresses of the first stanzas the connection decrypts
     * (our own devices' copies) depend on it. The stored mapping was read ahead when the connection started
     * ({@link #ownMappingAhead}), so this makes no store read.
     */
    private void learnOwnMapping() {
        Credentials c = credentials.get();
        if (c.me() != null && c.lid() != null) {
            Jid me = Jid.tryParse(c.me());
            Jid lid = Jid.tryParse(c.lid());
            if (me != null && lid != null) {
                lids.learn(me, lid, LidMappings.Source.OWN);
            }
        }
    }

    /** Learns a stanza's pn/lid attributes; a failure (other than a fence) is logged, the stanza goes on. */
    private void learnQuietly(io.wabridge.client.binary.Node node, LidMappings.Source source) {
        try {
            lids.learnFromStanza(node, source);
        } catch (io.wabridge.client.store.StoreFencedException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("[{}] LID mappings of a {} could not be kept", store.sessionId(), node.tag(), e);
        }
    }

    private MessageDecryptor.Self decryptorSelf() {
        Credentials c = credentials.get();
        return new MessageDecryptor.Self(Jid.parse(c.me()), c.lid() == null ? null : Jid.parse(c.lid()),
                c.registrationId());
    }

    /** A received message: noted for the contacts and chats (written with its batch), then handed off. */
    private CompletionStage<Void> handOffReceived(ClientEvent event) {
        if (event instanceof ClientEvent.MessageReceived status && status.chat().isStatusBroadcast()) {
            return handOff(statusReceived(status)); // a status is never a chat message
        }
        if (event instanceof ClientEvent.MessageReceived received) {
            ClientEvent.MessageReceived m = received;
            try {
                m = lids.withBothIdentities(received);
                event = m;
                chats.received(m);
                disappearing.received(m);
            } catch (io.wabridge.client.store.StoreFencedException e) {
                throw e;
            } catch (RuntimeException e) {
                LOG.warn("[{}] contacts and chats not updated for message {}: {}", store.sessionId(), m.id(), e.toString());
            }
        }
        return handOff(event);
    }

    /** A message from {@code status@broadcast} as the status event, with the author's phone number and LID. */
    private ClientEvent.StatusReceived statusReceived(ClientEvent.MessageReceived received) {
        ClientEvent.MessageReceived m = received;
        try {
            m = lids.withBothIdentities(received);
        } catch (io.wabridge.client.store.StoreFencedException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("[{}] status {}: the author's other identity not looked up: {}", store.sessionId(), m.id(),
                    e.toString());
        }
        return new ClientEvent.StatusReceived(io.wabridge.client.status.StatusPost.received(m.id(), m.sender(),
                m.senderPn(), m.senderLid(), m.pushName(), m.timestamp(), m.fromMe(), m.content(), m.message()));
    }

    private CompletionStage<Void> handOff(ClientEvent event) {
        try {
            if (event instanceof ClientEvent.MessageReceived m && takeOver.test(m)) {
                return CompletableFuture.completedFuture(null);
            }
            disappearing.observed(event);
            return listener.handOff(event);
        } catch (RuntimeException e) {
            LOG.warn("[{}] event hand-off threw on {}", store.sessionId(), event, e);
            return CompletableFuture.failedFuture(e);
        }
    }

}

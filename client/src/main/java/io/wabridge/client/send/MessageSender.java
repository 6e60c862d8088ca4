package io.wabridge.client.send;

import io.wabridge.client.session.Failures;
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
    private List<Jid> lastHashed;
    /**
     * Completes once the send started last reached its encryption (or failed before it). A send resolves devices
     * and fetches bundles at once, but encrypts only after the one started before it: sends are encrypted, flushed
     * and written in the order they were started even when an earlier one waits on a device list or a prekey
     * fetch (callers pipeline a chat's sends without waiting for acks).
     */
    private CompletableFuture<Void> lastEncrypted = CompletableFuture.completedFuture(null);
    private String lastHash;

    public MessageSender(SignalCipher cipher, SignalStores stores, DeviceResolver devices, ServerAcks acks,
                         CommitGate gate, MessageStore sent, RandomGenerator random, Clock clock,
                         Duration sendTimeout, Duration iqTimeout, KeyFetchFailures keyFetches, Executor executor) {
        this.executor = executor;
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

    /**
     * Sends {@code content} to a user (phone-number or LID JID, no device).
     *
     * @param idempotencyKey when not null the message id is derived from it, so a repeated send reuses the id (and a
     *                       send still in flight with that id is joined rather than repeated)
     */
    public CompletableFuture<SendResult> send(StanzaRouter router, Identity self, Jid to, MessageContent content,
                                              String idempotencyKey) {
        Message message;
        String id;
        try {
            checkRecipient(to);
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
        Jid ownUser = chat.isLid() && self.lid() != null ? self.lid().toNonAd() : self.me().toNonAd();
        List<Jid> users = chat.sameUser(ownUser) ? List.of(chat) : List.of(chat, ownUser);
        CompletableFuture<Void> previous = lastEncrypted;
        CompletableFuture<Void> encrypted = new CompletableFuture<>();
        lastEncrypted = encrypted;
        return devices.devices(router, users, self.me(), self.lid())
                .thenCompose(targets -> fetchMissingBundles(router, targets)
                        .thenCompose(bundles -> previous.thenCompose(v -> gate.submit(() -> {
                            try {
                                return encryptAndSend(router, self, chat, ownUser, id, message, targets, bundles);
                            } finally {
                                encrypted.complete(null); // the next send encrypts after this one
                            }
                        }))))
                .whenComplete((result, failure) -> encrypted.complete(null))
                .handle((result, failure) -> {
                    if (failure == null) {
                        return result;
                    }
                    Throwable cause = Failures.unwrap(failure);
                    throw cause instanceof MessageSendException e ? e
                            : new MessageSendException(id, "sending " + id + " to " + chat + " failed: " + cause.getMessage(), cause);
                });
    }

    private CompletableFuture<Map<Jid, PreKeyFetch.Result>> fetchMissingBundles(StanzaRouter router, List<Jid> targets) {
        List<Jid> missing = new ArrayList<>();
        for (Jid device : targets) {
            if (!cipher.hasSession(device)) {
                missing.add(device);
            }
        }
        return keyFetches.fetch(router, missing, iqTimeout);
    }

    private CompletableFuture<SendResult> encryptAndSend(StanzaRouter router, Identity self, Jid chat, Jid ownUser,
                                                         String id, Message message, List<Jid> targets,
                                                         Map<Jid, PreKeyFetch.Result> bundles) {
        if (router.isClosed()) {
            return CompletableFuture.failedFuture(new MessageSendException(id, "connection closed before " + id + " was sent"));
        }
        byte[] plaintext = MessagePlaintext.encode(message, random);
        byte[] ownCopy = null;
        List<OutgoingStanzas.Part> parts = new ArrayList<>(targets.size());
        List<String> skipped = new ArrayList<>();
        int toRecipient = 0;
        for (Jid device : targets) {
            boolean own = device.sameUser(ownUser);
            try {
                PreKeyFetch.Result fetched = bundles.get(device);
                if (!cipher.hasSession(device)) {
                    if (fetched == null || !fetched.ok()) {
                        skipped.add(device + " (" + (fetched == null ? "no session" : fetched.error()) + ")");
                        continue;
                    }
                    cipher.processBundle(device, fetched.bundle());
                }
                if (own && ownCopy == null) {
                    ownCopy = MessagePlaintext.encode(MessageContentCodec.wrapForOwnDevices(message, chat.toString()), random);
                }
                EncryptedMessage encrypted = cipher.encrypt(device, own ? ownCopy : plaintext);
                parts.add(new OutgoingStanzas.Part(device, encrypted));
                if (!own) {
                    toRecipient++;
                }
            } catch (SignalCipherException | RuntimeException e) {
                if (e instanceof io.wabridge.client.store.StoreException) {
                    throw (RuntimeException) e;
                }
                skipped.add(device + " (" + e.getMessage() + ")");
            }
        }
        if (!skipped.isEmpty()) {
            LOG.warn("message {} to {}: skipped devices {}", id, chat, skipped);
        }
        if (toRecipient == 0 && !chat.sameUser(ownUser)) {
            stores.flush();
            return CompletableFuture.failedFuture(new MessageSendException(id, skipped.isEmpty()
                    ? "the server lists no device of " + chat
                    : "no device of " + chat + " could be encrypted for: " + skipped));
        }
        Node stanza = OutgoingStanzas.fanOut(id, chat, message, parts, self.deviceIdentity());
        String phash = participantHash(targets, chat.isLid() && self.lid() != null ? self.lid() : self.me());
        Prepared prepared = new Prepared(router, id, chat, ownUser, message, stanza, phash, parts.size(),
                new CompletableFuture<>());
        uncommitted.add(prepared);
        if (uncommitted.size() == 1) {
            gate.sendsPending();
            executor.execute(this::commit);
        }
        return prepared.result();
    }

    /** An encrypted message waiting for its commit: flushed with the others, then written. */
    private record Prepared(StanzaRouter router, String id, Jid chat, Jid ownUser, Message message, Node stanza,
                            String phash, int count, CompletableFuture<SendResult> result) {}

    /**
     * Commits the messages encrypted since the last commit (those whose send tasks were queued together): one flush
     * of the Signal state for all of them, then their stanzas written together. The state is durable before any
     * ciphertext leaves, as for a single message; until then a receive batch waits (see {@link CommitGate}).
     */
    private void commit() {
        List<Prepared> batch = new ArrayList<>(uncommitted);
        uncommitted.clear();
        try {
            stores.flush();
        } catch (RuntimeException e) {
            for (Prepared p : batch) {
                p.result().completeExceptionally(e);
            }
            gate.sendsCommitted();
            return;
        }
        // The messages a retry receipt may ask for again, stored in one write before any of them leaves.
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
        try {
            sent.putAll(toKeep);
        } catch (RuntimeException e) {
            for (Prepared p : live) {
                p.result().completeExceptionally(e);
            }
            gate.sendsCommitted();
            return;
        }
        StanzaRouter router = null;
        List<Prepared> group = new ArrayList<>(batch.size());
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
        gate.sendsCommitted();
    }

    /** Writes one connection's stanzas together; if that fails (the connection just closed) their sends fail. */
    private static void write(StanzaRouter router, List<Prepared> group) {
        if (router != null && !group.isEmpty()) {
            List<Node> stanzas = new ArrayList<>(group.size());
            for (Prepared p : group) {
                stanzas.add(p.stanza());
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
        if (serverHash != null && !serverHash.equals(p.phash())) {
            // The server knows other devices than we used: drop both lists so the next send queries again.
            devices.cache().invalidate(p.chat());
            devices.cache().invalidate(p.ownUser());
        }
        return new SendResult(p.id(), timestamp(node.attr("t")), p.count());
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

    /** Only users (not devices) of phone-number or LID servers: groups, broadcasts and newsletters come later. */
    static void checkRecipient(Jid to) {
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

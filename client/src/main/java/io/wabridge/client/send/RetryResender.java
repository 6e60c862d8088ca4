package io.wabridge.client.send;

import com.google.protobuf.InvalidProtocolBufferException;
import io.wabridge.client.binary.Node;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.message.MessagePlaintext;
import io.wabridge.client.message.content.MessageContentCodec;
import io.wabridge.client.receive.CommitGate;
import io.wabridge.client.signal.DeviceKeyBundle;
import io.wabridge.client.signal.EncryptedMessage;
import io.wabridge.client.signal.SignalCipher;
import io.wabridge.client.signal.SignalCipherException;
import io.wabridge.client.session.OnExecutor;
import io.wabridge.client.signal.store.ReadAhead;
import io.wabridge.client.stanza.StanzaRouter;
import io.wabridge.client.store.MessageKey;
import io.wabridge.client.store.MessageStore;
import io.wabridge.proto.wa.Message;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Answers a retry receipt from a device that could not decrypt a message we sent (whatsmeow
 * {@code handleRetryReceipt}): looks the message up in the sent-message cache, starts a new session from the
 * keys the receipt carries, or from a freshly fetched bundle when the receipt has none and this is the second
 * attempt or later (or we have no session), re-encrypts it for that device alone and sends it with the same id
 * and {@code <enc count>}. Each (device, message) pair is answered at most {@code maxResends} times: counted here
 * for the {@value #TRACKED} most recent pairs (about 60 KB at the bound, see {@code SessionCacheSizingProbe}), and
 * by the receipt's own {@code count} for a pair whose count was forgotten. No store round trip runs on the
 * session's executor: the stored message and the device's session are read on the store I/O executor first, and the
 * re-encrypted state is flushed by the sender's next commit ({@link MessageSender#commitState()}) before the resend
 * leaves.
 */
public final class RetryResender {

    private record Attempt(Jid device, String id) {}

    private final SignalCipher cipher;
    private final MessageSender sender;
    private final CommitGate gate;
    private final Executor executor;
    private final Executor io;
    private final MessageStore sent;
    private final RandomGenerator random;
    private final Clock clock;
    private final int maxResends;
    private final Duration iqTimeout;
    private MessageSender.GroupPlanner groups;
    /** (device, message) pairs whose resends are counted, per account: a bound on its memory. */
    public static final int TRACKED = 512;

    private final Map<Attempt, Integer> attempts = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Attempt, Integer> eldest) {
            return size() > TRACKED;
        }
    };

    public RetryResender(SignalCipher cipher, MessageSender sender, CommitGate gate, MessageStore sent,
                         RandomGenerator random, Clock clock, int maxResends, Duration iqTimeout, Executor executor,
                         Executor io) {
        this.cipher = cipher;
        this.sender = sender;
        this.gate = gate;
        this.executor = executor;
        this.io = io;
        this.sent = sent;
        this.random = random;
        this.clock = clock;
        this.maxResends = maxResends;
        this.iqTimeout = iqTimeout;
    }

    /** Answers retry receipts for group messages too, with the group's distribution message inside. */
    public void groups(MessageSender.GroupPlanner planner) {
        this.groups = planner;
    }

    /** Handles one {@code <receipt type=retry>}; completes when the resend went out (or fails saying why not). */
    public CompletableFuture<Void> handle(StanzaRouter router, Node receipt, Supplier<MessageSender.Identity> self) {
        try {
            return resend(router, receipt, self.get());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<Void> resend(StanzaRouter router, Node receipt, MessageSender.Identity self) {
        Node retry = receipt.child("retry");
        if (retry == null) {
            throw new IllegalArgumentException("retry receipt without <retry>");
        }
        String id = retry.attr("id", receipt.attr("id"));
        int count = parseCount(retry.attr("count"));
        Jid from = receipt.requireJidAttr("from");
        Jid group = null;
        if (from.isGroup()) {
            if (groups == null) {
                throw new IllegalArgumentException("retry receipts for group messages are not enabled");
            }
            group = from.toNonAd();
            from = receipt.requireJidAttr("participant");
        } else if (from.isBroadcast()) {
            throw new IllegalArgumentException("retry receipts for broadcast messages are not supported yet");
        }
        boolean own = group == null && (from.sameUser(self.me()) || self.lid() != null && from.sameUser(self.lid()));
        Jid recipient = receipt.jidAttr("recipient");
        Jid chat = group != null ? group : own && recipient != null ? recipient.toNonAd() : from.toNonAd();
        MessageKey key = new MessageKey(chat.toString(), id);
        // its session (and identity without one, or when the receipt's keys or a fetched bundle start a new session),
        // and in a group our sender key the resend carries
        ReadAhead.Keys also = ReadAhead.Keys.create();
        if (group != null) {
            groups.redistributeReads(group, also);
        }
        boolean newSession = receipt.child("keys") != null || count >= 2;
        CompletableFuture<Void> ahead = sender.readAhead(List.of(from), newSession, also);
        CompletableFuture<Optional<byte[]>> loaded = OnExecutor.storeCall(() -> sent.load(key), io, executor);
        Jid g = group;
        Jid f = from;
        return CompletableFuture.allOf(ahead, loaded)
                .thenCompose(v -> {
                    try {
                        return resend(router, receipt, self, retry, id, count, f, g, own, chat, loaded.join());
                    } catch (MalformedKeyBundleException e) {
                        return CompletableFuture.failedFuture(e);
                    }
                })
                .whenComplete((ok, failure) -> sender.readAheadDone());
    }

    private CompletableFuture<Void> resend(StanzaRouter router, Node receipt, MessageSender.Identity self, Node retry,
                                           String id, int count, Jid from, Jid group, boolean own, Jid chat,
                                           Optional<byte[]> stored) throws MalformedKeyBundleException {
        if (stored.isEmpty()) {
            throw new IllegalArgumentException("message " + id + " to " + chat + " is not in the sent-message cache");
        }
        Attempt attempt = new Attempt(from, id);
        int done = Math.max(attempts.getOrDefault(attempt, 0), count - 1);
        if (done >= maxResends) {
            throw new IllegalArgumentException("message " + id + " already resent " + done + " times to " + from);
        }
        attempts.put(attempt, done + 1);
        Message message;
        try {
            message = Message.parseFrom(stored.get());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("cached message " + id + " is unreadable", e);
        }
        Jid device = from;
        Jid inGroup = group;
        CompletableFuture<DeviceKeyBundle> bundle;
        if (receipt.child("keys") != null) {
            bundle = CompletableFuture.completedFuture(KeyBundleNodes.parse(receipt, from.device()));
        } else if (count >= 2 || !cipher.hasSession(from)) {
            bundle = PreKeyFetch.fetch(router, List.of(device), iqTimeout).thenApply(results -> {
                PreKeyFetch.Result r = results.get(device);
                if (r == null || !r.ok()) {
                    throw new IllegalStateException("no prekey bundle for " + device + ": " + (r == null ? "none" : r.error()));
                }
                return r.bundle();
            });
        } else {
            bundle = CompletableFuture.completedFuture(null);
        }
        String t = retry.attr("t");
        long timestamp = t != null ? parseLong(t, clock.millis() / 1000) : clock.millis() / 1000;
        return bundle.thenCompose(keys -> gate.submit(() -> {
            try {
                if (keys != null) {
                    cipher.processBundle(device, keys);
                }
                Message plain = own ? MessageContentCodec.wrapForOwnDevices(message, chat.toString()) : message;
                if (inGroup != null) {
                    // The device may lack our sender key: the resend carries it inside (whatsmeow retry.go).
                    Message distribution = groups.redistribute(inGroup, device);
                    if (distribution != null) {
                        plain = plain.toBuilder().mergeFrom(distribution).build();
                    }
                }
                EncryptedMessage encrypted = cipher.encrypt(device, MessagePlaintext.encode(plain, random));
                Node stanza = inGroup != null
                        ? OutgoingStanzas.resendInGroup(id, inGroup, device, message, encrypted, count, timestamp,
                                self.deviceIdentity())
                        : OutgoingStanzas.resend(id, device, own ? chat : null, message, encrypted, count, timestamp,
                                self.deviceIdentity());
                return sender.commitState().thenCompose(durable -> { // the state is durable before the resend leaves
                    if (router.isClosed()) {
                        return CompletableFuture.failedFuture(new IllegalStateException("connection closed"));
                    }
                    router.send(stanza);
                    return CompletableFuture.completedFuture(null);
                });
            } catch (SignalCipherException e) {
                return CompletableFuture.failedFuture(e);
            }
        }));
    }

    private static int parseCount(String value) {
        if (value == null) {
            return 1;
        }
        try {
            return Math.max(1, Integer.parseInt(value));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static long parseLong(String value, long fallback) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}

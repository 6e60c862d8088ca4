package io.wabridge.simulator.contact;

import io.wabridge.client.binary.BigEndian;
import io.wabridge.client.binary.Node;
import io.wabridge.client.binary.NodeBuilder;
import io.wabridge.client.jid.InvalidJidException;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.message.MessageIdGenerator;
import io.wabridge.client.message.MessagePlaintext;
import io.wabridge.client.message.PlaintextException;
import io.wabridge.client.message.content.MessageContent;
import io.wabridge.client.message.content.MessageContentCodec;
import io.wabridge.client.message.content.Poll;
import io.wabridge.client.message.content.Reaction;
import io.wabridge.client.message.content.ReceivedContent;
import io.wabridge.client.message.content.Text;
import io.wabridge.client.presence.ChatState;
import io.wabridge.client.session.SerialExecutor;
import io.wabridge.client.signal.CiphertextType;
import io.wabridge.client.signal.DeviceKeyBundle;
import io.wabridge.client.signal.DuplicateSignalMessageException;
import io.wabridge.client.signal.EncryptedMessage;
import io.wabridge.client.signal.SignalCipher;
import io.wabridge.client.signal.SenderKeyException;
import io.wabridge.client.signal.SignalAddresses;
import io.wabridge.client.signal.SignalCipherException;
import io.wabridge.client.store.SenderKeyName;
import io.wabridge.proto.wa.SenderKeyDistributionMessage;
import io.wabridge.simulator.group.SimGroup;
import io.wabridge.client.store.KeyPair;
import io.wabridge.proto.wa.Message;
import io.wabridge.simulator.account.PhoneAccount;
import io.wabridge.simulator.account.PublishedPreKey;
import io.wabridge.simulator.account.PublishedSignedPreKey;
import io.wabridge.simulator.messaging.DeviceEndpoint;
import io.wabridge.simulator.messaging.PhoneNetwork;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An account's phone (device 0) as the other end of a conversation: it speaks real Signal through the client
 * library's {@link SignalCipher} over its own keys, and goes through the server's routing directly (no socket), so
 * a client under test exchanges messages with it exactly as with a person.
 *
 * <p>Sending fans a message out to every device of the recipient and to the phone's own companions (as a
 * deviceSentMessage), fetching a prekey bundle for each device it has no session with. Received messages are
 * decrypted into an inbox ({@link #awaitMessage}), answered with a delivery receipt and acked; one that does not
 * decrypt gets a retry receipt instead. Retry receipts for messages it sent are answered by encrypting the message
 * again, from a fresh bundle when the receipt carries keys or asks a second time. It also types ({@link
 * #sendChatState}), goes online ({@link #sendPresence}), watches others' presence ({@link #subscribePresence}) and
 * keeps the chat states and presence updates it receives ({@link #awaitChatState}, {@link #awaitPresence}).
 * Everything runs on the phone's
 * own serial executor; the public methods may be called from any thread.
 */
public final class SimulatedContact {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedContact.class);
    /** How long {@link #send} waits for the server's ack. */
    public static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);
    static final int INBOX_CAPACITY = 10_000;
    static final int SENT_CAPACITY = 1_000;
    static final int RECEIPT_CAPACITY = 10_000;
    /** Retries of one message answered per device, and retry receipts sent per received message. */
    static final int MAX_RETRIES = 5;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PhoneAccount account;
    private final PhoneNetwork messaging;
    private final Clock clock;
    private final SerialExecutor executor;
    private final DeviceEndpoint endpoint;
    private final ContactInbox inbox = new ContactInbox(INBOX_CAPACITY);
    private final BlockingQueue<ContactReceipt> receipts = new LinkedBlockingQueue<>(RECEIPT_CAPACITY);
    private final BlockingQueue<ContactChatState> chatStates = new LinkedBlockingQueue<>(RECEIPT_CAPACITY);
    private final BlockingQueue<ContactPresence> presences = new LinkedBlockingQueue<>(RECEIPT_CAPACITY);
    private final MessageIdGenerator ids;
    // Executor-confined state:
    private final ContactKeys keys;
    private final SentMessages sent = new SentMessages(SENT_CAPACITY);
    private final Map<String, CompletableFuture<String>> awaitingAck = new HashMap<>();
    private final Map<String, Integer> retryReceiptsSent = new HashMap<>();
    /** The key id of each sender-key distribution processed, by group and sender (its user, as the server named it). */
    private final Map<String, List<Integer>> distributionsReceived = new java.util.concurrent.ConcurrentHashMap<>();
    private boolean corruptNext;
    /** Per group: the devices that hold this phone's current sender key (as a key id and the devices). */
    private final Map<Jid, Map.Entry<Integer, java.util.Set<Jid>>> keyHolders = new HashMap<>();
    /** Off: received messages are only acked, never decrypted (load measurements of a client's sending). */
    private volatile boolean decrypting = true;
    /** This phone's 1:1 chat timers: changed by the settings it sends and receives, honoured by what it sends. */
    private final io.wabridge.simulator.disappearing.ChatTimers timers = new io.wabridge.simulator.disappearing.ChatTimers();

    private SimulatedContact(PhoneAccount account, PhoneNetwork messaging, Executor pool, Clock clock) {
        this.account = account;
        this.messaging = messaging;
        this.clock = clock;
        this.executor = new SerialExecutor(pool, "phone-" + account.phoneNumber());
        this.endpoint = new DeviceEndpoint(account, 0, this::receive);
        this.keys = new ContactKeys(account);
        this.ids = MessageIdGenerator.create(account.jid(),
                new KeyPair(account.accountPublicKey(), account.accountKeyPair().privateKey()), clock);
    }

    /**
     * Starts an account's phone: publishes its keys and puts it online. Called once per account by the
     * server's messaging service; everyone else gets phones from {@code MessagingService.contact}.
     */
    public static SimulatedContact start(PhoneAccount account, PhoneNetwork messaging, Executor pool, Clock clock) {
        SimulatedContact phone = new SimulatedContact(account, messaging, pool, clock);
        phone.keys.publish();
        for (Node waiting : messaging.attach(account, 0, phone::receive)) {
            phone.receive(waiting);
        }
        return phone;
    }

    public PhoneAccount account() {
        return account;
    }

    /** {@code PHONE@s.whatsapp.net}. */
    public Jid jid() {
        return account.jid();
    }

    // ---- sending ----

    /** Receives the peer requests (category peer) this account's companions send their phone. */
    @FunctionalInterface
    public interface PeerRequests {
        /** On the phone's executor; {@code from} is the companion device, {@code id} the request's message id. */
        void received(Jid from, String id, Message message);
    }

    private volatile PeerRequests peerRequests;

    /** Where this phone hands the peer requests it decrypts (history on demand); replaces the previous handler. */
    public void onPeerRequests(PeerRequests handler) {
        this.peerRequests = handler;
    }

    /**
     * Sends a protocol message from this phone to one of the account's own companions only ({@code category="peer"}),
     * as the primary does for history sync notifications; completes with the message id when the server acked it.
     */
    public CompletableFuture<String> sendToOwnDevice(int deviceId, Message message) {
        CompletableFuture<String> acked = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                Jid device = account.jid().withDevice(deviceId);
                String id = ids.next();
                EncryptedMessage encrypted = encrypt(device, message, false);
                keys.flush();
                awaitingAck.put(id, acked);
                messaging.router().onMessage(endpoint, Node.builder("message").attr("id", id)
                        .attr("to", account.jid()).attr("type", "text").attr("category", "peer")
                        .children(Node.builder("participants").children(Node.builder("to").attr("jid", device)
                                .children(enc(encrypted, 0)).build()).build()).build());
            } catch (RuntimeException e) {
                acked.completeExceptionally(e);
            }
        });
        return acked.orTimeout(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** This phone's 1:1 chat timers (what it honours when it sends). */
    public io.wabridge.simulator.disappearing.ChatTimers timers() {
        return timers;
    }

    /** Sends a text to a user; returns the message id once the server acked it. */
    public String sendText(Jid to, String text) {
        return send(to, new Text(text));
    }

    /**
     * Sends a message to a user (all of their devices, and copies to this account's companions) and waits for the
     * server's ack.
     *
     * @return the message id
     * @throws ContactSendException if the user is unknown, a key is refused, or the server answers with an error
     */
    public String send(Jid to, MessageContent content) {
        return await(sendAsync(to, content));
    }

    /** {@link #send} without waiting: completes with the message id when the server acks. */
    public CompletableFuture<String> sendAsync(Jid to, MessageContent content) {
        timers.seen(to.toNonAd(), content, clock.instant().getEpochSecond());
        Message message = timers.stamp(to.toNonAd(), content, MessageContentCodec.encode(content));
        String type = stanzaType(content);
        CompletableFuture<String> acked = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                send(addressed(to.toNonAd()), message, type, acked);
            } catch (RuntimeException e) {
                acked.completeExceptionally(e);
            }
        });
        return acked.orTimeout(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Sends a protocol message to some of this phone's own companions as a peer message (not wrapped as a
     * deviceSentMessage), e.g. the app-state key share. Completes with the id when the server acks.
     */
    public CompletableFuture<String> sendToOwnDevices(Message message, List<Integer> deviceIds) {
        CompletableFuture<String> acked = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                String id = ids.next();
                List<Node> participants = new ArrayList<>();
                for (int deviceId : deviceIds) {
                    Jid device = account.jid().withDevice(deviceId);
                    participants.add(Node.builder("to").attr("jid", device).children(enc(encrypt(device, message, false), 0)).build());
                }
                keys.flush();
                awaitingAck.put(id, acked);
                messaging.router().onMessage(endpoint, Node.builder("message").attr("id", id).attr("to", account.jid())
                        .attr("type", "text").attr("category", "peer")
                        .children(Node.builder("participants").children(participants).build()).build());
            } catch (RuntimeException e) {
                acked.completeExceptionally(e);
            }
        });
        return acked.orTimeout(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Sends a message to a group this phone is a member of: its sender key goes pairwise to the member devices
     * that lack it, the message once as an {@code skmsg}. Completes with the id when the server acked.
     */
    public CompletableFuture<String> sendToGroupAsync(SimGroup group, MessageContent content) {
        Message message = content instanceof io.wabridge.client.message.content.EphemeralSetting ? MessageContentCodec.encode(content)
                : io.wabridge.client.disappearing.Expiration.stamp(MessageContentCodec.encode(content), group.ephemeral(), 0);
        String type = stanzaType(content);
        CompletableFuture<String> acked = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                sendToGroup(group, message, type, acked);
            } catch (RuntimeException e) {
                acked.completeExceptionally(e);
            }
        });
        return acked.orTimeout(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** {@link #sendToGroupAsync}, waiting for the ack; returns the message id. */
    public String sendToGroup(SimGroup group, MessageContent content) {
        return await(sendToGroupAsync(group, content));
    }

    private void sendToGroup(SimGroup group, Message message, String type, CompletableFuture<String> acked) {
        Node stanza = groupStanza(group, message, type);
        awaitingAck.put(stanza.attr("id"), acked);
        messaging.router().onMessage(endpoint, stanza);
    }

    /**
     * A burst of group messages for measuring how fast a client receives: all encrypted first (the first one carries
     * the sender key to the devices lacking it), then routed at once. Completes with {@link System#nanoTime()}
     * just before the first is routed.
     */
    public CompletableFuture<Long> sendGroupBurst(SimGroup group, List<? extends MessageContent> contents) {
        return routeBurst(() -> {
            List<Node> stanzas = new ArrayList<>(contents.size());
            for (MessageContent content : contents) {
                stanzas.add(groupStanza(group, MessageContentCodec.encode(content), stanzaType(content)));
            }
            return stanzas;
        });
    }

    /**
     * Builds a burst's stanzas on the phone's executor, then routes them all at once; completes with
     * {@link System#nanoTime()} taken just before the first is routed.
     */
    private CompletableFuture<Long> routeBurst(java.util.function.Supplier<List<Node>> build) {
        CompletableFuture<Long> started = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                List<Node> stanzas = build.get();
                long start = System.nanoTime();
                for (Node stanza : stanzas) {
                    messaging.router().onMessage(endpoint, stanza);
                }
                started.complete(start);
            } catch (RuntimeException e) {
                started.completeExceptionally(e);
            }
        });
        return started;
    }

    /** One group message: our key pairwise to the member devices lacking it, then the skmsg; kept for retries. */
    private Node groupStanza(SimGroup group, Message message, String type) {
        if (!group.isMember(account)) {
            throw new ContactSendException(account.jid() + " is not a member of " + group.jid());
        }
        SenderKeyName own = ownSenderKey(group.jid());
        byte[] distribution = keys.groupCipher().createDistribution(own);
        int keyId = distributionKeyId(distribution);
        Map.Entry<Integer, java.util.Set<Jid>> holders = keyHolders.get(group.jid());
        if (holders == null || holders.getKey() != keyId) {
            holders = Map.entry(keyId, new java.util.HashSet<>());
            keyHolders.put(group.jid(), holders);
        }
        Message skdm = Message.newBuilder().setSenderKeyDistributionMessage(SenderKeyDistributionMessage.newBuilder()
                .setGroupId(group.jid().toString())
                .setAxolotlSenderKeyDistributionMessage(com.google.protobuf.ByteString.copyFrom(distribution))).build();
        String id = ids.next();
        List<Node> participants = new ArrayList<>();
        for (Jid device : group.memberDevices()) {
            if (device.equals(group.deviceAddress(account, 0)) || holders.getValue().contains(device)) {
                continue;
            }
            participants.add(Node.builder("to").attr("jid", device).children(enc(encrypt(device, skdm, false), 0)).build());
            holders.getValue().add(device);
        }
        byte[] skmsg;
        try {
            skmsg = keys.groupCipher().encrypt(own, MessagePlaintext.encode(message, RANDOM));
        } catch (SenderKeyException e) {
            throw new ContactSendException("group encryption failed: " + e.getMessage(), e);
        } finally {
            keys.flush();
        }
        NodeBuilder stanza = Node.builder("message").attr("id", id).attr("to", group.jid()).attr("type", type);
        if (group.lidAddressed()) {
            stanza.attr("addressing_mode", "lid");
        }
        if (!participants.isEmpty()) {
            stanza.child(Node.builder("participants").children(participants).build());
        }
        stanza.child(Node.builder("enc").attr("v", "2").attr("type", "skmsg").bytes(skmsg).build());
        sent.put(id, new SentMessages.Sent(group.jid(), type, message));
        return stanza.build();
    }

    /**
     * Posts a status ({@code status@broadcast}) to {@code audience}: this phone's sender key of the list goes pairwise
     * to every device of every audience account with each post (as Baileys does with {@code statusJidList}), the
     * content once as an {@code skmsg}. Completes with the status id when the server acked.
     */
    public CompletableFuture<String> postStatus(List<PhoneAccount> audience, Message message, String type) {
        CompletableFuture<String> acked = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                Node stanza = statusStanza(audience, message, type);
                awaitingAck.put(stanza.attr("id"), acked);
                messaging.router().onMessage(endpoint, stanza);
            } catch (RuntimeException e) {
                acked.completeExceptionally(e);
            }
        });
        return acked.orTimeout(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** {@link #postStatus(List, Message, String)} of typed content, waiting for the ack; returns the status id. */
    public String postStatus(List<PhoneAccount> audience, MessageContent content) {
        return await(postStatus(audience, MessageContentCodec.encode(content), stanzaType(content)));
    }

    private Node statusStanza(List<PhoneAccount> audience, Message message, String type) {
        SenderKeyName own = ownSenderKey(Jid.STATUS_BROADCAST);
        Message skdm = Message.newBuilder().setSenderKeyDistributionMessage(SenderKeyDistributionMessage.newBuilder()
                .setGroupId(Jid.STATUS_BROADCAST.toString())
                .setAxolotlSenderKeyDistributionMessage(com.google.protobuf.ByteString.copyFrom(
                        keys.groupCipher().createDistribution(own)))).build();
        String id = ids.next();
        List<Node> participants = new ArrayList<>();
        for (PhoneAccount viewer : audience) {
            for (int device : viewer.deviceIds()) {
                if (viewer == account && device == 0) {
                    continue;
                }
                Jid jid = viewer.deviceJid(device);
                participants.add(Node.builder("to").attr("jid", jid).children(enc(encrypt(jid, skdm, false), 0)).build());
            }
        }
        byte[] skmsg;
        try {
            skmsg = keys.groupCipher().encrypt(own, MessagePlaintext.encode(message, RANDOM));
        } catch (SenderKeyException e) {
            throw new ContactSendException("status encryption failed: " + e.getMessage(), e);
        } finally {
            keys.flush();
        }
        sent.put(id, new SentMessages.Sent(Jid.STATUS_BROADCAST, type, message));
        return Node.builder("message").attr("id", id).attr("to", Jid.STATUS_BROADCAST).attr("type", type)
                .child(Node.builder("participants").children(participants).build())
                .child(Node.builder("enc").attr("v", "2").attr("type", "skmsg").bytes(skmsg).build()).build();
    }

    /** Marks a status this phone received seen: {@code <receipt to="status@broadcast" participant=AUTHOR type=read>}. */
    public void markStatusSeen(ContactMessage status) {
        executor.execute(() -> messaging.router().onReceipt(endpoint, Node.builder("receipt").attr("id", status.id())
                .attr("to", Jid.STATUS_BROADCAST).attr("participant", status.from().toNonAd()).attr("type", "read")
                .attr("t", clock.instant().getEpochSecond()).build()));
    }

    /** This phone's own sender key in a group (named by its phone-number device, a local name). */
    private SenderKeyName ownSenderKey(Jid group) {
        return new SenderKeyName(group.toString(), SignalAddresses.of(account.deviceJid(0)));
    }

    private static int distributionKeyId(byte[] distribution) {
        try {
            return io.wabridge.proto.wa.signal.SenderKeyDistributionMessage.parseFrom(
                    java.util.Arrays.copyOfRange(distribution, 1, distribution.length)).getId();
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends a read receipt for a received message. */
    public void markRead(ContactMessage message) {
        executor.execute(() -> {
            NodeBuilder receipt = Node.builder("receipt").attr("id", message.id()).attr("to", message.from())
                    .attr("type", "read").attr("t", clock.instant().getEpochSecond());
            messaging.router().onReceipt(endpoint, receipt.build());
        });
    }

    /**
     * Shows or clears this phone's typing indicator in its chat with a user: {@code <chatstate to><composing/>
     * </chatstate>} ({@code media="audio"} when recording). Ephemeral: only the user's devices online now see it.
     */
    public void sendChatState(Jid to, ChatState state) {
        NodeBuilder child = Node.builder(state.tag());
        if (state.media() != null) {
            child.attr("media", state.media());
        }
        Node chatstate = Node.builder("chatstate").attr("from", account.jid()).attr("to", to.toNonAd())
                .child(child.build()).build();
        executor.execute(() -> messaging.presence().onChatState(endpoint, chatstate));
    }

    /** Sets this account's online status; the devices subscribed to it are told. */
    public void sendPresence(boolean available) {
        Node presence = Node.builder("presence").attr("type", available ? "available" : "unavailable")
                .attr("name", account.pushName() == null ? account.phoneNumber() : account.pushName()).build();
        executor.execute(() -> messaging.presence().onPresence(endpoint, presence));
    }

    /** Subscribes this phone to a user's presence ({@link #awaitPresence}); the current status comes at once. */
    public void subscribePresence(Jid user) {
        Node subscribe = Node.builder("presence").attr("type", "subscribe").attr("to", user.toNonAd()).build();
        executor.execute(() -> messaging.presence().onPresence(endpoint, subscribe));
    }

    /** The next message sent to a receiver gets a broken MAC, once (for a client's retry path). */
    public void corruptNext() {
        executor.execute(() -> corruptNext = true);
    }

    /** Sets the name this account's messages carry ({@code notify}). */
    public void pushName(String name) {
        account.pushName(name);
    }

    private void send(Jid chat, Message message, String type, CompletableFuture<String> acked) {
        PhoneAccount peer = messaging.accounts().find(chat).orElseThrow(
                () -> new ContactSendException("no WhatsApp account " + chat));
        String id = ids.next();
        List<Node> participants = new ArrayList<>();
        Message ownCopy = null;
        boolean corrupt = corruptNext;
        corruptNext = false;
        for (Jid device : recipients(peer, chat)) {
            boolean own = messaging.accounts().find(device).orElse(null) == account;
            Message payload = message;
            if (own) {
                if (ownCopy == null) {
                    ownCopy = MessageContentCodec.wrapForOwnDevices(message, chat.toString());
                }
                payload = ownCopy;
            }
            EncryptedMessage encrypted = encrypt(device, payload, false);
            if (corrupt && !own) {
                encrypted = Ciphertexts.withBadMac(encrypted);
            }
            participants.add(Node.builder("to").attr("jid", device).children(enc(encrypted, 0)).build());
        }
        keys.flush();
        if (participants.isEmpty()) {
            throw new ContactSendException(chat + " has no device to send to");
        }
        sent.put(id, new SentMessages.Sent(chat, type, message));
        awaitingAck.put(id, acked);
        messaging.router().onMessage(endpoint, fannedOut(id, chat, type, participants));
    }

    private static Node fannedOut(String id, Jid chat, String type, List<Node> participants) {
        return Node.builder("message").attr("id", id).attr("to", chat).attr("type", type)
                .children(Node.builder("participants").children(participants).build())
                .build();
    }

    /**
     * A burst of pre-encrypted messages, for measuring how fast a client receives: every message is encrypted for
     * each linked device of the user (not for the user's phone, nor copied to this phone's companions, so no
     * simulated phone decrypts while the burst is delivered), then all are routed at once.
     *
     * @return completes with {@link System#nanoTime()} taken after the last encryption, just before the first
     *     message is routed (on Linux the monotonic clock every process on the machine shares)
     * @throws ContactSendException (in the future) if the user is unknown or has no linked device
     */
    public CompletableFuture<Long> sendBurst(Jid to, List<? extends MessageContent> contents) {
        return routeBurst(() -> {
            Jid chat = to.toNonAd();
            PhoneAccount peer = messaging.accounts().find(chat).orElseThrow(
                    () -> new ContactSendException("no WhatsApp account " + chat));
            List<Jid> devices = new ArrayList<>();
            for (int device : peer.deviceIds()) {
                if (device != 0) {
                    devices.add(chat.withDevice(device));
                }
            }
            if (devices.isEmpty() || peer == account) {
                throw new ContactSendException(chat + " has no linked device to send a burst to");
            }
            List<Node> stanzas = new ArrayList<>(contents.size());
            for (MessageContent content : contents) {
                Message message = MessageContentCodec.encode(content);
                String id = ids.next();
                List<Node> participants = new ArrayList<>(devices.size());
                for (Jid device : devices) {
                    participants.add(Node.builder("to").attr("jid", device)
                            .children(enc(encrypt(device, message, false), 0)).build());
                }
                sent.put(id, new SentMessages.Sent(chat, stanzaType(content), message));
                stanzas.add(fannedOut(id, chat, stanzaType(content), participants));
            }
            keys.flush();
            return stanzas;
        });
    }

    /**
     * Whether this phone decrypts what it receives (the default). Off, it only acks each message to the server (no
     * delivery receipt, no inbox entry), so a client's sending can be measured without the phone's decryption.
     */
    public void decrypting(boolean on) {
        decrypting = on;
    }

    /** Every device of the recipient, and this account's companions; addressed as the chat is (number or LID). */
    private List<Jid> recipients(PhoneAccount peer, Jid chat) {
        List<Jid> devices = new ArrayList<>();
        for (int device : peer.deviceIds()) {
            if (!(peer == account && device == 0)) {
                devices.add(chat.withDevice(device));
            }
        }
        if (peer != account) {
            Jid own = chat.isLid() ? account.lidJid() : account.jid();
            for (int device : account.deviceIds()) {
                if (device != 0) {
                    devices.add(own.withDevice(device));
                }
            }
        }
        return devices;
    }

    /** Encrypts for one device, first fetching its bundle if there is no session (or {@code freshSession}). */
    private EncryptedMessage encrypt(Jid device, Message message, boolean freshSession) {
        Jid address = signalAddress(device);
        SignalCipher cipher = keys.cipher();
        try {
            if (freshSession || !cipher.hasSession(address)) {
                PhoneAccount owner = messaging.accounts().find(device).orElseThrow(
                        () -> new ContactSendException("no WhatsApp account for " + device));
                cipher.processBundle(address, ContactKeys.toDeviceBundle(messaging.takeBundle(owner, device.device())));
            }
            return cipher.encrypt(address, MessagePlaintext.encode(message, RANDOM));
        } catch (SignalCipherException e) {
            throw new ContactSendException("cannot encrypt for " + device + ": " + e.getMessage(), e);
        }
    }

    private static Node enc(EncryptedMessage encrypted, int retryCount) {
        NodeBuilder enc = Node.builder("enc").attr("v", "2").attr("type", encrypted.type().wireName());
        if (retryCount > 0) {
            enc.attr("count", retryCount);
        }
        return enc.bytes(encrypted.ciphertext()).build();
    }

    private static String stanzaType(MessageContent content) {
        return switch (content) {
            case Reaction r -> "reaction";
            case Poll p -> "poll";
            case io.wabridge.client.message.content.Media m -> "media";
            default -> "text";
        };
    }

    // ---- receiving ----

    /**
     * The key id of every sender-key distribution message this phone processed from {@code sender} (any of its
     * devices, named as the server names the participant) in {@code group}, in order: a sender that rotated its key
     * shows a new id, one that kept it (and distributed it again) the same id again.
     */
    public List<Integer> senderKeyDistributions(Jid group, Jid sender) {
        return List.copyOf(distributionsReceived.getOrDefault(distributionKey(group, sender), List.of()));
    }

    private static String distributionKey(Jid group, Jid sender) {
        return group.toNonAd() + " " + sender.toNonAd();
    }

    /** The next received message, waiting up to {@code wait}; null if none arrived. */
    public ContactMessage awaitMessage(Duration wait) throws InterruptedException {
        return inbox.next(wait);
    }

    /**
     * The received message in {@code chat} whose text is {@code text}, looked for among every message this phone kept
     * (none consumed, so a test may look in any order), waiting up to {@code wait}; null if none came.
     */
    public ContactMessage awaitText(Jid chat, String text, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        long seen = 0;
        while (true) {
            List<ContactMessage> more = inbox.after(seen, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (more.isEmpty()) {
                return null;
            }
            for (ContactMessage m : more) {
                if (m.chat().equals(chat) && text.equals(m.text())) {
                    return m;
                }
                seen = m.seq();
            }
        }
    }

    /** The received messages numbered above {@code seq} (0 for all kept), waiting up to {@code wait} for one. */
    public List<ContactMessage> messagesAfter(long seq, Duration wait) throws InterruptedException {
        return inbox.after(seq, wait);
    }

    /** The next receipt for a message this phone sent, waiting up to {@code wait}; null if none arrived. */
    public ContactReceipt awaitReceipt(Duration wait) throws InterruptedException {
        return receipts.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next chat state someone sent this phone, waiting up to {@code wait}; null if none arrived. */
    public ContactChatState awaitChatState(Duration wait) throws InterruptedException {
        return chatStates.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next presence update of a user this phone subscribed to, waiting up to {@code wait}; null if none. */
    public ContactPresence awaitPresence(Duration wait) throws InterruptedException {
        return presences.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Where the server delivers to this phone: everything is handled on the phone's executor. */
    private void receive(Node stanza) {
        executor.execute(() -> {
            try {
                switch (stanza.tag()) {
                    case "message" -> onMessage(stanza);
                    case "receipt" -> onReceipt(stanza);
                    case "ack" -> onAck(stanza);
                    case "chatstate" -> onChatState(stanza);
                    case "presence" -> onPresence(stanza);
                    case "notification" -> messaging.router().onAck(endpoint, Node.builder("ack")
                            .attr("class", "notification").attr("id", stanza.attr("id", ""))
                            .attr("to", stanza.attr("from", "")).attr("type", stanza.attr("type", "")).build());
                    default -> LOG.debug("{}: ignoring {}", account.jid(), stanza.tag());
                }
            } catch (RuntimeException e) {
                LOG.warn("{}: failed to handle {}", account.jid(), stanza, e);
            }
        });
    }

    private void onChatState(Node stanza) {
        Jid from = jidAttr(stanza, "from");
        Node child = stanza.children().isEmpty() ? null : stanza.children().getFirst();
        ChatState state = child == null ? null : ChatState.fromWire(child.tag(), child.attr("media"));
        if (from == null || state == null) {
            LOG.info("{}: unreadable chat state dropped: {}", account.jid(), stanza);
        } else if (!chatStates.offer(new ContactChatState(from, state))) {
            LOG.debug("{}: chat state log full; {} from {} not kept", account.jid(), state, from);
        }
    }

    private void onPresence(Node stanza) {
        Jid from = jidAttr(stanza, "from");
        if (from == null) {
            LOG.info("{}: presence without sender dropped: {}", account.jid(), stanza);
            return;
        }
        boolean available = !"unavailable".equals(stanza.attr("type"));
        String last = stanza.attr("last");
        Instant lastSeen = last == null || "deny".equals(last) ? null : Instant.ofEpochSecond(parseLong(last, 0));
        if (!presences.offer(new ContactPresence(from, available, lastSeen))) {
            LOG.debug("{}: presence log full; update of {} not kept", account.jid(), from);
        }
    }

    private void onMessage(Node stanza) {
        String id = stanza.attr("id");
        Jid from = jidAttr(stanza, "from");
        if (id == null || from == null) {
            LOG.warn("{}: message without id or sender dropped: {}", account.jid(), stanza);
            return;
        }
        try {
            if (!decrypting) {
                return;
            }
            if (from.isGroup() || from.isStatusBroadcast()) { // a status comes under its author's sender key too
                groupMessage(stanza, id, from);
                return;
            }
            Node enc = stanza.child("enc");
            if (enc == null || enc.bytes() == null) {
                LOG.info("{}: message {} from {} has no ciphertext", account.jid(), id, from);
                return;
            }
            decrypt(stanza, id, from, enc);
        } finally {
            NodeBuilder ack = Node.builder("ack").attr("class", "message").attr("id", id).attr("to", from);
            copyAttr(stanza, ack, "recipient");
            copyAttr(stanza, ack, "participant");
            messaging.router().onAck(endpoint, ack.build());
        }
    }

    private void decrypt(Node stanza, String id, Jid from, Node enc) {
        CiphertextType type;
        try {
            type = CiphertextType.fromWire(enc.attr("type", ""));
        } catch (IllegalArgumentException e) {
            LOG.info("{}: message {} from {}: {}", account.jid(), id, from, e.getMessage());
            return;
        }
        byte[] padded;
        try {
            padded = keys.cipher().decrypt(signalAddress(from), type, enc.bytes());
        } catch (DuplicateSignalMessageException e) {
            LOG.debug("{}: duplicate {} from {}", account.jid(), id, from);
            return;
        } catch (SignalCipherException | IllegalArgumentException e) {
            LOG.info("{}: message {} from {} does not decrypt ({}); asking again", account.jid(), id, from,
                    e.getMessage());
            sendRetryReceipt(stanza, id, from);
            return;
        } finally {
            keys.flush();
        }
        Message message;
        try {
            message = MessagePlaintext.decode(padded);
        } catch (PlaintextException e) {
            LOG.info("{}: message {} from {} is not a Message: {}", account.jid(), id, from, e.getMessage());
            return;
        }
        retryReceiptsSent.remove(id);
        LOG.debug("{}: {} {} from {}: {}", account.jid(), type.wireName(), id, from, message);
        boolean ownDevice = messaging.accounts().find(from).orElse(null) == account;
        ReceivedContent received = MessageContentCodec.decodeReceived(message);
        Jid chat = ownDevice ? ownChat(stanza, received, from) : from.toNonAd();
        long t = parseLong(stanza.attr("t"), clock.instant().getEpochSecond());
        timers.seen(chat, received.content(), t);
        inbox.add(new ContactMessage(inbox.nextSeq(), id, from, chat, Instant.ofEpochSecond(t),
                stanza.attr("type", "text"), stanza.attr("notify"), type.wireName(), received.content(), message,
                ownDevice));
        PeerRequests peer = peerRequests;
        if (ownDevice && peer != null && message.hasProtocolMessage() && message.getProtocolMessage().getType()
                == io.wabridge.proto.wa.ProtocolMessage.Type.PEER_DATA_OPERATION_REQUEST_MESSAGE) {
            try {
                peer.received(from, id, message);
            } catch (RuntimeException e) {
                LOG.warn("{}: peer request {} from {} failed", account.jid(), id, from, e);
            }
        }
        NodeBuilder receipt = Node.builder("receipt").attr("id", id).attr("to", from);
        if (ownDevice) {
            // A peer message (a companion asking its phone for keys or history) is confirmed as such.
            receipt.attr("type", "peer".equals(stanza.attr("category")) ? "peer_msg" : "sender");
            copyAttr(stanza, receipt, "recipient");
        }
        messaging.router().onReceipt(endpoint, receipt.build());
    }

    /**
     * A group message: its pairwise {@code <enc>} (a sender key, perhaps with content on a resend) then the
     * {@code skmsg}; what decrypts goes to the inbox with the group as chat. A failure asks for a retry.
     */
    private void groupMessage(Node stanza, String id, Jid group) {
        Jid participant = jidAttr(stanza, "participant");
        if (participant == null) {
            LOG.info("{}: group message {} without participant dropped", account.jid(), id);
            return;
        }
        Jid sender = signalAddress(participant);
        SenderKeyName senderKey = new SenderKeyName(group.toString(), SignalAddresses.of(sender));
        Message content = null;
        String cipherType = null;
        try {
            for (Node enc : stanza.children("enc")) {
                String type = enc.attr("type", "");
                if ("skmsg".equals(type)) {
                    content = MessagePlaintext.decode(keys.groupCipher().decrypt(senderKey, enc.bytes()));
                    cipherType = type;
                    continue;
                }
                Message pairwise = MessagePlaintext.decode(keys.cipher().decrypt(sender, CiphertextType.fromWire(type),
                        enc.bytes()));
                if (pairwise.hasSenderKeyDistributionMessage()) {
                    keys.groupCipher().processDistribution(senderKey, pairwise.getSenderKeyDistributionMessage()
                            .getAxolotlSenderKeyDistributionMessage().toByteArray());
                    distributionsReceived.computeIfAbsent(distributionKey(group, participant),
                            k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(keys.senderKeyId(senderKey));
                }
                Message rest = pairwise.toBuilder().clearSenderKeyDistributionMessage().clearMessageContextInfo().build();
                if (!rest.equals(Message.getDefaultInstance())) {
                    content = rest;
                    cipherType = type;
                }
            }
        } catch (DuplicateSignalMessageException e) {
            LOG.debug("{}: duplicate group message {} from {}", account.jid(), id, participant);
            return;
        } catch (SignalCipherException | PlaintextException | IllegalArgumentException e) {
            if (e instanceof SenderKeyException sk && !sk.shouldRetry()) {
                return; // behind the chain: already read
            }
            LOG.info("{}: group message {} from {} does not decrypt ({}); asking again", account.jid(), id,
                    participant, e.getMessage());
            sendRetryReceipt(stanza, id, group);
            return;
        } finally {
            keys.flush();
        }
        if (content == null) {
            return;
        }
        retryReceiptsSent.remove(id);
        long t = parseLong(stanza.attr("t"), clock.instant().getEpochSecond());
        inbox.add(new ContactMessage(inbox.nextSeq(), id, participant, group, Instant.ofEpochSecond(t),
                stanza.attr("type", "text"), stanza.attr("notify"), cipherType,
                MessageContentCodec.decodeReceived(content).content(), content, false));
        messaging.router().onReceipt(endpoint, Node.builder("receipt").attr("id", id).attr("to", group)
                .attr("participant", participant).build());
    }

    private static Jid ownChat(Node stanza, ReceivedContent received, Jid from) {
        Jid recipient = jidAttr(stanza, "recipient");
        if (recipient != null) {
            return recipient;
        }
        Jid destination = received.deviceSentDestination() == null ? null
                : Jid.tryParse(received.deviceSentDestination());
        return destination != null ? destination : from.toNonAd();
    }

    /**
     * {@code <receipt id to=SENDER type="retry"><retry count id t v="1"/><registration/>[<keys/>]</receipt>}: from
     * the second request on it carries this phone's keys, so the sender can start a new session at once.
     */
    private void sendRetryReceipt(Node stanza, String id, Jid from) {
        int count = retryReceiptsSent.merge(id, 1, Integer::sum);
        if (count > MAX_RETRIES) {
            LOG.warn("{}: message {} from {} still does not decrypt after {} retries; giving up", account.jid(), id,
                    from, MAX_RETRIES);
            return;
        }
        List<Node> children = new ArrayList<>(3);
        children.add(Node.builder("retry").attr("count", count).attr("id", id)
                .attr("t", stanza.attr("t", Long.toString(clock.instant().getEpochSecond()))).attr("v", "1").build());
        children.add(Node.builder("registration").bytes(BigEndian.bytes(keys.registrationId(), 4)).build());
        if (count > 1) {
            PublishedPreKey preKey = keys.privatePreKey();
            PublishedSignedPreKey signed = keys.publishedSignedPreKey();
            children.add(Node.builder("keys").children(
                    Node.builder("type").bytes(new byte[] {5}).build(),
                    Node.builder("identity").bytes(keys.identityKey()).build(),
                    Node.builder("key").children(
                            Node.builder("id").bytes(BigEndian.bytes(preKey.id(), 3)).build(),
                            Node.builder("value").bytes(preKey.publicKey()).build()).build(),
                    Node.builder("skey").children(
                            Node.builder("id").bytes(BigEndian.bytes(signed.id(), 3)).build(),
                            Node.builder("value").bytes(signed.publicKey()).build(),
                            Node.builder("signature").bytes(signed.signature()).build()).build()).build());
        }
        NodeBuilder receipt = Node.builder("receipt").attr("id", id).attr("to", from).attr("type", "retry");
        copyAttr(stanza, receipt, "recipient");
        copyAttr(stanza, receipt, "participant");
        messaging.router().onReceipt(endpoint, receipt.children(children).build());
    }

    private void onReceipt(Node stanza) {
        String id = stanza.attr("id");
        Jid from = jidAttr(stanza, "from");
        String type = stanza.attr("type");
        if (id != null && from != null) {
            if (!receipts.offer(new ContactReceipt(id, from, type))) {
                LOG.debug("{}: receipt log full; {} of {} not kept", account.jid(), type, id);
            }
            if ("retry".equals(type)) {
                Jid participant = from.isGroup() ? jidAttr(stanza, "participant") : null;
                if (participant != null) {
                    answerGroupRetry(stanza, id, from, participant);
                } else {
                    answerRetry(stanza, id, from);
                }
            }
        }
        NodeBuilder ack = Node.builder("ack").attr("class", "receipt").attr("id", id).attr("to", from);
        if (type != null) {
            ack.attr("type", type);
        }
        messaging.router().onAck(endpoint, ack.build());
    }

    /**
     * Encrypts a message again for the device that could not decrypt it and sends it to that device alone
     * ({@code <message to=DEVICE id type device_fanout="false"><enc count=N/></message>}). The session is rebuilt
     * from the keys the receipt carries, or from a fresh bundle from the second request on.
     */
    private void answerRetry(Node receipt, String id, Jid device) {
        SentMessages.Sent original = sent.get(id);
        if (original == null) {
            LOG.info("{}: retry receipt from {} for {}, which this phone did not send recently", account.jid(), device,
                    id);
            return;
        }
        if (sent.answeredRetry(id, device) > MAX_RETRIES) {
            LOG.warn("{}: not answering more than {} retries of {} for {}", account.jid(), MAX_RETRIES, id, device);
            return;
        }
        Node retry = receipt.child("retry");
        int count = retry == null ? 1 : (int) parseLong(retry.attr("count"), 1);
        boolean ownDevice = messaging.accounts().find(device).orElse(null) == account;
        Message payload = ownDevice ? MessageContentCodec.wrapForOwnDevices(original.message(), original.chat().toString())
                : original.message();
        EncryptedMessage encrypted;
        try {
            Node keyNode = receipt.child("keys");
            if (keyNode != null) {
                keys.cipher().processBundle(signalAddress(device), bundleFromRetry(receipt, keyNode, device));
                encrypted = encrypt(device, payload, false);
            } else {
                encrypted = encrypt(device, payload, count >= 2);
            }
        } catch (SignalCipherException | RuntimeException e) {
            LOG.warn("{}: cannot answer the retry of {} for {}: {}", account.jid(), id, device, e.getMessage());
            return;
        } finally {
            keys.flush();
        }
        NodeBuilder message = Node.builder("message").attr("id", id).attr("to", device).attr("type", original.type())
                .attr("device_fanout", "false");
        if (ownDevice) {
            message.attr("recipient", original.chat());
        }
        messaging.router().onMessage(endpoint, message.children(enc(encrypted, count)).build());
    }

    /** A member device could not read our group message: resent pairwise with our sender key inside. */
    private void answerGroupRetry(Node receipt, String id, Jid group, Jid device) {
        SentMessages.Sent original = sent.get(id);
        if (original == null || sent.answeredRetry(id, device) > MAX_RETRIES) {
            LOG.info("{}: not answering the group retry of {} for {}", account.jid(), id, device);
            return;
        }
        Map.Entry<Integer, java.util.Set<Jid>> holders = keyHolders.get(group);
        if (holders != null) {
            holders.getValue().remove(device);
        }
        Message payload = original.message().toBuilder().setSenderKeyDistributionMessage(SenderKeyDistributionMessage
                .newBuilder().setGroupId(group.toString()).setAxolotlSenderKeyDistributionMessage(
                        com.google.protobuf.ByteString.copyFrom(keys.groupCipher().createDistribution(
                                ownSenderKey(group))))).build();
        Node retry = receipt.child("retry");
        int count = retry == null ? 1 : (int) parseLong(retry.attr("count"), 1);
        EncryptedMessage encrypted;
        try {
            Node keyNode = receipt.child("keys");
            if (keyNode != null) {
                keys.cipher().processBundle(signalAddress(device), bundleFromRetry(receipt, keyNode, device));
            }
            encrypted = encrypt(device, payload, keyNode == null && count >= 2);
        } catch (SignalCipherException | RuntimeException e) {
            LOG.warn("{}: cannot answer the group retry of {} for {}: {}", account.jid(), id, device, e.getMessage());
            return;
        } finally {
            keys.flush();
        }
        messaging.router().onMessage(endpoint, Node.builder("message").attr("id", id).attr("to", group)
                .attr("participant", device).attr("type", original.type()).children(enc(encrypted, count)).build());
    }

    /** The retry receipt's keys as a bundle: registration id beside {@code <keys>}, the keys inside. */
    private static DeviceKeyBundle bundleFromRetry(Node receipt, Node keyNode, Jid device) {
        Node registration = receipt.child("registration");
        Node identity = keyNode.child("identity");
        Node signed = keyNode.child("skey");
        if (registration == null || identity == null || signed == null) {
            throw new ContactSendException("retry receipt keys incomplete");
        }
        Node oneTime = keyNode.child("key");
        return new DeviceKeyBundle((int) number(registration.bytes()), device.device(),
                oneTime == null ? DeviceKeyBundle.NO_PRE_KEY : (int) number(oneTime.child("id").bytes()),
                oneTime == null ? null : oneTime.child("value").bytes(),
                (int) number(signed.child("id").bytes()), signed.child("value").bytes(),
                signed.child("signature").bytes(), identity.bytes());
    }

    private void onAck(Node ack) {
        if (!"message".equals(ack.attr("class"))) {
            return;
        }
        CompletableFuture<String> waiting = awaitingAck.remove(ack.attr("id"));
        if (waiting == null) {
            return; // the ack of a retry answer
        }
        String error = ack.attr("error");
        if (error != null) {
            waiting.completeExceptionally(new ContactSendException("server refused message " + ack.attr("id")
                    + " with error " + error));
        } else {
            waiting.complete(ack.attr("id"));
        }
    }

    /** Publishes another batch of one-time prekeys if the server is running out (on this phone's executor). */
    public void refillPreKeysIfLow() {
        executor.execute(keys::refillIfLow);
    }

    // ---- helpers ----

    /** A LID-only account writes to its contacts' LIDs, whichever form it was told to write to. */
    private Jid addressed(Jid user) {
        if (account.lidOnly() && user.isPn()) {
            return messaging.accounts().find(user).map(PhoneAccount::lidJid).orElse(user);
        }
        return user;
    }

    /**
     * The Signal address of a device: always by phone number, whichever way a stanza named it, so a peer that
     * switches between its number and its LID keeps one session.
     */
    private Jid signalAddress(Jid device) {
        if (device.isLid()) {
            Optional<PhoneAccount> owner = messaging.accounts().find(device);
            if (owner.isPresent()) {
                return owner.get().deviceJid(device.device());
            }
        }
        return device;
    }

    private static String await(CompletableFuture<String> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof TimeoutException) {
                throw new ContactSendException("the server did not ack within " + SEND_TIMEOUT, cause);
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new ContactSendException("send failed", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContactSendException("interrupted while sending", e);
        }
    }

    private static Jid jidAttr(Node node, String key) {
        try {
            return node.jidAttr(key);
        } catch (InvalidJidException e) {
            return null;
        }
    }

    private static void copyAttr(Node from, NodeBuilder to, String key) {
        String value = from.attr(key);
        if (value != null) {
            to.attr(key, value);
        }
    }

    private static long parseLong(String text, long fallback) {
        if (text == null) {
            return fallback;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static long number(byte[] bigEndian) {
        if (bigEndian == null) {
            throw new ContactSendException("missing key field");
        }
        return BigEndian.unsigned(bigEndian);
    }


    @Override
    public String toString() {
        return "SimulatedContact[" + account.jid() + "]";
    }
}

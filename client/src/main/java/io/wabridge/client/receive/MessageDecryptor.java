package io.wabridge.client.receive;

import io.wabridge.client.binary.Node;
import io.wabridge.client.events.ClientEvent;
import io.wabridge.client.events.ClientEvent.DecryptFailure;
import io.wabridge.client.jid.Jid;
import io.wabridge.client.message.InvalidPaddingException;
import io.wabridge.client.message.MalformedMessageException;
import io.wabridge.client.message.MessagePlaintext;
import io.wabridge.client.message.content.MessageContentCodec;
import io.wabridge.client.message.content.ReceivedContent;
import io.wabridge.client.receipt.ReceiptStanzas;
import io.wabridge.client.signal.CiphertextType;
import io.wabridge.client.signal.DuplicateSignalMessageException;
import io.wabridge.client.signal.MissingSessionException;
import io.wabridge.client.signal.NotADeviceJidException;
import io.wabridge.client.signal.SignalCipher;
import io.wabridge.client.signal.SenderKeyException;
import io.wabridge.client.signal.SignalAddresses;
import io.wabridge.client.signal.SignalCipherException;
import io.wabridge.client.signal.group.GroupCipher;
import io.wabridge.client.signal.store.ReadAhead;
import io.wabridge.client.store.SenderKeyName;
import io.wabridge.client.stanza.Acks;
import io.wabridge.proto.wa.Message;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one received {@code <message>} stanza into events and the stanzas that answer it: decrypts each
 * {@code <enc>} (pkmsg/msg) with the sender device's session, unpads, parses the Message and unwraps a copy from
 * our own device. In a group the pairwise {@code <enc>} usually carries only the sender's
 * {@code senderKeyDistributionMessage} (stored, no event) and the {@code skmsg} {@code <enc>} that follows it the
 * content, decrypted with that sender key; a sender-key failure asks for a retry like a Signal one (the sender
 * answers pairwise with the distribution message inside). Every stanza is answered, so the server never delivers it again forever: a delivery receipt
 * (and ack) when something decrypted, a retry receipt (and ack) for a Signal failure while retries are left, an
 * ack with WhatsApp's error code for what will never decrypt (whatsmeow's nack codes). Runs on the account's
 * serial executor; the Signal writes it causes stay pending until the pipeline flushes.
 */
public final class MessageDecryptor {
    private static final Logger LOG = LoggerFactory.getLogger(MessageDecryptor.class);

    /** whatsmeow's nack codes. */
    static final int NACK_PARSING_ERROR = 487;
    static final int NACK_UNRECOGNIZED_STANZA = 488;
    static final int NACK_INVALID_PROTOBUF = 491;

    /** Who we are when a stanza arrives. */
    public record Self(Jid me, Jid lid, int registrationId) {}

    /** What one stanza produced: messages to hand off, failures to report, stanzas to send once flushed. */
    public record Outcome(List<ClientEvent.MessageReceived> messages, List<ClientEvent.DecryptFailed> failures,
                          List<Node> replies) {}

    private final SignalCipher cipher;
    private final GroupCipher groupCipher;
    private final DecryptRetries retries;
    private final RetryKeys retryKeys;
    private final int maxRetries;
    private final boolean ackAfterReceipt;
    private final Clock clock;
    private java.util.function.Consumer<Node> beforeDecrypt = stanza -> { };

    /**
     * Sets the one listener shown every parsable {@code <message>} before its decryption (the LID mappings learn
     * its alternate-identity attributes there, so the decryption already uses the right session).
     */
    public void beforeDecrypt(java.util.function.Consumer<Node> listener) {
        this.beforeDecrypt = java.util.Objects.requireNonNull(listener, "listener");
    }

    public MessageDecryptor(SignalCipher cipher, GroupCipher groupCipher, DecryptRetries retries, RetryKeys retryKeys,
                            int maxRetries, boolean ackAfterReceipt, Clock clock) {
        this.cipher = cipher;
        this.groupCipher = groupCipher;
        this.retries = retries;
        this.retryKeys = retryKeys;
        this.maxRetries = maxRetries;
        this.ackAfterReceipt = ackAfterReceipt;
        this.clock = clock;
    }

    public Outcome process(Node stanza, Self self) {
        List<ClientEvent.MessageReceived> messages = new ArrayList<>(1);
        List<ClientEvent.DecryptFailed> failures = new ArrayList<>(0);
        List<Node> replies = new ArrayList<>(2);
        InboundEnvelope envelope;
        try {
            envelope = InboundEnvelope.parse(stanza, self.me(), self.lid(), clock.instant());
        } catch (MalformedStanzaException e) {
            failures.add(new ClientEvent.DecryptFailed(stanza.attr("id", ""), Jid.tryParse(stanza.attr("from")),
                    DecryptFailure.MALFORMED_STANZA, e.getMessage(), false));
            if (stanza.hasAttr("id")) {
                replies.add(nack(stanza, NACK_PARSING_ERROR));
            }
            return new Outcome(messages, failures, replies);
        }
        try {
            beforeDecrypt.accept(stanza);
        } catch (io.wabridge.client.store.StoreFencedException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("message {}: its addressing attributes could not be learned", envelope.id(), e);
        }
        List<Node> encs = stanza.children("enc");
        if (encs.isEmpty()) {
            Node unavailable = stanza.child("unavailable");
            String why = unavailable != null ? "message unavailable (" + unavailable.attr("type", "unknown") + ")"
                    : "message without <enc>";
            failures.add(failed(envelope, DecryptFailure.MALFORMED_STANZA, why, false));
            replies.add(Acks.ackFor(stanza));
            return new Outcome(messages, failures, replies);
        }
        Node retryReceipt = null;
        int nackCode = 0;
        boolean handled = false;
        boolean group = senderKeyChat(envelope.chat());
        boolean distributionOnly = false;
        for (Node enc : encs) {
            String type = enc.attr("type", "");
            boolean senderKey = "skmsg".equals(type) && group;
            if (!"2".equals(enc.attr("v", "2")) || !("pkmsg".equals(type) || "msg".equals(type) || senderKey)) {
                failures.add(failed(envelope, DecryptFailure.UNSUPPORTED_ENCRYPTION,
                        "unsupported <enc type=" + type + " v=" + enc.attr("v", "") + ">", false));
                nackCode = NACK_UNRECOGNIZED_STANZA;
                continue;
            }
            byte[] ciphertext = enc.bytes();
            if (ciphertext == null || ciphertext.length == 0) {
                failures.add(failed(envelope, DecryptFailure.MALFORMED_STANZA, "<enc> without ciphertext", false));
                nackCode = NACK_PARSING_ERROR;
                continue;
            }
            byte[] padded;
            try {
                padded = senderKey
                        ? groupCipher.decrypt(senderKeyName(envelope), ciphertext)
                        : cipher.decrypt(envelope.sender(), CiphertextType.fromWire(type), ciphertext);
            } catch (NotADeviceJidException e) {
                failures.add(failed(envelope, DecryptFailure.UNKNOWN_DEVICE, e.getMessage(), false));
                nackCode = NACK_UNRECOGNIZED_STANZA;
                continue;
            } catch (DuplicateSignalMessageException e) {
                // Already decrypted (and handed off) before a restart or reconnect: answer it, report nothing.
                LOG.debug("duplicate message {} from {}", envelope.id(), envelope.sender());
                handled = true;
                continue;
            } catch (SignalCipherException e) {
                if (!e.shouldRetry()) {
                    // A group message behind the sender's chain: already decrypted before a restart or reconnect.
                    LOG.debug("duplicate group message {} from {}: {}", envelope.id(), envelope.sender(), e.getMessage());
                    handled = true;
                    continue;
                }
                int count = retries.next(envelope.id(), parseInt(enc.attr("count")));
                if (count > maxRetries) {
                    failures.add(failed(envelope, DecryptFailure.RETRIES_EXHAUSTED,
                            e.getMessage() + "; gave up after " + maxRetries + " retry receipts", false));
                    continue;
                }
                failures.add(failed(envelope, DecryptFailure.SIGNAL, e.getMessage() + " (" + e.retryReason() + ")", true));
                // From the second attempt on (or when we have no session at all) our keys go along, so the
                // sender can start a fresh session without fetching a bundle.
                boolean withKeys = count > 1 || e instanceof MissingSessionException
                        || e instanceof SenderKeyException sk && sk.failure() == SenderKeyException.Failure.NO_SENDER_KEY;
                retryReceipt = ReceiptStanzas.retry(stanza, count, e.retryReason(), self.registrationId(),
                        withKeys ? retryKeys.next() : null);
                continue;
            }
            Message message;
            try {
                message = MessagePlaintext.decode(padded);
            } catch (InvalidPaddingException e) {
                failures.add(failed(envelope, DecryptFailure.INVALID_PADDING, e.getMessage(), false));
                nackCode = NACK_INVALID_PROTOBUF;
                continue;
            } catch (MalformedMessageException e) {
                failures.add(failed(envelope, DecryptFailure.MALFORMED_MESSAGE, e.getMessage(), false));
                nackCode = NACK_INVALID_PROTOBUF;
                continue;
            }
            if (message.hasSenderKeyDistributionMessage() && !senderKey) {
                String problem = processDistribution(envelope, message);
                if (problem != null) {
                    failures.add(failed(envelope, DecryptFailure.SIGNAL, problem, false));
                }
                if (isDistributionOnly(message)) {
                    distributionOnly = true;
                    continue; // the content follows in the skmsg <enc>
                }
            }
            retries.succeeded(envelope.id());
            handled = true;
            if (messages.isEmpty()) {
                messages.add(received(envelope, message));
            } else {
                // One stanza is one message: a resend after a retry receipt may carry the content both pairwise (with
                // the sender key) and in the skmsg (Baileys does); the skmsg is still decrypted, to keep the chain in
                // step, but reported once.
                LOG.debug("message {} from {}: a second copy in the same stanza ({}) not reported again", envelope.id(),
                        envelope.sender(), type);
            }
        }
        if (distributionOnly && messages.isEmpty() && retryReceipt == null) {
            handled = true; // a distribution message alone (a key for later messages) is delivered too
        }
        if (!messages.isEmpty() || handled) {
            replies.add(ReceiptStanzas.delivery(stanza, envelope.fromMe()));
            if (ackAfterReceipt) {
                replies.add(Acks.ackFor(stanza));
            }
        } else if (retryReceipt != null) {
            replies.add(retryReceipt);
            replies.add(Acks.ackFor(stanza));
        } else {
            replies.add(nackCode == 0 ? Acks.ackFor(stanza) : nack(stanza, nackCode));
        }
        return new Outcome(messages, failures, replies);
    }

    /**
     * A stanza that will wait before {@link #process} (a batch is out): the signature of its group {@code skmsg} is
     * checked meanwhile off the executor ({@link GroupCipher#verifyAhead}), when the sender key is known. Anything
     * else, or what does not parse, is left to {@link #process}.
     */
    public void verifyAhead(Node stanza, Self self) {
        Node skmsg = null;
        for (Node enc : stanza.children("enc")) {
            if ("skmsg".equals(enc.attr("type", ""))) {
                skmsg = enc;
            }
        }
        if (skmsg == null) {
            return;
        }
        InboundEnvelope envelope;
        try {
            envelope = InboundEnvelope.parse(stanza, self.me(), self.lid(), clock.instant());
        } catch (MalformedStanzaException e) {
            return;
        }
        byte[] ciphertext = skmsg.bytes();
        if (ciphertext != null && senderKeyChat(envelope.chat())) {
            groupCipher.verifyAhead(senderKeyName(envelope), ciphertext);
        }
    }

    /**
     * Adds to {@code keys} the store records that {@link #process} will read for {@code stanza}: the sending
     * device's session (under each form of its address) and, for a pkmsg, its peer identity and the one-time prekey
     * it names; for a group skmsg the sender key. What cannot be parsed adds nothing ({@link #process} reports it).
     */
    public void readAheadKeys(Node stanza, Self self, ReadAhead.Keys keys) {
        InboundEnvelope envelope;
        try {
            envelope = InboundEnvelope.parse(stanza, self.me(), self.lid(), clock.instant());
        } catch (MalformedStanzaException e) {
            return;
        }
        for (Node enc : stanza.children("enc")) {
            String type = enc.attr("type", "");
            try {
                if ("skmsg".equals(type) && senderKeyChat(envelope.chat())) {
                    keys.senderKeys().add(senderKeyName(envelope));
                } else if ("msg".equals(type) || "pkmsg".equals(type)) {
                    List<io.wabridge.client.store.SignalAddress> addresses = new ArrayList<>(4);
                    Jid device = envelope.sender();
                    cipher.sessionAddressesOf(device, addresses);
                    for (Jid other : new Jid[] {envelope.senderLid(), envelope.senderPn()}) {
                        if (other != null && !other.sameUser(device)) { // the twin the stanza's attributes will teach
                            cipher.sessionAddressesOf(other.withDevice(device.device()), addresses);
                        }
                    }
                    keys.sessions().addAll(addresses);
                    if (senderKeyChat(envelope.chat())) { // a distribution message inside updates the sender key
                        keys.senderKeys().add(senderKeyName(envelope));
                    }
                    if ("pkmsg".equals(type)) {
                        keys.identities().addAll(addresses);
                        Integer preKeyId = enc.bytes() == null ? null
                                : io.wabridge.client.signal.ratchet.RatchetCipher.preKeyIdOf(enc.bytes());
                        if (preKeyId != null) {
                            keys.preKeys().add(preKeyId);
                        }
                    }
                }
            } catch (RuntimeException e) {
                LOG.debug("message {}: nothing read ahead for an <enc type={}>: {}", envelope.id(), type, e.toString());
            }
        }
    }

    /**
     * While a batch decrypts: a distribution message in a 1:1 message whose sender key record {@code inMemory} does
     * not hold waits (see {@link GroupCipher#deferDistributions}) instead of reading it on this thread.
     */
    public void deferDistributions(java.util.function.Predicate<SenderKeyName> inMemory) {
        groupCipher.deferDistributions(inMemory);
    }

    /** Ends {@link #deferDistributions}: the sender keys the deferred distributions need, to read ahead. */
    public java.util.Set<SenderKeyName> stopDeferring() {
        return groupCipher.stopDeferring();
    }

    /** Stores the deferred distributions in order (their records read ahead). */
    public void applyDeferred() {
        groupCipher.applyDeferred();
    }

    /** Forgets the deferred distributions (their batch is not acknowledged). */
    public void dropDeferred() {
        groupCipher.dropDeferred();
    }

    /**
     * Stores the sender key a pairwise message carries, for the group it names (the stanza's group when it came in
     * one). Returns why it could not be used, or null.
     */
    private String processDistribution(InboundEnvelope envelope, Message message) {
        io.wabridge.proto.wa.SenderKeyDistributionMessage skdm = message.getSenderKeyDistributionMessage();
        Jid group = senderKeyChat(envelope.chat()) ? envelope.chat() : Jid.tryParse(skdm.getGroupId());
        if (group == null || !senderKeyChat(group)) {
            return "sender key distribution message for no known group (" + skdm.getGroupId() + ")";
        }
        if (senderKeyChat(envelope.chat()) && !skdm.getGroupId().isEmpty() && !group.toString().equals(skdm.getGroupId())) {
            LOG.debug("distribution message in {} names group {}; stored for {}", group, skdm.getGroupId(), group);
        }
        try {
            groupCipher.processDistribution(new SenderKeyName(group.toString(), SignalAddresses.of(envelope.sender())),
                    skdm.getAxolotlSenderKeyDistributionMessage().toByteArray());
            return null;
        } catch (SenderKeyException | NotADeviceJidException e) {
            return "sender key distribution message unusable: " + e.getMessage();
        }
    }

    /** Chats whose messages come under the sender's sender key: groups and broadcast lists ({@code status@broadcast}). */
    static boolean senderKeyChat(Jid chat) {
        return chat.isGroup() || chat.isBroadcast();
    }

    /** Whether a pairwise message only hands over a sender key (nothing to show the user). */
    static boolean isDistributionOnly(Message message) {
        return message.toBuilder().clearSenderKeyDistributionMessage().clearMessageContextInfo().build()
                .equals(Message.getDefaultInstance());
    }

    /** The sender key of the stanza's sender in its group, named as the distribution message stored it. */
    private static SenderKeyName senderKeyName(InboundEnvelope envelope) {
        return new SenderKeyName(envelope.chat().toString(), SignalAddresses.of(envelope.sender()));
    }

    private static ClientEvent.MessageReceived received(InboundEnvelope envelope, Message message) {
        ReceivedContent content = MessageContentCodec.decodeReceived(message);
        Message inner = message;
        Jid chat = envelope.chat();
        if (content.sentByOwnDevice()) {
            inner = message.getDeviceSentMessage().getMessage();
            Jid destination = Jid.tryParse(content.deviceSentDestination());
            if (envelope.fromMe() && destination != null && !destination.isServerJid()) {
                chat = destination.toNonAd();
            }
        }
        return new ClientEvent.MessageReceived(envelope.id(), chat, envelope.sender(), envelope.senderPn(),
                envelope.senderLid(), envelope.pushName(), envelope.timestamp(), content.content(), inner,
                envelope.fromMe());
    }

    private static ClientEvent.DecryptFailed failed(InboundEnvelope envelope, DecryptFailure cause, String reason,
                                                    boolean willRetry) {
        return new ClientEvent.DecryptFailed(envelope.id(), envelope.sender(), cause, reason, willRetry, envelope.chat());
    }

    static Node nack(Node stanza, int code) {
        return Acks.ackFor(stanza).toBuilder().attr("error", code).build();
    }

    private static int parseInt(String value) {
        if (value == null) {
            return 0;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
